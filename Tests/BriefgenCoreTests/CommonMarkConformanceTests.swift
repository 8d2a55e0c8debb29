import Foundation
import Testing
@testable import BriefgenCore
import CommonMark

// CommonMark conformance with annotation on (issue 4, item 3; SPEC §3, last paragraph).
//
// Every example of the CommonMark 0.30 spec (Tests/Fixtures/commonmark/spec-0.30.json: 652
// examples, from the spec.json that the mistletoe 1.6.0 source distribution fetches) is annotated
// as a page body, with entities and terms named after the spec's own frequent words and
// `link_mentions: all`, in safe and in unsafe mode. Removing the annotation wrappers must leave
// exactly what cmark renders for that example with the same options. In unsafe mode without smart
// punctuation (the spec's own settings) the annotated output with the wrappers removed must be the
// spec's expected HTML itself: libcmark 0.30 passes all 652 examples.

private struct SpecExample: Decodable, Sendable {
    let markdown: String
    let html: String
    let example: Int
    let section: String
}

private let specExamples: [SpecExample] = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/commonmark/spec-0.30.json")
    do {
        return try JSONDecoder().decode([SpecExample].self, from: Data(contentsOf: url))
    } catch {
        Issue.record("cannot read \(url.path): \(error)")
        return []
    }
}()

/// The phrase sets the examples are annotated with.
enum ConformancePhrases {
    /// On the spec's most frequent words ("foo" 467 times, "bar" 271, "baz" 94, "Foo" 60, …):
    /// lowercase names that match in any case, a name with a capital, aliases, a term, and one
    /// phrase claimed twice ("url" / "URL") so ambiguity warnings are exercised too.
    static let frequentWords = SiteBuilder()
        .entity("foo", "foo", aliases: ["Foo", "aaa"])
        .entity("foo-bar", "Foo Bar", aliases: ["foo-bar"])
        .entity("bar", "bar", aliases: ["BAR", "bbb"])
        .term("baz", "baz", aliases: ["Baz", "bim"], definition: "A \"metasyntactic\" <variable> & 'more'")
        .entity("url", "url", kind: .other)
        .term("uri", "uri", aliases: ["URL"], definition: "Uniform resource identifier")
        .linkMentions(.all)

    /// Short and punctuation phrases that match nearly everywhere: single letters, `&`, `*`, `<`,
    /// a dash and an apostrophe, digits, words found in link text, code and HTML.
    static let everywhere = SiteBuilder()
        .entity("a", "a", aliases: ["b", "c"])
        .entity("amp", "&", aliases: ["*", "<", ">"])
        .term("quote", "'", aliases: ["\"", "–", "…"], definition: "Punctuation")
        .entity("one", "1", aliases: ["2", "123"])
        .entity("link", "link", aliases: ["title", "Foo*bar", "ö", "foo bar", "hi"])
        .term("train", "train", aliases: ["The", "Hello world"], definition: "x > y")
        .linkMentions(.all)
}

@Suite struct CommonMarkConformanceTests {
    @Test func fixtureHoldsAllExamplesOfTheSpec() {
        #expect(specExamples.count == 652)
        #expect(specExamples.map(\.example) == Array(1...652))
    }

    /// 652 examples × 2 modes (safe, unsafe) with the frequent-words phrase set.
    @Test(arguments: [false, true])
    func removingWrappersGivesCmarksOwnRendering(unsafeHTML: Bool) {
        let annotated = checkAllExamples(ConformancePhrases.frequentWords, unsafeHTML: unsafeHTML)
        // The check is not vacuous: most examples that use the words get annotated.
        #expect(annotated > 200, "only \(annotated) examples got an annotation")
    }

    /// The same 652 × 2 with phrases that match almost every text node.
    @Test(arguments: [false, true])
    func removingWrappersGivesCmarksOwnRenderingWithPhrasesEverywhere(unsafeHTML: Bool) {
        let annotated = checkAllExamples(ConformancePhrases.everywhere, unsafeHTML: unsafeHTML)
        #expect(annotated > 100, "only \(annotated) examples got an annotation")
    }

    /// Article pages number their paragraphs; removing the ids and wrappers gives cmark's rendering too.
    @Test func articleBodiesGiveCmarksOwnRendering() {
        let site = ConformancePhrases.frequentWords
        var failures: [String] = []
        for example in specExamples {
            let body = site.annotate(example.markdown, path: "Content/articles/spec.md", numberParagraphs: true)
            let expected = Document(markdown: example.markdown, options: MarkdownOptions()).renderHTML()
            let stripped = removingParagraphIDs(removingAnnotationWrappers(body.html))
            if stripped != expected {
                failures.append(describe(example, mode: "safe, article", expected: expected, stripped: stripped, annotated: body.html))
            }
        }
        report(failures)
    }

    /// The wrapper itself reproduces libcmark: the spec's own settings (no smart punctuation,
    /// raw HTML kept) give the spec's expected HTML, with and without annotation.
    @Test func unsafeRenderingIsTheSpecsExpectedHTML() {
        let options = MarkdownOptions(smartPunctuation: false, unsafeHTML: true)
        let renderer = BodyRenderer(index: ConformancePhrases.frequentWords.index, options: options, quotes: nil)
        var failures: [String] = []
        for example in specExamples {
            let plain = Document(markdown: example.markdown, options: options).renderHTML()
            if plain != example.html {
                failures.append(describe(example, mode: "unsafe, no smart punctuation, not annotated",
                                         expected: example.html, stripped: plain, annotated: plain))
                continue
            }
            let source = MarkdownSource(path: "Content/briefings/spec.md", markdown: example.markdown, firstLine: SiteBuilder.bodyFirstLine)
            let body = renderer.render(source, root: "../../", ownTarget: nil, numberParagraphs: false)
            let stripped = removingAnnotationWrappers(body.html)
            if stripped != example.html {
                failures.append(describe(example, mode: "unsafe, no smart punctuation", expected: example.html,
                                         stripped: stripped, annotated: body.html))
            }
        }
        report(failures)
    }
}

/// Annotates every example in one mode and records a failure per example whose wrappers do not
/// come off to leave cmark's rendering, or whose safe-mode output does not balance. Returns how many
/// examples got at least one annotation.
private func checkAllExamples(_ site: SiteBuilder, unsafeHTML: Bool) -> Int {
    let options = MarkdownOptions(smartPunctuation: true, unsafeHTML: unsafeHTML)
    let mode = unsafeHTML ? "unsafe" : "safe"
    var failures: [String] = []
    var annotated = 0
    for example in specExamples {
        let body = site.annotate(example.markdown, unsafeHTML: unsafeHTML)
        let expected = Document(markdown: example.markdown, options: options).renderHTML()
        let stripped = removingAnnotationWrappers(body.html)
        if body.html.contains("<a class=\"entity\"") || body.html.contains("<a class=\"term\"") { annotated += 1 }
        if stripped != expected {
            failures.append(describe(example, mode: mode, expected: expected, stripped: stripped, annotated: body.html))
        }
        // In safe mode all markup is cmark's or briefgen's, so it must balance; the spec's raw HTML
        // examples need not, so unsafe mode only forbids annotations inside links and code.
        let problems = HTMLWellFormedness.problems(in: body.html, authorRawHTML: unsafeHTML, checkAuthorAnchorNesting: false)
            .filter { !unsafeHTML || $0.hasPrefix("annotation") }
        if !problems.isEmpty {
            failures.append("example \(example.example) (\(example.section)), \(mode) mode: not well formed:\n"
                            + problems.joined(separator: "\n") + "\nannotated: \(body.html.debugDescription)")
        }
        for diagnostic in body.diagnostics {
            let lines = example.markdown.split(separator: "\n", omittingEmptySubsequences: false).count
            if let line = diagnostic.line, line < SiteBuilder.bodyFirstLine || line >= SiteBuilder.bodyFirstLine + lines
                || (diagnostic.column ?? 0) < 1 {
                failures.append("example \(example.example), \(mode) mode: diagnostic out of the body: \(diagnostic)")
            }
        }
    }
    report(failures)
    return annotated
}

private func describe(_ example: SpecExample, mode: String, expected: String, stripped: String, annotated: String) -> String {
    """
    example \(example.example) (\(example.section)), \(mode) mode: removing the annotation wrappers does not give cmark's rendering
      markdown:         \(example.markdown.debugDescription)
      cmark:            \(expected.debugDescription)
      wrappers removed: \(stripped.debugDescription)
      annotated:        \(annotated.debugDescription)
    """
}

/// One issue per failing example, for the first 20; then a count.
private func report(_ failures: [String]) {
    for failure in failures.prefix(20) { Issue.record(Comment(rawValue: failure)) }
    if failures.count > 20 { Issue.record("\(failures.count) failures in all (first 20 shown)") }
}
