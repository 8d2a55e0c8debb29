import Foundation
import Testing
@testable import BriefgenCore
import CommonMark

// Property tests of annotation over random Markdown and random phrase sets (issue 4, item 4).
//
// Every case is generated from its own seed by `MarkdownGenerator` (Support/MarkdownGenerator.swift)
// and annotated in safe and in unsafe mode. Properties checked for each:
// - no crash;
// - the output is well formed: cmark's elements and the annotation wrappers balance, and no
//   wrapper sits inside a link, code or an author's raw `<a>` (see `HTMLWellFormedness`);
// - removing the annotation wrappers leaves exactly cmark's rendering of the same Markdown with the
//   same options (SPEC §3), explicit `entity:`/`glossary:` links counting as wrappers;
// - determinism: annotating the same input twice gives the same HTML and diagnostics;
// - every diagnostic has a line within the body and a column within that line (from 1), and for
//   half of the cases (those without line ends cmark's positions lose track of) the column points
//   at the unknown link's `[` or the ambiguous mention itself;
// - every recorded mention lies within its paragraph's text, and a page never auto-links itself.
//
// `swift test` runs `defaultCases` cases from a fixed seed. A long campaign:
//
//     BRIEFGEN_FUZZ_CASES=100000 swift test -c release -Xswiftc -enable-testing --filter AnnotationFuzz
//     BRIEFGEN_FUZZ_CASES=100000 BRIEFGEN_FUZZ_SEED=12345 swift test -c release -Xswiftc -enable-testing --filter AnnotationFuzz
//
// (`-Xswiftc -enable-testing`: the tests use `@testable import`, which a release build refuses
// otherwise.) 100,000 cases take about 1–3 minutes in release. The test prints a summary line
// ("AnnotationFuzz: N cases × 2 modes from seed S in T s; …") and stops after five failures.
//
// Case number i uses seed SEED+i, so a failing case is rerun alone with BRIEFGEN_FUZZ_CASES=1 and
// BRIEFGEN_FUZZ_SEED set to the case seed that the failure prints. A failure also prints a shrunk
// input (fewer phrases, shorter Markdown) that still fails.

private let defaultCases = 800
private let defaultSeed: UInt64 = 0x4252_4945_4647_454E  // "BRIEFGEN"

@Suite struct AnnotationFuzzTests {
    @Test func randomMarkdownKeepsEveryAnnotationProperty() {
        let environment = ProcessInfo.processInfo.environment
        let cases = environment["BRIEFGEN_FUZZ_CASES"].flatMap { Int($0) } ?? defaultCases
        let seed = environment["BRIEFGEN_FUZZ_SEED"].flatMap { UInt64($0) } ?? defaultSeed
        let clock = ContinuousClock()
        let started = clock.now
        var statistics = FuzzStatistics()
        var failures = 0
        for number in 0..<cases {
            let caseSeed = seed &+ UInt64(number)
            var generator = MarkdownGenerator(seed: caseSeed)
            let fuzzCase = generator.generateCase()
            let problems = checkAnnotationProperties(fuzzCase, statistics: &statistics)
            guard !problems.isEmpty else { continue }
            failures += 1
            let shrunk = shrink(fuzzCase)
            Issue.record("""
                fuzz case \(number) failed (BRIEFGEN_FUZZ_SEED=\(caseSeed) BRIEFGEN_FUZZ_CASES=1 reruns it alone; \
                campaign seed \(seed)):
                \(problems.joined(separator: "\n"))
                case: \(fuzzCase)
                shrunk: \(shrunk)
                shrunk problems: \(checkAnnotationProperties(shrunk).joined(separator: "\n"))
                """)
            if failures >= 5 { break }
        }
        let seconds = (clock.now - started) / .seconds(1)
        print("AnnotationFuzz: \(cases) cases × 2 modes from seed \(seed) in \(String(format: "%.2f", seconds)) s; \(statistics)")
        if cases >= 200 && failures == 0 {
            // The generator must keep exercising what it is meant to, or the properties hold vacuously.
            #expect(statistics.casesWithWrappers > cases / 4, "too few cases with annotations: \(statistics)")
            #expect(statistics.ambiguityWarnings > 0 && statistics.unknownLinkErrors > 0, "\(statistics)")
            #expect(statistics.explicitLinks > 0 && statistics.casesWithRawAnchors > 0, "\(statistics)")
        }
    }

    @Test func generatorIsReproducible() {
        var first = MarkdownGenerator(seed: 42), second = MarkdownGenerator(seed: 42)
        for _ in 0..<20 {
            let a = first.generateCase(), b = second.generateCase()
            #expect(a.markdown == b.markdown)
            #expect(a.entries.map(\.description) == b.entries.map(\.description))
        }
        var rng = FuzzRandom(seed: 0)
        // Reference values of FuzzRandom from seed 0.
        #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
        #expect(rng.next() == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test func wellFormednessCheckerCatchesMisplacedWrappers() {
        let wrapper = AnnotationHTML.entity("foo", "foo")
        #expect(HTMLWellFormedness.problems(in: "<p>\(wrapper) <em>x</em></p>\n", authorRawHTML: false).isEmpty)
        #expect(!HTMLWellFormedness.problems(in: "<p><em>x</p></em>\n", authorRawHTML: false).isEmpty)
        #expect(!HTMLWellFormedness.problems(in: "<p><a href=\"x\">\(wrapper)</a></p>\n", authorRawHTML: false).isEmpty)
        #expect(!HTMLWellFormedness.problems(in: "<p><code>\(wrapper)</code></p>\n", authorRawHTML: false).isEmpty)
        #expect(!HTMLWellFormedness.problems(in: "<p><span data-raw>x</span ></p>\n", authorRawHTML: false).isEmpty)
        #expect(!HTMLWellFormedness.problems(in: "<p>a < b</p>\n", authorRawHTML: false).isEmpty)
        #expect(!HTMLWellFormedness.problems(in: "<p><a class=\"entity\" data-entity=\"x\" href=\"y\">x</a></p>", authorRawHTML: false).isEmpty)
        // Author HTML (marked by the generator) is ignored in unsafe mode, but not a wrapper inside an author's <a>.
        #expect(HTMLWellFormedness.problems(in: "<p><span data-raw><em>x</em></p>\n", authorRawHTML: true).isEmpty)
        #expect(!HTMLWellFormedness.problems(in: "<p><a data-raw href=\"x\">\(wrapper)</a ></p>\n", authorRawHTML: true).isEmpty)
        #expect(HTMLWellFormedness.problems(in: "<p><a data-raw href=\"x\">y</p>\n<p>\(wrapper)</p>\n", authorRawHTML: true).isEmpty)
        #expect(HTMLWellFormedness.problems(in: "<blockquote>\n<!--\n</blockquote>\n", authorRawHTML: true).isEmpty)
    }

    @Test func anchorRemovalKeepsAuthorAndNestedLinks() {
        let wrapper = AnnotationHTML.entity("foo", "foo")
        let html = "<p><A HREF='x'>a</A> <!-- <a class=\"entity\"> --> \(wrapper) <a\nhref=\"q\">b</a ></p>"
        #expect(removingAnnotationWrappers(html) == "<p><A HREF='x'>a</A> <!-- <a class=\"entity\"> --> foo <a\nhref=\"q\">b</a ></p>")
        let markdown = "*[x **y**](entity:foo \"t\")* [n](entity:nosuch) [o](entity:none) [<a data-raw>](glossary:bar)\n"
        #expect(cmarkRenderingWithoutExplicitLinks(markdown, options: MarkdownOptions(unsafeHTML: true), entities: ["foo"], terms: ["bar"])
                == "<p><em>x <strong>y</strong></em> <a href=\"entity:nosuch\">n</a> o <a data-raw></p>\n")
    }
}

// MARK: - Properties

struct FuzzStatistics: CustomStringConvertible {
    var casesWithWrappers = 0
    var wrappers = 0
    var explicitLinks = 0
    var ambiguityWarnings = 0
    var unknownLinkErrors = 0
    var casesWithRawAnchors = 0
    var markdownBytes = 0

    var description: String {
        "\(wrappers) wrappers in \(casesWithWrappers) cases, "
            + "\(explicitLinks) explicit links resolved, \(ambiguityWarnings) ambiguity warnings, \(unknownLinkErrors) unknown-link errors, "
            + "\(casesWithRawAnchors) cases with raw <a>, \(markdownBytes) bytes of Markdown"
    }
}

/// Every property violated by one case, in both modes; empty when all hold.
func checkAnnotationProperties(_ fuzzCase: GeneratedCase) -> [String] {
    var statistics = FuzzStatistics()
    return checkAnnotationProperties(fuzzCase, statistics: &statistics)
}

func checkAnnotationProperties(_ fuzzCase: GeneratedCase, statistics: inout FuzzStatistics) -> [String] {
    var problems: [String] = []
    let site = fuzzCase.site
    let markdown = fuzzCase.markdown
    statistics.markdownBytes += markdown.utf8.count
    let explicitlyLinked = markdown.contains("](entity:") || markdown.contains("](glossary:")
    if markdown.contains("<a data-raw") || markdown.contains("<A data-raw") { statistics.casesWithRawAnchors += 1 }
    var sawWrapper = false
    for unsafeHTML in [false, true] {
        let mode = unsafeHTML ? "unsafe" : "safe"
        let body = site.annotate(markdown, ownTarget: fuzzCase.ownTarget, unsafeHTML: unsafeHTML)
        let again = site.annotate(markdown, ownTarget: fuzzCase.ownTarget, unsafeHTML: unsafeHTML)
        if body.html != again.html || body.diagnostics != again.diagnostics {
            problems.append("[\(mode)] not deterministic:\n\(body.html)\n---\n\(again.html)\n\(body.diagnostics)\n\(again.diagnostics)")
        }

        let options = MarkdownOptions(smartPunctuation: true, unsafeHTML: unsafeHTML)
        let cmarkHTML = Document(markdown: markdown, options: options).renderHTML()
        let expected = cmarkRenderingWithoutExplicitLinks(markdown, options: options, entities: fuzzCase.knownEntitySlugs,
                                                          terms: fuzzCase.knownTermSlugs)
        // Without raw HTML the wrappers come off with the stack-based helper. An author's raw
        // HTML may hold unbalanced `<a>`/`</a>` (inside an explicit link's text, say), and then
        // no tag-level stack can tell which `</a>` is a wrapper's, so unsafe mode checks that
        // the output is cmark's with wrapper tags inserted, which is the same property.
        let stripped = removingAnnotationWrappers(body.html)
        if !unsafeHTML && stripped != expected {
            problems.append("[\(mode)] removing the wrappers does not give cmark's rendering\n"
                            + "cmark:      \(expected.debugDescription)\nwithout wrappers: \(stripped.debugDescription)\n"
                            + "annotated:  \(body.html.debugDescription)")
        }
        if unsafeHTML, let problem = wrapperInsertionProblem(annotated: body.html, cmark: expected) {
            problems.append("[\(mode)] removing the wrappers does not give cmark's rendering: \(problem)\n"
                            + "cmark:      \(expected.debugDescription)\nannotated:  \(body.html.debugDescription)")
        }

        for problem in HTMLWellFormedness.problems(in: body.html, authorRawHTML: unsafeHTML,
                                                   checkAuthorAnchorNesting: !explicitlyLinked) {
            problems.append("[\(mode)] not well formed: \(problem)\nannotated: \(body.html.debugDescription)")
        }

        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
        let firstLine = SiteBuilder.bodyFirstLine
        for diagnostic in body.diagnostics {
            guard let line = diagnostic.line, let column = diagnostic.column else {
                problems.append("[\(mode)] diagnostic without a line or column: \(diagnostic)")
                continue
            }
            let bodyLine = line - firstLine
            guard lines.indices.contains(bodyLine) else {
                problems.append("[\(mode)] diagnostic line \(line) outside the body (lines \(firstLine)…\(firstLine + lines.count - 1)): \(diagnostic)")
                continue
            }
            if column < 1 || column > lines[bodyLine].count + 1 {
                problems.append("[\(mode)] diagnostic column \(column) outside line \(line) (\(lines[bodyLine].count) characters): \(diagnostic)")
            }
            if fuzzCase.precisePositions, let problem = pointingProblem(diagnostic, line: Array(lines[bodyLine]), column: column) {
                problems.append("[\(mode)] \(problem): \(diagnostic)")
            }
            if diagnostic.message.hasPrefix("ambiguous mention") { statistics.ambiguityWarnings += 1 }
            if diagnostic.message.hasPrefix("unknown") { statistics.unknownLinkErrors += 1 }
        }

        for mention in body.annotation.mentions where mention.utf8Range.lowerBound < 0
            || mention.utf8Range.upperBound > mention.paragraph.utf8.count {
            problems.append("[\(mode)] mention \(mention.utf8Range) outside its paragraph \(mention.paragraph.debugDescription)")
        }

        if let own = fuzzCase.ownTarget, !explicitlyLinked {
            let attribute: String
            switch own {
            case .entity(let slug): attribute = "data-entity=\"\(slug)\""
            case .term(let slug): attribute = "data-term=\"\(slug)\""
            }
            if body.html.contains(attribute) { problems.append("[\(mode)] the page of \(own) links to itself") }
        }

        if !unsafeHTML {
            let count = occurrences(of: "<a class=\"", in: body.html)
            statistics.wrappers += count
            sawWrapper = count > 0
            let explicitLinks = { (html: String) in
                occurrences(of: "<a href=\"entity:", in: html) + occurrences(of: "<a href=\"glossary:", in: html)
            }
            statistics.explicitLinks += explicitLinks(cmarkHTML) - explicitLinks(expected)
        }
    }
    if sawWrapper { statistics.casesWithWrappers += 1 }
    return problems
}

private func occurrences(of needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
}

/// Whether a diagnostic's column points where it should: an unknown link's at its `[`, an
/// ambiguous mention's at its first letter (or the escape or character reference spelling it).
/// Checked on cases generated with `precisePositions` only: without `CMARK_OPT_SOURCEPOS` cmark
/// does not count the line ends inside code spans, raw HTML and link destinations or titles, and
/// an indented lazy continuation line keeps its indentation; none of that is recoverable from
/// the tree, so those cases are checked for a line within the body and a column within the line.
private func pointingProblem(_ diagnostic: Diagnostic, line: [Character], column: Int) -> String? {
    guard column >= 1, column <= line.count else { return nil }
    let found = line[column - 1]
    // A character's first scalar: a zero-width joiner or combining mark may cling to a "[".
    let scalar = found.unicodeScalars.first.map(Character.init) ?? found
    if diagnostic.message.hasPrefix("unknown"), diagnostic.message.contains("in link") {
        return scalar == "[" ? nil : "diagnostic column points at \(String(found).debugDescription), not at the link's ["
    }
    if diagnostic.message.hasPrefix("ambiguous mention '"),
        let first = diagnostic.message.dropFirst("ambiguous mention '".count).first, first.isLetter || first.isNumber {
        if found.lowercased() == first.lowercased() || scalar == "&" || scalar == "\\" { return nil }
        return "diagnostic column points at \(String(found).debugDescription), not at the mention"
    }
    return nil
}

/// cmark's rendering of `markdown` with its explicit `[text](entity:SLUG)` / `[text](glossary:SLUG)`
/// links to known slugs, and `entity:none`, replaced by their content in the tree: what briefgen's
/// output is once its wrappers (which replace those links) are removed. Done on the tree because
/// in the HTML an author's raw `<a>` or `</a>` in the link text makes it unclear which `</a>` is the link's.
func cmarkRenderingWithoutExplicitLinks(_ markdown: String, options: MarkdownOptions, entities: Set<String>,
                                        terms: Set<String>) -> String {
    let document = Document(markdown: markdown, options: options)
    func visit(_ node: Node) {
        for child in node.children {
            visit(child)
            guard child.type == .link, let url = child.url, let colon = url.firstIndex(of: ":") else { continue }
            let slug = String(url[url.index(after: colon)...])
            switch url[..<colon] {
            case "entity" where entities.contains(slug) || slug == "none", "glossary" where terms.contains(slug):
                child.unwrapChildren()
            default:
                break
            }
        }
    }
    visit(document.node)
    return document.renderHTML()
}

/// Nil when `annotated` is `cmark` with annotation wrappers inserted: wrapper start tags, and as
/// many `</a>`, each after a start tag it can close. Matched greedily token by token, which finds
/// such an insertion whenever there is one, since all `</a>` are alike.
func wrapperInsertionProblem(annotated: String, cmark: String) -> String? {
    let actual = Array(annotated.utf8), expected = Array(cmark.utf8)
    let endTag = Array("</a>".utf8)
    let entityStart = Array("<a class=\"entity\"".utf8), termStart = Array("<a class=\"term\"".utf8)
    func hasPrefix(_ bytes: [UInt8], _ prefix: ArraySlice<UInt8>, at index: Int) -> Bool {
        bytes.count - index >= prefix.count && bytes[index..<(index + prefix.count)].elementsEqual(prefix)
    }
    func wrapperTag(at index: Int) -> Int? {
        guard actual[index] == UInt8(ascii: "<"),
            hasPrefix(actual, entityStart[...], at: index) || hasPrefix(actual, termStart[...], at: index) else { return nil }
        return HTMLScan.tag(actual, at: index)?.end
    }
    var i = 0, j = 0, open = 0
    while i < actual.count {
        if let end = wrapperTag(at: i), !hasPrefix(expected, actual[i..<end], at: j) {
            open += 1
            i = end
        } else if open > 0, actual[i] == UInt8(ascii: "<"), hasPrefix(actual, endTag[...], at: i),
            !hasPrefix(expected, endTag[...], at: j) {
            open -= 1
            i += endTag.count
        } else if j < expected.count, actual[i] == expected[j] {
            i += 1
            j += 1
        } else {
            let context = { (bytes: [UInt8], index: Int) in
                String(decoding: bytes[max(0, index - 40)..<min(bytes.count, index + 40)], as: UTF8.self).debugDescription
            }
            return "differs at byte \(i) of the output (…\(context(actual, i))…), byte \(j) of cmark's (…\(context(expected, j))…)"
        }
    }
    if j < expected.count { return "cmark's rendering goes on after the output ends, at byte \(j)" }
    if open > 0 { return "\(open) annotation wrappers not closed" }
    return nil
}

// MARK: - Shrinking

/// A smaller case that still fails: entries and phrases dropped, then Markdown cut down in
/// ever smaller chunks (lines first, then characters), as long as some property still fails.
func shrink(_ fuzzCase: GeneratedCase, budget: Int = 3000) -> GeneratedCase {
    var current = fuzzCase
    var evaluations = 0
    // Keep the same kind of failure ("[unsafe] not well formed: unclosed", say), not just any.
    func kind(_ problem: String) -> Substring { problem.prefix(problem.contains("points at") ? 48 : 36) }
    guard let wanted = checkAnnotationProperties(fuzzCase).first.map(kind) else { return fuzzCase }
    func fails(_ candidate: GeneratedCase) -> Bool {
        evaluations += 1
        return checkAnnotationProperties(candidate).contains { kind($0) == wanted }
    }
    var progress = true
    while progress && evaluations < budget {
        progress = false
        if current.ownTarget != nil {
            var candidate = current
            candidate.ownTarget = nil
            if fails(candidate) { current = candidate; progress = true }
        }
        for index in current.entries.indices.reversed() where evaluations < budget {
            for phrase in current.entries[index].phrases.indices.reversed() where current.entries[index].phrases.count > 1 {
                var candidate = current
                candidate.entries[index].phrases.remove(at: phrase)
                if fails(candidate) { current = candidate; progress = true }
            }
            guard current.entries.count > 1 else { break }
            var candidate = current
            candidate.entries.remove(at: index)
            if fails(candidate) { current = candidate; progress = true }
        }
        var characters = Array(current.markdown)
        var chunk = max(1, characters.count / 2)
        while chunk >= 1 && evaluations < budget {
            var start = 0
            var removedAny = false
            while start < characters.count && evaluations < budget {
                var candidate = current
                var shorter = characters
                shorter.removeSubrange(start..<min(characters.count, start + chunk))
                candidate.markdown = String(shorter)
                if fails(candidate) {
                    current = candidate
                    characters = shorter
                    removedAny = true
                    progress = true
                } else {
                    start += chunk
                }
            }
            if !removedAny { chunk /= 2 }
        }
    }
    return current
}

// MARK: - Well-formedness

/// Checks rendered body HTML for balance: every element cmark writes (and every annotation wrapper)
/// is closed in order, void elements aside; annotation wrappers have the Linker's exact shape and
/// never sit inside a link, code, a heading's link or an author's raw `<a>` (within one block).
///
/// In safe mode (`authorRawHTML` false) there must be no other markup at all but cmark's
/// `<!-- raw HTML omitted -->`. In unsafe mode, raw HTML the author wrote is skipped: elements cmark
/// never writes, start tags with a `data-raw` attribute and end tags written `</name >` (the fuzz
/// generator marks its raw HTML so), comments, declarations, CDATA and processing instructions.
enum HTMLWellFormedness {
    static let cmarkElements: Set<String> = [
        "p", "blockquote", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "code", "em", "strong",
        "a", "img", "br", "hr",
    ]
    static let voidElements: Set<String> = ["br", "hr", "img"]
    static let blockElements: Set<String> = ["p", "blockquote", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "hr"]

    static func problems(in html: String, authorRawHTML: Bool, checkAuthorAnchorNesting: Bool = true) -> [String] {
        let bytes = Array(html.utf8)
        var problems: [String] = []
        var stack: [(name: String, isWrapper: Bool)] = []
        // Author `<a>` elements open in the current block (the Linker tracks them per paragraph),
        // by the depth of cmark's stack they were opened at.
        var authorAnchors: [Int] = []
        func context(_ index: Int) -> String {
            let from = max(0, index - 60), to = min(bytes.count, index + 60)
            return "at byte \(index): …\(String(decoding: bytes[from..<to], as: UTF8.self).debugDescription)…"
        }
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<") else {
                index += 1
                continue
            }
            if let end = HTMLScan.endOfOpaqueMarkup(bytes, at: index) {
                let text = String(decoding: bytes[index..<end], as: UTF8.self)
                if !authorRawHTML && text != "<!-- raw HTML omitted -->" {
                    problems.append("markup other than cmark's in safe mode \(context(index))")
                }
                // An author's comment may be left open in an HTML block, which then ends with
                // its container: look into it, for cmark's end tags.
                index = authorRawHTML ? index + 2 : end
                continue
            }
            guard let tag = HTMLScan.tag(bytes, at: index) else {
                if !authorRawHTML { problems.append("a bare < in safe mode \(context(index))") }
                index += 1
                continue
            }
            let text = String(decoding: bytes[index..<tag.end], as: UTF8.self)
            defer { index = tag.end }
            let isAuthors = !cmarkElements.contains(tag.name) || (tag.isEnd ? tag.hasSpaceBeforeClose : isMarkedRaw(text))
            if isAuthors {
                if !authorRawHTML {
                    problems.append("raw HTML \(text.debugDescription) in safe mode \(context(index))")
                } else if tag.name == "a" {
                    if tag.isEnd {
                        _ = authorAnchors.popLast()
                    } else {
                        authorAnchors.append(stack.count)
                    }
                }
                continue
            }
            if tag.isEnd {
                guard let open = stack.popLast() else {
                    problems.append("</\(tag.name)> closes nothing \(context(index))")
                    continue
                }
                if open.name != tag.name {
                    problems.append("</\(tag.name)> closes <\(open.name)> \(context(index))")
                }
                // An author's <a> opened inside a link is closed with it (as a browser does), and
                // the Linker, like this check, takes an author's <a> to end with its block.
                authorAnchors.removeAll { $0 > stack.count }
                if blockElements.contains(tag.name) { authorAnchors.removeAll() }
                continue
            }
            if blockElements.contains(tag.name) { authorAnchors.removeAll() }
            let isWrapper = text.hasPrefix("<a class=\"entity\"") || text.hasPrefix("<a class=\"term\"")
            if isWrapper {
                if let problem = wrapperShapeProblem(text) { problems.append("\(problem) \(context(index))") }
                if let outer = stack.last(where: { ["a", "code", "pre"].contains($0.name) }) {
                    problems.append("annotation inside <\(outer.name)> \(context(index))")
                }
                if checkAuthorAnchorNesting && !authorAnchors.isEmpty {
                    problems.append("annotation inside an author's raw <a> \(context(index))")
                }
            }
            if voidElements.contains(tag.name) {
                if !tag.isSelfClosing { problems.append("void <\(tag.name)> not written as cmark writes it \(context(index))") }
                continue
            }
            stack.append((tag.name, isWrapper))
        }
        if !stack.isEmpty {
            problems.append("unclosed at the end: \(stack.map { "<\($0.name)>" }.joined(separator: " "))")
        }
        return problems
    }

    /// Whether a start tag has a `data-raw` attribute (not merely the words in an attribute's value).
    private static func isMarkedRaw(_ tag: String) -> Bool {
        guard tag.contains("data-raw") else { return false }
        // The tag without its quoted attribute values, scalar by scalar: a combining mark after a
        // quote would make one Character of the two.
        var scalars = String.UnicodeScalarView()
        var quote: Unicode.Scalar?
        for scalar in tag.unicodeScalars {
            if let open = quote {
                if scalar == open { quote = nil }
            } else if scalar == "\"" || scalar == "'" {
                quote = scalar
            } else {
                scalars.append(scalar)
            }
        }
        let outside = String(scalars)
        for ending in [" ", "\n", "\t", ">", "/", "="] where outside.contains("data-raw" + ending) {
            if outside.contains(" data-raw" + ending) || outside.contains("\ndata-raw" + ending) || outside.contains("\tdata-raw" + ending) {
                return true
            }
        }
        return false
    }

    /// Nil when `tag` is exactly a wrapper start tag the Linker writes for the root `../../`.
    private static func wrapperShapeProblem(_ tag: String) -> String? {
        func field(_ name: String, in text: Substring) -> Substring? {
            guard let range = text.range(of: " \(name)=\"") else { return nil }
            return text[range.upperBound...].prefix { $0 != "\"" }
        }
        let text = tag[...]
        if tag.hasPrefix("<a class=\"entity\""), let slug = field("data-entity", in: text),
            tag == "<a class=\"entity\" data-entity=\"\(slug)\" href=\"../../entities/\(slug)/\">" {
            return nil
        }
        if tag.hasPrefix("<a class=\"term\""), let slug = field("data-term", in: text), let title = field("title", in: text),
            tag == "<a class=\"term\" data-term=\"\(slug)\" href=\"../../glossary/#\(slug)\" title=\"\(title)\">",
            !title.contains("<"), !title.contains(">") {
            return nil
        }
        return "annotation start tag of the wrong shape: \(tag.debugDescription)"
    }
}

