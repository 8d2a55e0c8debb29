import Foundation
@testable import BriefgenCore
import CommonMark

/// Builds small in-memory `Site` values for tests, without touching the file system.
///
///     let site = SiteBuilder()
///         .entity("mike-pompeo", "Mike Pompeo", aliases: ["Pompeo"])
///         .term("denuclearization", "denuclearization", definition: "Giving up nuclear weapons.")
///
/// Every content file gets the path `Content/KIND/SLUG.md` and a body starting on file line 5
/// (as if after a three-line front matter block and its two `---` lines).
struct SiteBuilder {
    var config = SiteConfig(title: "Test site")
    var entities: [Entity] = []
    var terms: [GlossaryTerm] = []
    var articles: [Article] = []
    var briefings: [Briefing] = []

    static let bodyFirstLine = 5
    static let date = ContentDate("2019-07-11")!

    func entity(_ slug: String, _ name: String, aliases: [String] = [], kind: EntityKind = .person) -> SiteBuilder {
        var copy = self
        copy.entities.append(Entity(slug: Self.slug(slug), name: name, kind: kind, aliases: aliases, summary: nil,
                                    body: Self.body("Content/entities/\(slug).md")))
        return copy
    }

    func term(_ slug: String, _ term: String, aliases: [String] = [], definition: String) -> SiteBuilder {
        var copy = self
        copy.terms.append(GlossaryTerm(slug: Self.slug(slug), term: term, aliases: aliases, definition: definition,
                                       body: Self.body("Content/glossary/\(slug).md")))
        return copy
    }

    func article(_ slug: String) -> SiteBuilder {
        var copy = self
        copy.articles.append(Article(slug: Self.slug(slug), title: slug, outlet: nil, dateline: nil, date: Self.date,
                                     url: nil, body: Self.body("Content/articles/\(slug).md")))
        return copy
    }

    func briefing(_ slug: String) -> SiteBuilder {
        var copy = self
        copy.briefings.append(Briefing(slug: Self.slug(slug), title: slug, date: Self.date, summary: nil, sources: [],
                                       tags: [], author: nil, draft: false, quoteCheck: nil,
                                       body: Self.body("Content/briefings/\(slug).md")))
        return copy
    }

    func linkMentions(_ mode: LinkMentions) -> SiteBuilder {
        var copy = self
        copy.config.linkMentions = mode
        return copy
    }

    var site: Site {
        Site(config: config, articles: articles, briefings: briefings, entities: entities, terms: terms)
    }

    var index: AnnotationIndex { AnnotationIndex(site: site) }

    /// Annotates and renders `markdown` as the body of `path`, the way the build does.
    func annotate(
        _ markdown: String, path: String = "Content/briefings/test.md", firstLine: Int = SiteBuilder.bodyFirstLine,
        root: String = "../../", ownTarget: AnnotationTarget? = nil, unsafeHTML: Bool = false,
        numberParagraphs: Bool = false
    ) -> AnnotatedBody {
        BodyRenderer(index: index, options: MarkdownOptions(smartPunctuation: true, unsafeHTML: unsafeHTML), quotes: nil)
            .render(MarkdownSource(path: path, markdown: markdown, firstLine: firstLine), root: root,
                    ownTarget: ownTarget, numberParagraphs: numberParagraphs)
    }

    private static func slug(_ text: String) -> Slug {
        guard let slug = Slug(rawValue: text) else { preconditionFailure("test slug '\(text)' is not a valid slug") }
        return slug
    }

    private static func body(_ path: String) -> MarkdownSource {
        MarkdownSource(path: path, markdown: "", firstLine: bodyFirstLine)
    }
}

/// The HTML of the annotation wrappers, as SPEC §3 fixes it.
enum AnnotationHTML {
    static func entity(_ slug: String, _ text: String, root: String = "../../") -> String {
        "<a class=\"entity\" data-entity=\"\(slug)\" href=\"\(root)entities/\(slug)/\">\(text)</a>"
    }

    static func term(_ slug: String, _ text: String, title: String, root: String = "../../") -> String {
        "<a class=\"term\" data-term=\"\(slug)\" href=\"\(root)glossary/#\(slug)\" title=\"\(title)\">\(text)</a>"
    }
}

/// Removes the annotation wrappers (`<a class="entity" …>` / `<a class="term" …>` and their own
/// `</a>`) from rendered HTML, leaving every other link alone. Anchors are tracked on a stack so
/// that only the closing tag that belongs to a wrapper is removed.
func removingAnnotationWrappers(_ html: String) -> String {
    removingAnchors(from: html) { $0.hasPrefix("<a class=\"entity\"") || $0.hasPrefix("<a class=\"term\"") }
}

/// Removes the `<a …>` start tags for which `isRemoved` holds (it gets the whole tag, `<` to `>`)
/// and their matching end tags, leaving all other HTML as it is. Anchors are matched on a stack,
/// so a removed anchor keeps its own `</a>` even with other links (cmark's or an author's raw
/// HTML) around or inside it. Tags are recognised as HTML does: any case (`<A HREF=…>`), white
/// space or a line break after the name, quoted attribute values holding `>`, `</a >`. Comments,
/// CDATA sections, declarations and processing instructions are copied whole, never looked into.
func removingAnchors(from html: String, where isRemoved: (Substring) -> Bool) -> String {
    let bytes = Array(html.utf8)
    var result: [UInt8] = []
    result.reserveCapacity(bytes.count)
    var openAnchors: [Bool] = []  // true: the open <a> is removed
    var index = 0
    while index < bytes.count {
        guard bytes[index] == UInt8(ascii: "<") else {
            result.append(bytes[index])
            index += 1
            continue
        }
        if let end = HTMLScan.endOfOpaqueMarkup(bytes, at: index) {
            result += bytes[index..<end]
            index = end
            continue
        }
        if let tag = HTMLScan.tag(bytes, at: index), tag.name == "a" {
            var remove = false
            if tag.isEnd {
                remove = openAnchors.popLast() == true
            } else {
                remove = isRemoved(Substring(String(decoding: bytes[index..<tag.end], as: UTF8.self)))
                openAnchors.append(remove)
            }
            if !remove { result += bytes[index..<tag.end] }
            index = tag.end
            continue
        }
        result.append(bytes[index])
        index += 1
    }
    return String(decoding: result, as: UTF8.self)
}

/// A small HTML tag scanner for the test helpers, over UTF-8 bytes.
enum HTMLScan {
    struct Tag {
        /// Lowercased.
        var name: String
        var isEnd: Bool
        /// One past the tag's `>`.
        var end: Int
        /// White space between an end tag's name and its `>` (`</a >`): cmark never writes that.
        var hasSpaceBeforeClose: Bool
        /// Ends in `/>`.
        var isSelfClosing: Bool
    }

    /// The end of a comment, CDATA section, declaration or processing instruction starting at
    /// `index`, or nil when none starts there or it is not terminated (an author's comment left
    /// open in an HTML block ends with the block, where cmark's markup goes on).
    static func endOfOpaqueMarkup(_ bytes: [UInt8], at index: Int) -> Int? {
        func starts(_ prefix: String) -> Bool {
            let prefix = Array(prefix.utf8)
            return bytes.count - index >= prefix.count && bytes[index..<(index + prefix.count)].elementsEqual(prefix)
        }
        func after(_ terminator: String, from start: Int) -> Int? {
            let terminator = Array(terminator.utf8)
            var position = start
            while position + terminator.count <= bytes.count {
                if bytes[position..<(position + terminator.count)].elementsEqual(terminator) { return position + terminator.count }
                position += 1
            }
            return nil
        }
        if starts("<!--") { return after("-->", from: index + 4) }
        if starts("<![CDATA[") { return after("]]>", from: index + 9) }
        if starts("<?") { return after("?>", from: index + 2) }
        if starts("<!"), index + 2 < bytes.count, isLetter(bytes[index + 2]) { return after(">", from: index + 2) }
        return nil
    }

    /// The start or end tag at `index` (which holds `<`), or nil when there is none.
    static func tag(_ bytes: [UInt8], at index: Int) -> Tag? {
        var position = index + 1
        let isEnd = position < bytes.count && bytes[position] == UInt8(ascii: "/")
        if isEnd { position += 1 }
        let nameStart = position
        guard position < bytes.count, isLetter(bytes[position]) else { return nil }
        while position < bytes.count, isLetter(bytes[position]) || isDigit(bytes[position]) || bytes[position] == UInt8(ascii: "-") {
            position += 1
        }
        let name = String(decoding: bytes[nameStart..<position], as: UTF8.self).lowercased()
        guard position < bytes.count else { return nil }
        let next = bytes[position]
        guard isSpace(next) || next == UInt8(ascii: ">") || next == UInt8(ascii: "/") else { return nil }
        if isEnd {
            var close = position
            while close < bytes.count, isSpace(bytes[close]) { close += 1 }
            guard close < bytes.count, bytes[close] == UInt8(ascii: ">") else { return nil }
            return Tag(name: name, isEnd: true, end: close + 1, hasSpaceBeforeClose: close > position, isSelfClosing: false)
        }
        var quote: UInt8?
        while position < bytes.count {
            let byte = bytes[position]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                let selfClosing = bytes[position - 1] == UInt8(ascii: "/")
                return Tag(name: name, isEnd: false, end: position + 1, hasSpaceBeforeClose: false, isSelfClosing: selfClosing)
            } else if byte == UInt8(ascii: "<") {
                return nil
            }
            position += 1
        }
        return nil
    }

    static func isLetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
    static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
    }
}

/// Removes the ` id="pN"` that article pages add to top-level paragraphs.
func removingParagraphIDs(_ html: String) -> String {
    var result = ""
    var rest = html[...]
    while let range = rest.range(of: "<p id=\"p") {
        result += rest[..<range.lowerBound]
        let afterPrefix = rest[range.upperBound...]
        let digits = afterPrefix.prefix { $0.isASCII && $0.isNumber }
        let tail = afterPrefix[digits.endIndex...]
        if !digits.isEmpty, tail.hasPrefix("\">") {
            result += "<p>"
            rest = tail.dropFirst(2)
        } else {
            result += rest[range]
            rest = afterPrefix
        }
    }
    result += rest
    return result
}
