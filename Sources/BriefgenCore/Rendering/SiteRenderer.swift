/// A file of the generated site: its path relative to the output folder and its bytes.
public struct OutputFile: Sendable, Hashable {
    public var path: String
    public var contents: [UInt8]

    public init(path: String, contents: [UInt8]) {
        self.path = path
        self.contents = contents
    }

    public init(path: String, text: String) {
        self.init(path: path, contents: Array(text.utf8))
    }
}

/// Turns the annotated site into its pages through the templates: one view model per page kind,
/// with every URL relative to the page it appears on.
struct SiteRenderer {
    let site: Site
    let templates: TemplateSet
    let bodies: [PageID: AnnotatedBody]
    let crossReference: CrossReferenceIndex
    let tags: [TagPage]
    private let titles: [PageID: String]
    private let articles: [Slug: Article]
    /// The briefings quoting each article, newest first.
    private let quoters: [String: [PageID]]

    init(site: Site, templates: TemplateSet, bodies: [PageID: AnnotatedBody], crossReference: CrossReferenceIndex, tags: [TagPage]) {
        self.site = site
        self.templates = templates
        self.bodies = bodies
        self.crossReference = crossReference
        self.tags = tags
        var titles: [PageID: String] = [:]
        for briefing in site.briefings { titles[.briefing(briefing.slug)] = briefing.title }
        for article in site.articles { titles[.article(article.slug)] = article.title }
        for entity in site.entities { titles[.entity(entity.slug)] = entity.name }
        for term in site.terms { titles[.term(term.slug)] = term.term }
        self.titles = titles
        articles = Dictionary(uniqueKeysWithValues: site.articles.map { ($0.slug, $0) })
        var quoters: [String: [PageID]] = [:]
        for briefing in site.briefings {
            let page = PageID.briefing(briefing.slug)
            for article in Set(bodies[page]?.quotations.map(\.match.article) ?? []) {
                quoters[article, default: []].append(page)
            }
        }
        self.quoters = quoters
    }

    /// A tag and the briefings carrying it, newest first.
    struct TagPage: Sendable {
        var name: String
        var slug: String
        var briefings: [Briefing]
    }

    func render() -> [OutputFile] {
        var jobs: [@Sendable () -> OutputFile] = []
        let renderer = self
        jobs.append { renderer.page("index.html", template: "index", root: "", title: renderer.site.config.title, description: renderer.site.config.description, renderer.indexModel()) }
        for briefing in site.briefings {
            jobs.append { renderer.briefingPage(briefing) }
        }
        for article in site.articles {
            jobs.append { renderer.articlePage(article) }
        }
        jobs.append { renderer.page("entities/index.html", template: "entities", root: "../", title: "Entities", description: "Every person, organisation and place in the briefings.", renderer.entitiesModel(root: "../")) }
        for entity in site.entities {
            jobs.append { renderer.entityPage(entity) }
        }
        jobs.append { renderer.page("glossary/index.html", template: "glossary", root: "../", title: "Glossary", description: "Terms used in the briefings, with definitions.", renderer.glossaryModel(root: "../")) }
        for tag in tags {
            jobs.append { renderer.tagPage(tag) }
        }
        jobs.append { OutputFile(path: "404.html", text: renderer.templates.render("404", renderer.notFoundModel())) }
        return jobs.parallelMap { $0() }
    }

    // MARK: - Shared parts

    struct SiteModel {
        var title: String
        var description: String
        var language: String
    }

    struct NavModel {
        var home: String
        var briefings: String
        var entities: String
        var glossary: String
    }

    struct Link {
        var title: String
        var url: String
    }

    /// Renders a page template inside the layout, with the values every page has.
    private func page(_ path: String, template: String, root: String, title: String, description: String, _ model: [String: Any]) -> OutputFile {
        var context = model
        context["site"] = SiteModel(title: site.config.title, description: site.config.description, language: site.config.language)
        context["root"] = root
        context["pageTitle"] = title == site.config.title ? title : "\(title) · \(site.config.title)"
        context["description"] = description
        context["nav"] = NavModel(home: SitePath.link(from: root, toFolder: ""), briefings: SitePath.link(from: root, toFolder: ""),
                                  entities: SitePath.link(from: root, toFolder: "entities/"), glossary: SitePath.link(from: root, toFolder: "glossary/"))
        return OutputFile(path: path, text: templates.render(template, context))
    }

    private func url(from root: String, to page: PageID) -> String {
        switch page {
        case .term(let slug): root + "glossary/index.html#\(slug)"
        default: SitePath.link(from: root, toFolder: page.folder)
        }
    }

    private func summary(of briefing: Briefing) -> String {
        briefing.summary ?? bodies[.briefing(briefing.slug)]?.firstParagraph ?? ""
    }

    private func title(of page: PageID) -> String {
        titles[page] ?? ""
    }

    struct TagModel {
        var name: String
        var url: String
    }

    struct BriefingSummaryModel {
        var title: String
        var url: String
        var date: String
        var dateDisplay: String
        var summary: String
        var tags: [TagModel]
        var hasTags: Bool
    }

    private func tagModels(_ briefing: Briefing, root: String) -> [TagModel] {
        briefing.tags.compactMap { tag in
            TagIndex.slug(for: tag.value).map { TagModel(name: tag.value, url: SitePath.link(from: root, toFolder: "tags/\($0)/")) }
        }
    }

    private func summaryModel(_ briefing: Briefing, root: String) -> BriefingSummaryModel {
        let tags = tagModels(briefing, root: root)
        return BriefingSummaryModel(title: briefing.title, url: url(from: root, to: .briefing(briefing.slug)), date: briefing.date.description,
                                    dateDisplay: briefing.date.display, summary: summary(of: briefing), tags: tags, hasTags: !tags.isEmpty)
    }

    // MARK: - Page kinds

    private func indexModel() -> [String: Any] {
        let briefings = site.briefings.map { summaryModel($0, root: "") }
        let articles = site.articles.sorted { ($0.date, $1.slug) > ($1.date, $0.slug) }.map {
            SourceModel(title: $0.title, url: url(from: "", to: .article($0.slug)), outlet: $0.outlet ?? "", dateDisplay: $0.date.display)
        }
        return ["briefings": briefings, "hasBriefings": !briefings.isEmpty, "articles": articles, "hasArticles": !articles.isEmpty]
    }

    struct SourceModel {
        var title: String
        var url: String
        var outlet: String
        var dateDisplay: String
        /// "3 quotations verified", on briefing pages.
        var verified: String = ""
    }

    struct EntityLinkModel {
        var name: String
        var url: String
    }

    struct TermLinkModel {
        var term: String
        var url: String
    }

    private func briefingPage(_ briefing: Briefing) -> OutputFile {
        let id = PageID.briefing(briefing.slug)
        let root = id.root
        let body = bodies[id]
        let tags = tagModels(briefing, root: root)
        let quotations = body?.quotations ?? []
        let sources = briefing.sources.compactMap { source in
            articles[source.value].map { article in
                let count = quotations.filter { $0.match.article == article.slug.rawValue }.count
                let checked = (briefing.quoteCheck ?? site.config.quoteCheck) != .off
                return SourceModel(title: article.title, url: url(from: root, to: .article(article.slug)), outlet: article.outlet ?? "",
                                   dateDisplay: article.date.display, verified: checked ? "\(count) quotation\(count == 1 ? "" : "s") verified" : "")
            }
        }
        let targets = body?.annotation.linkedTargets ?? []
        let entities = targets.compactMap { target -> EntityLinkModel? in
            guard case .entity(let slug) = target, let page = Slug(rawValue: slug).map(PageID.entity) else { return nil }
            return EntityLinkModel(name: title(of: page), url: url(from: root, to: page))
        }
        let terms = targets.compactMap { target -> TermLinkModel? in
            guard case .term(let slug) = target, let page = Slug(rawValue: slug).map(PageID.term) else { return nil }
            return TermLinkModel(term: title(of: page), url: url(from: root, to: page))
        }
        var model: [String: Any] = [
            "title": briefing.title, "date": briefing.date.description, "dateDisplay": briefing.date.display,
            "summary": summary(of: briefing), "tags": tags, "hasTags": !tags.isEmpty, "body": body?.html ?? "",
            "sources": sources, "hasSources": !sources.isEmpty, "entities": entities, "hasEntities": !entities.isEmpty,
            "terms": terms, "hasTerms": !terms.isEmpty,
        ]
        if let author = briefing.author { model["author"] = author }
        return page(id.folder + "index.html", template: "briefing", root: root, title: briefing.title, description: summary(of: briefing), model)
    }

    private func articlePage(_ article: Article) -> OutputFile {
        let id = PageID.article(article.slug)
        let body = bodies[id]
        let quotedBy = (quoters[article.slug.rawValue] ?? []).map { Link(title: title(of: $0), url: url(from: id.root, to: $0)) }
        var model: [String: Any] = [
            "title": article.title, "outlet": article.outlet ?? "", "dateline": article.dateline ?? "",
            "date": article.date.description, "dateDisplay": article.date.display, "body": body?.html ?? "",
            "quotedBy": quotedBy, "hasQuotedBy": !quotedBy.isEmpty,
        ]
        if let original = article.url { model["originalURL"] = original }
        let description = [article.outlet, article.date.display].compactMap { $0 }.joined(separator: ", ")
        return page(id.folder + "index.html", template: "article", root: id.root, title: article.title, description: description, model)
    }

    struct EntityGroupModel {
        var kind: String
        var label: String
        var entities: [EntityEntryModel]
    }

    struct EntityEntryModel {
        var name: String
        var url: String
        var summary: String
    }

    private func entitiesModel(root: String) -> [String: Any] {
        let groups = EntityKind.allCases.compactMap { kind -> EntityGroupModel? in
            let members = site.entities.filter { $0.kind == kind }.sorted { $0.name.lowercased() < $1.name.lowercased() }
            guard !members.isEmpty else { return nil }
            return EntityGroupModel(kind: kind.rawValue, label: kind.pluralLabel, entities: members.map {
                EntityEntryModel(name: $0.name, url: url(from: root, to: .entity($0.slug)), summary: $0.summary ?? "")
            })
        }
        return ["groups": groups]
    }

    struct MentionModel {
        var title: String
        var url: String
        var kindLabel: String
        var sentences: [String]
    }

    private func entityPage(_ entity: Entity) -> OutputFile {
        let id = PageID.entity(entity.slug)
        let root = id.root
        let mentions = crossReference.citations(of: .entity(entity.slug.rawValue)).map {
            MentionModel(title: title(of: $0.page), url: url(from: root, to: $0.page), kindLabel: $0.page.kindLabel, sentences: $0.sentences)
        }
        let model: [String: Any] = [
            "name": entity.name, "kindLabel": entity.kind.label, "summary": entity.summary ?? "",
            "aliases": entity.aliases, "hasAliases": !entity.aliases.isEmpty, "body": bodies[id]?.html ?? "",
            "mentions": mentions, "hasMentions": !mentions.isEmpty,
        ]
        return page(id.folder + "index.html", template: "entity", root: root, title: entity.name, description: entity.summary ?? entity.name, model)
    }

    struct TermModel {
        var slug: String
        var term: String
        var definition: String
        var aliases: [String]
        var hasAliases: Bool
        var body: String
        var usedIn: [Link]
        var hasUsedIn: Bool
    }

    private func glossaryModel(root: String) -> [String: Any] {
        let terms = site.terms.sorted { ($0.term.lowercased(), $0.slug) < ($1.term.lowercased(), $1.slug) }.map { term in
            let usedIn = crossReference.citations(of: .term(term.slug.rawValue)).map { Link(title: title(of: $0.page), url: url(from: root, to: $0.page)) }
            return TermModel(slug: term.slug.rawValue, term: term.term, definition: term.definition, aliases: term.aliases,
                             hasAliases: !term.aliases.isEmpty, body: bodies[.term(term.slug)]?.html ?? "", usedIn: usedIn, hasUsedIn: !usedIn.isEmpty)
        }
        return ["terms": terms]
    }

    private func tagPage(_ tag: TagPage) -> OutputFile {
        let folder = "tags/\(tag.slug)/"
        let root = SitePath.root(ofFolder: folder)
        let model: [String: Any] = ["tag": tag.name, "briefings": tag.briefings.map { summaryModel($0, root: root) }]
        return page(folder + "index.html", template: "tag", root: root, title: "Tag: \(tag.name)", description: "Briefings tagged \(tag.name).", model)
    }

    private func notFoundModel() -> [String: Any] {
        [
            "site": SiteModel(title: site.config.title, description: site.config.description, language: site.config.language),
            "homeURL": site.config.baseURL.map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? "/",
        ]
    }
}
