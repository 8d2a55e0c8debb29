import Foundation
@testable import BriefgenCore

/// A small, fast, seedable pseudo-random generator (FuzzRandom), so that every fuzz case can be
/// reproduced from its seed alone, on any platform and Swift version.
struct FuzzRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<bound` (bound > 0). Slightly biased for huge bounds; irrelevant here.
    mutating func below(_ bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }

    /// True with probability `numerator / denominator`.
    mutating func chance(_ numerator: Int, in denominator: Int) -> Bool {
        below(denominator) < numerator
    }

    mutating func pick<T>(_ values: [T]) -> T {
        values[below(values.count)]
    }
}

/// One entity or glossary term of a generated site, with every phrase it claims.
struct GeneratedEntry: CustomStringConvertible {
    enum Kind: String { case entity, term }
    var kind: Kind
    var slug: String
    var phrases: [String]
    var definition: String = ""

    var target: AnnotationTarget { kind == .entity ? .entity(slug) : .term(slug) }

    var description: String {
        "\(kind.rawValue) \(slug): \(phrases.map { "\"\($0)\"" }.joined(separator: ", "))"
            + (kind == .term ? " (definition \"\(definition)\")" : "")
    }
}

/// One generated fuzz case: a Markdown body and the phrase set of the site it is annotated in.
struct GeneratedCase: CustomStringConvertible {
    var markdown: String
    var entries: [GeneratedEntry]
    var linkMentions: LinkMentions
    var ownTarget: AnnotationTarget?
    /// No line ends inside code spans, raw inline HTML or link destinations and titles, no lists or
    /// block quotes and no tabs: cmark's inline positions can be made exact (see SourceLocator).
    var precisePositions = false

    var site: SiteBuilder {
        var builder = SiteBuilder().linkMentions(linkMentions)
        for entry in entries {
            switch entry.kind {
            case .entity:
                builder = builder.entity(entry.slug, entry.phrases.first ?? "", aliases: Array(entry.phrases.dropFirst()))
            case .term:
                builder = builder.term(entry.slug, entry.phrases.first ?? "", aliases: Array(entry.phrases.dropFirst()),
                                       definition: entry.definition)
            }
        }
        return builder
    }

    /// Slugs that explicit links in generated Markdown may name, known or not.
    var knownEntitySlugs: Set<String> { Set(entries.filter { $0.kind == .entity }.map(\.slug)) }
    var knownTermSlugs: Set<String> { Set(entries.filter { $0.kind == .term }.map(\.slug)) }

    var description: String {
        "link_mentions: \(linkMentions.rawValue), own target: \(ownTarget.map { "\($0)" } ?? "none"), "
            + "precise positions: \(precisePositions)\n"
            + entries.map { "  \($0)" }.joined(separator: "\n")
            + "\nMarkdown (Swift literal): \(markdown.debugDescription)"
    }
}

/// Generates random Markdown that exercises everything annotation has to live with: nested
/// emphasis, every kind of link, images, code, raw HTML, character references, escapes, smart
/// punctuation, block structure, line breaks, Hangul with particles, combining marks and emoji,
/// together with random phrase sets drawn from the same words.
///
/// Raw HTML the generator writes is marked so an HTML checker can tell it from cmark's own tags:
/// start tags carry a `data-raw` attribute, end tags are written `</name >` (a space before `>`,
/// which cmark accepts and never writes itself), and only `script` is used for the HTML blocks
/// whose end condition needs an exact closing tag.
struct MarkdownGenerator {
    var random: FuzzRandom

    init(seed: UInt64) {
        random = FuzzRandom(seed: seed)
    }

    /// The words both the text and the phrases are made of.
    static let words: [String] = [
        "Korea", "North", "South", "Korean", "Japan", "Japan's", "Japan’s", "Kim", "Moon", "Mike", "Pompeo",
        "O'Brien", "O’Brien", "Robert", "forced-labor", "forced–labor", "rulings", "Forced-labor", "foo", "Foo",
        "FOO", "bar", "Bar", "baz", "ROK", "BROKEN", "DPRK", "U.S.", "US", "AT&T", "denuclearization", "CVID",
        "Kang", "Kyung-wha", "Kyung—wha", "the", "and", "of", "said", "talks", "summit", "a", "I",
        "café", "cafe\u{301}", "naïve", "nai\u{308}ve", "Zoë", "Zoe\u{308}", "İstanbul", "straße", "ΣΊΣΥΦΟΣ",
        "강경화", "강경화는", "강경화의", "북한", "북한이", "한국", "문재인", "文在寅", "東京", "ひらがな", "カタカナ",
        "🇰🇷", "👍🏽", "🙂", "👩‍👩‍👧", "e\u{301}", "x\u{20DD}", "٣", "٣٣", "2019", "7", "x",
    ]

    /// Markdown snippets that are not words but must pass through annotation untouched.
    static let oddities: [String] = [
        "&amp;", "&#39;", "&copy;", "&#x2019;", "&ouml;", "&nosuch;", "&#0;", "&#x110000;", "&amp;T", "AT&amp;T",
        "\\*", "\\[", "\\]", "\\\\", "\\&", "\\<", "\\'", "\\\"", "\\-", "\\`", "\\_", "\\#",
        "\"", "'", "--", "---", "...", ". . .", "don't", "'90s", "rock 'n' roll", "–", "—", "’",
        "<", ">", "&", "|", "*", "_", "**", "[", "]", "(", ")", "!", "#", "`", "~", "\u{A0}", "\t",
    ]

    static let urls: [String] = [
        "https://example.com/a", "/url", "foo", "entity", "#frag", "https://example.com/?a=1&b=2", "<with space>",
        "javascript:alert(1)", "data:text/html,x", "mailto:foo@example.com", "\"quoted\"", "%E2%80%99", "a(b)c",
    ]

    static let rawInline: [String] = [
        "<span data-raw>", "</span >", "<a data-raw href=\"https://example.com\">", "</a >", "<b data-raw class=\"x\">",
        "</b >", "<!-- comment Korea -->", "<br data-raw>", "<kbd data-raw/>", "<?php echo 1 ?>", "<![CDATA[ foo ]]>",
        "<!DOCTYPE x>", "<A data-raw HREF='x'>", "</A >", "<a data-raw\nhref=\"y\">", "<span data-raw title='Korea'>",
    ]

    static let slugs = ["foo", "bar", "baz", "korea", "north-korea", "kim", "kim-2", "japan", "cvid", "pompeo",
                        "kang", "o-brien", "at-t", "hangul", "cafe", "emoji"]

    // MARK: - Phrase sets

    mutating func phraseSet() -> [GeneratedEntry] {
        var entries: [GeneratedEntry] = []
        var slugs = Self.slugs
        let count = 1 + random.below(7)
        for _ in 0..<count where !slugs.isEmpty {
            let slug = slugs.remove(at: random.below(slugs.count))
            let kind: GeneratedEntry.Kind = random.chance(2, in: 3) ? .entity : .term
            var phrases: [String] = []
            for _ in 0..<(1 + random.below(3)) {
                phrases.append(phrase(existing: entries))
            }
            let definition = random.pick(["A definition.", "\"Complete\" <verifiable> & 'irreversible'", "",
                                          "강경화 — 외교부 장관", "a > b & c < d"])
            entries.append(GeneratedEntry(kind: kind, slug: slug, phrases: phrases, definition: definition))
        }
        return entries
    }

    private mutating func phrase(existing: [GeneratedEntry]) -> String {
        // Sometimes claim a phrase another entry already claims (ambiguity), perhaps in another case.
        if random.chance(1, in: 6), let other = existing.randomElement(using: &random), let taken = other.phrases.first {
            return random.chance(1, in: 2) ? taken : recase(taken)
        }
        switch random.below(10) {
        case 0:
            // Overlapping phrases: "Korea" and "North Korea".
            return random.pick(["Korea", "North Korea", "South Korea", "North", "korea", "north korea"])
        case 1:
            return random.pick(["Mike Pompeo", "Pompeo", "Kang Kyung-wha", "Kang Kyung–wha", "O'Brien", "O’Brien",
                                "Japan", "forced-labor rulings", "forced—labor", "U.S.", "AT&T", "at&t", "ROK", "DPRK",
                                "강경화", "북한", "文在寅", "ひらがな", "café", "cafe\u{301}", "🇰🇷", "👍🏽", "e\u{301}",
                                "İstanbul", "straße", "Zoë"])
        case 2:
            // Odd but legal: punctuation at an edge, inner runs of white space, blanks (ignored).
            return random.pick(["'90s", "--", "...", "&", "<b>", "*foo*", "foo.", " foo ", "North  Korea", "North\tKorea",
                                "", "   ", "x", "I", "a", "7", "2019", "[foo]", "foo_bar", "\u{A0}foo"])
        default:
            let count = 1 + random.below(3)
            var words: [String] = []
            for _ in 0..<count { words.append(random.pick(Self.words)) }
            let phrase = words.joined(separator: random.chance(1, in: 8) ? "-" : " ")
            return random.chance(1, in: 3) ? recase(phrase) : phrase
        }
    }

    private mutating func recase(_ text: String) -> String {
        switch random.below(3) {
        case 0: return text.lowercased()
        case 1: return text.uppercased()
        default: return text.prefix(1).uppercased() + text.dropFirst()
        }
    }

    // MARK: - Cases

    mutating func generateCase() -> GeneratedCase {
        let entries = phraseSet()
        let linkMentions: LinkMentions = random.chance(1, in: 2) ? .all : .first
        let ownTarget = random.chance(1, in: 5) ? entries.randomElement(using: &random)?.target : nil
        var explicitSlugs = entries.map { ($0.kind == .entity ? "entity:" : "glossary:") + $0.slug }
        explicitSlugs += ["entity:none", "entity:nosuch", "glossary:nosuch", "article:nosuch", "briefing:nosuch"]
        self.explicitLinkTargets = explicitSlugs
        self.phrasesInUse = entries.flatMap(\.phrases).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        precise = random.chance(1, in: 2)
        let markdown = document()
        return GeneratedCase(markdown: markdown, entries: entries, linkMentions: linkMentions, ownTarget: ownTarget,
                             precisePositions: precise)
    }

    private var explicitLinkTargets: [String] = []
    private var precise = false
    private var phrasesInUse: [String] = []
    private var referenceLabels: [String] = []

    // MARK: - Blocks

    private mutating func document() -> String {
        referenceLabels = ["ref", "Korea", "foo bar", "강경화"].filter { _ in random.chance(1, in: 2) }
        var blocks: [String] = []
        for _ in 0..<(1 + random.below(5)) {
            blocks.append(block(depth: 0))
        }
        for label in referenceLabels where random.chance(3, in: 4) {
            blocks.append("[\(random.chance(1, in: 4) ? label.uppercased() : label)]: \(random.pick(Self.urls))"
                          + (random.chance(1, in: 2) ? " \"title \(random.pick(Self.words))\"" : ""))
        }
        var text = blocks[0]
        for block in blocks.dropFirst() { text += (random.chance(4, in: 5) ? "\n\n" : "\n") + block }
        if random.chance(3, in: 4) { text += "\n" }
        return text
    }

    private mutating func block(depth: Int) -> String {
        // Precise-position cases keep to top-level blocks: inside lists and block quotes, lazy and
        // oddly indented continuation lines make cmark's inline columns ambiguous.
        let roll = depth >= 3 ? random.below(4) : precise ? [0, 4, 5, 9, 10, 11, 12, 13][random.below(8)] : random.below(16)
        switch roll {
        case 0, 1, 2, 3:
            return paragraph()
        case 4:
            return String(repeating: "#", count: 1 + random.below(6)) + " " + inlines(depth: 0, maxCount: 5)
                + (random.chance(1, in: 4) ? " ##" : "")
        case 5:
            return inlines(depth: 0, maxCount: 4) + "\n" + random.pick(["===", "---", "=", "- - -"])
        case 6:
            // Block quote: every line of the nested blocks prefixed, sometimes lazily.
            let inner = blocks(depth: depth + 1)
            return inner.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { index, line in
                index > 0 && !precise && random.chance(1, in: 8) && !line.isEmpty ? String(line) : "> " + line
            }.joined(separator: "\n")
        case 7, 8:
            return list(depth: depth)
        case 9:
            let fence = random.pick(["```", "~~~", "````"])
            let info = random.pick(["", "swift", "Korea", "foo bar"])
            return fence + info + "\n" + codeLines() + "\n" + fence
        case 10:
            return codeLines().split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }
                .joined(separator: "\n")
        case 11:
            return htmlBlock()
        case 12:
            return random.pick(["***", "---", "___", "* * *"])
        default:
            return paragraph()
        }
    }

    private mutating func blocks(depth: Int) -> String {
        var parts: [String] = []
        for _ in 0..<(1 + random.below(3)) { parts.append(block(depth: depth)) }
        return parts.joined(separator: random.chance(3, in: 4) ? "\n\n" : "\n")
    }

    private mutating func list(depth: Int) -> String {
        let ordered = random.chance(1, in: 2)
        let bullet = random.pick(["-", "*", "+"])
        let delimiter = random.pick([".", ")"])
        let loose = random.chance(1, in: 3)
        var items: [String] = []
        for number in 1...(1 + random.below(4)) {
            let marker = ordered ? "\(number)\(delimiter) " : "\(bullet) "
            let indent = String(repeating: " ", count: marker.count)
            let content = blocks(depth: depth + 1)
            let lines = content.split(separator: "\n", omittingEmptySubsequences: false)
            let item = lines.enumerated().map { index, line in
                index == 0 ? marker + line : line.isEmpty ? "" : indent + line
            }.joined(separator: "\n")
            items.append(item)
        }
        return items.joined(separator: loose ? "\n\n" : "\n")
    }

    private mutating func codeLines() -> String {
        var lines: [String] = []
        for _ in 0..<(1 + random.below(3)) {
            lines.append(inlines(depth: 0, maxCount: 4).replacingOccurrences(of: "\n", with: " "))
        }
        return lines.joined(separator: "\n")
    }

    private mutating func htmlBlock() -> String {
        switch random.below(4) {
        case 0:
            return "<div data-raw class=\"x\">\n" + inlines(depth: 0, maxCount: 4) + "\n</div >"
        case 1:
            return "<!-- " + inlines(depth: 0, maxCount: 3).replacingOccurrences(of: "-->", with: "") + " -->"
        case 2:
            return "<script data-raw>\nvar s = \"Korea <b>\";\n</script>"
        default:
            return "<a data-raw href=\"https://example.com\">\n" + inlines(depth: 0, maxCount: 3) + "\n</a >"
        }
    }

    private mutating func paragraph() -> String {
        var text = inlines(depth: 0, maxCount: 12)
        // A paragraph must not open with something that makes it another block, or be blank:
        // those cases are covered by `block` itself, and a blank paragraph would end the list item.
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { text = random.pick(Self.words) }
        return text
    }

    // MARK: - Inlines

    private mutating func inlines(depth: Int, maxCount: Int) -> String {
        var text = ""
        for index in 0..<(1 + random.below(maxCount)) {
            if index > 0 {
                // A "<" right before a word could make an unmarked raw HTML tag (`<a …>`).
                let gap = separator()
                text += gap.isEmpty && text.hasSuffix("<") ? " " : gap
            }
            text += inline(depth: depth)
        }
        return text
    }

    private mutating func separator() -> String {
        switch random.below(20) {
        case 0: return ""
        case 1: return "\n"
        case 2: return "  \n"
        case 3: return "\\\n"
        case 4: return "  "
        default: return " "
        }
    }

    private mutating func inline(depth: Int) -> String {
        let nested = depth < 3
        switch random.below(nested ? 30 : 14) {
        case 0, 1, 2, 3:
            return random.pick(Self.words)
        case 4, 5:
            // A phrase of the site as it may be written in text: any case, any dash or apostrophe.
            guard let phrase = phrasesInUse.randomElement(using: &random) else { return random.pick(Self.words) }
            return respell(phrase)
        case 6, 7:
            // A lone backtick may open a code span that runs over a line end; a tab right after a
            // list marker is partly taken as indentation, which cmark's columns do not show.
            return random.pick(precise ? Self.oddities.filter { $0 != "`" && $0 != "\t" } : Self.oddities)
        case 8:
            return random.pick(precise ? Self.rawInline.filter { !$0.contains("\n") } : Self.rawInline)
        case 9:
            return "`" + random.pick(Self.words + ["Korea and Japan", "` `", "<b>", "&amp;"]) + "`"
        case 10:
            return "<" + random.pick(["https://example.com/Korea", "mailto:kim@example.com", "kim@example.com",
                                      "http://a.b/c?d=e&f=g", "irc://foo.bar:2233/baz"]) + ">"
        case 11:
            return random.pick(["\"", "'", "“", "‘"]) + random.pick(Self.words) + " " + random.pick(Self.words)
                + random.pick(["\"", "'", "”", "’"])
        case 12:
            return random.pick(["강경화는", "북한이", "한국의", "文在寅は", "東京では"]) + (random.chance(1, in: 2) ? "," : "")
        case 13:
            return random.pick(["e\u{301}", "\u{301}", "a\u{308}\u{301}", "🙂", "🇰🇷", "👩‍👩‍👧", "\u{200D}", "\u{FEFF}"])
        case 14, 15:
            let marker = random.pick(["*", "_", "**", "__", "***", "*", "**"])
            let inner = inlines(depth: depth + 1, maxCount: 3)
            return random.chance(1, in: 8) ? marker + inner : marker + inner + marker
        case 16, 17:
            let text = inlines(depth: depth + 1, maxCount: 3)
            return "[" + text + "](" + random.pick(Self.urls) + title() + ")"
        case 18:
            let text = inlines(depth: depth + 1, maxCount: 3)
            guard let label = referenceLabels.randomElement(using: &random) else { return "[" + text + "]" }
            switch random.below(3) {
            case 0: return "[" + text + "][" + label + "]"
            case 1: return "[" + label + "]"
            default: return "[" + label + "][]"
            }
        case 19, 20:
            guard let target = explicitLinkTargets.randomElement(using: &random) else { return "x" }
            let text = random.chance(2, in: 3) ? respell(phrasesInUse.randomElement(using: &random) ?? "x")
                : inlines(depth: depth + 1, maxCount: 2)
            return "[" + text + "](" + target + title() + ")"
        case 21:
            return "![" + inlines(depth: depth + 1, maxCount: 2) + "](" + random.pick(["j.png", "<pic b.png>", "data:image/png;base64,x"]) + title() + ")"
        case 22:
            return random.pick(["<a data-raw href=\"x\">", "<span data-raw>"]) + inlines(depth: depth + 1, maxCount: 3)
                + random.pick(["</a >", "</span >", ""])
        case 23:
            return "~~" + random.pick(Self.words) + "~~"
        default:
            return random.pick(Self.words)
        }
    }

    private mutating func title() -> String {
        switch random.below(6) {
        case 0: return " \"Korea & 'Japan'\""
        case 1: return " 'title'"
        case 2: return " (paren \"title\")"
        default: return ""
        }
    }

    /// A phrase as an author might type it: other case, other dashes and apostrophes, a line
    /// break or double space between its words, an escape or character reference here and there.
    private mutating func respell(_ phrase: String) -> String {
        var text = phrase
        if random.chance(1, in: 3) { text = recase(text) }
        if random.chance(1, in: 4) {
            text = text.replacingOccurrences(of: "-", with: random.pick(["–", "—", "--", "---", "\\-"]))
        }
        if random.chance(1, in: 4) {
            text = text.replacingOccurrences(of: "'", with: random.pick(["’", "&#39;", "\\'", "&rsquo;"]))
        }
        if random.chance(1, in: 5) {
            text = text.replacingOccurrences(of: " ", with: random.pick(["\n", "  ", "&#32;", "\u{A0}", " \n"]))
        }
        if random.chance(1, in: 8) {
            text = text.replacingOccurrences(of: "&", with: "&amp;")
        }
        return text
    }
}
