/// A page made from one content file, and where it goes in the output.
public enum PageID: Hashable, Sendable, Comparable {
    case briefing(Slug)
    case article(Slug)
    case entity(Slug)
    case term(Slug)

    /// The page's folder relative to the site root, ending in `/`. Glossary terms share one page.
    public var folder: String {
        switch self {
        case .briefing(let slug): "briefings/\(slug)/"
        case .article(let slug): "articles/\(slug)/"
        case .entity(let slug): "entities/\(slug)/"
        case .term: "glossary/"
        }
    }

    /// The link to the page (for terms, to the term's anchor) relative to the site root.
    public var href: String {
        switch self {
        case .term(let slug): "glossary/#\(slug)"
        default: folder
        }
    }

    /// The relative prefix from the page to the site root.
    public var root: String { SitePath.root(ofFolder: folder) }

    public var kindLabel: String {
        switch self {
        case .briefing: "Briefing"
        case .article: "Article"
        case .entity: "Entity"
        case .term: "Glossary"
        }
    }

    /// The annotation target a page stands for, which it never links to itself.
    public var ownTarget: AnnotationTarget? {
        switch self {
        case .entity(let slug): .entity(slug.rawValue)
        case .term(let slug): .term(slug.rawValue)
        case .briefing, .article: nil
        }
    }
}

/// Relative paths between output files.
enum SitePath {
    /// `""` for a top-level file, `../../` for one in `briefings/SLUG/`.
    static func root(ofFolder folder: String) -> String {
        String(repeating: "../", count: folder.split(separator: "/").count)
    }

    /// A link from a page at `root` to the folder `folder` (relative to the site root). Links name
    /// `index.html` so the site also works opened from the file system, where folders do not
    /// open their index page.
    static func link(from root: String, toFolder folder: String) -> String {
        root + folder + "index.html"
    }
}
