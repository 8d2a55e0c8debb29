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
    var result = ""
    var rest = html[...]
    var openAnchors: [Bool] = []  // true: the open <a> is a wrapper
    while let tag = rest.firstIndex(of: "<") {
        result += rest[..<tag]
        rest = rest[tag...]
        if rest.hasPrefix("<a class=\"entity\"") || rest.hasPrefix("<a class=\"term\"") {
            guard let end = rest.firstIndex(of: ">") else { break }
            openAnchors.append(true)
            rest = rest[rest.index(after: end)...]
        } else if rest.hasPrefix("<a ") || rest.hasPrefix("<a>") {
            openAnchors.append(false)
            result += "<"
            rest = rest.dropFirst()
        } else if rest.hasPrefix("</a>") {
            if openAnchors.popLast() == true {
                rest = rest.dropFirst(4)
            } else {
                result += "<"
                rest = rest.dropFirst()
            }
        } else {
            result += "<"
            rest = rest.dropFirst()
        }
    }
    result += rest
    return result
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
