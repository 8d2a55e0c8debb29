/// A value read from front matter together with where it was written, so that later stages can
/// report problems with it (an unknown slug, say) at its line and column.
public struct Located<Value: Sendable & Hashable>: Sendable, Hashable {
    public var value: Value
    public var line: Int?
    public var column: Int?

    public init(_ value: Value, line: Int? = nil, column: Int? = nil) {
        self.value = value
        self.line = line
        self.column = column
    }
}

/// The Markdown body of a content file and where it starts in the file.
public struct MarkdownSource: Sendable, Hashable {
    /// Path relative to the site root, as diagnostics print it.
    public var path: String
    public var markdown: String
    /// The file line (from 1) of the body's first line, to turn body lines into file lines.
    public var firstLine: Int

    public init(path: String, markdown: String, firstLine: Int) {
        self.path = path
        self.markdown = markdown
        self.firstLine = firstLine
    }

    /// The file line of a 1-based line of the body.
    public func fileLine(bodyLine: Int) -> Int { bodyLine + firstLine - 1 }
}

/// Whether an entity or term is linked at its first mention on a page or at every mention.
public enum LinkMentions: String, Sendable, CaseIterable {
    case first, all
}

/// What an unverifiable quotation is.
public enum QuoteCheck: String, Sendable, CaseIterable {
    case strict, warn, off
}

/// Content/site.yml
public struct SiteConfig: Sendable, Hashable {
    public var title: String
    public var description: String = ""
    public var language: String = "en"
    public var baseURL: String?
    public var linkMentions: LinkMentions = .first
    public var quoteCheck: QuoteCheck = .strict
    public var pageSize: Int = 50
    public var unsafeHTML: Bool = false

    public init(title: String) {
        self.title = title
    }
}

/// A source article that briefings quote.
public struct Article: Sendable, Hashable {
    public var slug: Slug
    public var title: String
    public var outlet: String?
    public var dateline: String?
    public var date: ContentDate
    public var url: String?
    public var body: MarkdownSource
}

/// An annotated briefing.
public struct Briefing: Sendable, Hashable {
    public var slug: Slug
    public var title: String
    public var date: ContentDate
    /// As written; when absent the first paragraph's text is used.
    public var summary: String?
    public var sources: [Located<Slug>]
    public var tags: [Located<String>]
    public var author: String?
    public var draft: Bool
    public var quoteCheck: QuoteCheck?
    public var body: MarkdownSource
}

/// What an entity is; entity pages are grouped by it.
public enum EntityKind: String, Sendable, CaseIterable, Comparable {
    case person, organization, country, place, document, event, other

    public static func < (lhs: EntityKind, rhs: EntityKind) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }

    public var label: String {
        switch self {
        case .person: "Person"
        case .organization: "Organization"
        case .country: "Country"
        case .place: "Place"
        case .document: "Document"
        case .event: "Event"
        case .other: "Other"
        }
    }

    public var pluralLabel: String {
        switch self {
        case .person: "People"
        case .organization: "Organizations"
        case .country: "Countries"
        case .place: "Places"
        case .document: "Documents"
        case .event: "Events"
        case .other: "Other"
        }
    }
}

/// A person, organisation, country, place, document or event that mentions link to.
public struct Entity: Sendable, Hashable {
    public var slug: Slug
    public var name: String
    public var kind: EntityKind
    public var aliases: [String]
    public var summary: String?
    public var body: MarkdownSource
}

/// A glossary term whose mentions carry its definition.
public struct GlossaryTerm: Sendable, Hashable {
    public var slug: Slug
    public var term: String
    public var aliases: [String]
    public var definition: String
    public var body: MarkdownSource
}

/// Everything under Content/, validated.
public struct Site: Sendable {
    public var config: SiteConfig
    public var articles: [Article]
    /// Newest first; drafts only when the build asked for them.
    public var briefings: [Briefing]
    public var entities: [Entity]
    public var terms: [GlossaryTerm]

    public init(config: SiteConfig, articles: [Article], briefings: [Briefing], entities: [Entity], terms: [GlossaryTerm]) {
        self.config = config
        self.articles = articles
        self.briefings = briefings
        self.entities = entities
        self.terms = terms
    }
}
