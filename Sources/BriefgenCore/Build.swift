import CommonMark
import Foundation

/// Where a build reads from and writes to, and what it includes.
public struct BuildOptions: Sendable {
    public var root: URL
    public var content: URL
    public var templates: URL
    public var output: URL
    public var includeDrafts = false
    /// Overrides site.yml's `base_url`.
    public var baseURL: String?

    /// Content/, Templates/ and Public/ under `root` unless given.
    public init(root: URL, content: URL? = nil, templates: URL? = nil, output: URL? = nil) {
        self.root = root.standardizedFileURL
        self.content = (content ?? root.appendingPathComponent("Content")).standardizedFileURL
        self.templates = (templates ?? root.appendingPathComponent("Templates")).standardizedFileURL
        self.output = (output ?? root.appendingPathComponent("Public")).standardizedFileURL
    }
}

/// What a build did.
public struct BuildReport: Sendable {
    /// Sorted by file and line, each once.
    public var diagnostics: [Diagnostic]
    public var filesWritten = 0
    /// Seconds spent in each stage, in order.
    public var timings: [(stage: String, seconds: Double)] = []

    public var succeeded: Bool { !diagnostics.contains { $0.severity == .error } }
}

/// Time per stage, for `--verbose`: wall-clock unless the stage name says otherwise.
final class StageTimer {
    private(set) var timings: [(stage: String, seconds: Double)] = []

    /// A time measured elsewhere, such as CPU time summed over workers.
    func record(_ stage: String, seconds: Double) {
        timings.append((stage, seconds))
    }

    func measure<T>(_ stage: String, _ work: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { timings.append((stage, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)) }
        return try work()
    }
}

/// The pipeline: load → index the sources → check quotations and annotate each body → mark the
/// quoted passages of the articles → cross-reference → render → write. Each stage takes the values
/// the previous one made; diagnostics are gathered all along, and nothing is written when any of
/// them is an error.
public struct Build {
    public let options: BuildOptions

    public init(options: BuildOptions) {
        self.options = options
    }

    /// Runs every stage; with `write: false` (`briefgen check`) stops before writing.
    public func run(write: Bool) -> BuildReport {
        var diagnostics: [Diagnostic] = []
        let timer = StageTimer()
        func report(_ filesWritten: Int = 0) -> BuildReport {
            var all = Diagnostics()
            all.append(contentsOf: diagnostics)
            return BuildReport(diagnostics: all.sorted, filesWritten: filesWritten, timings: timer.timings)
        }

        let writer = SiteWriter(output: options.output, root: options.root, protectedFolders: [options.content, options.templates])
        if write, let refusal = writer.refusal() {
            diagnostics.append(.error(refusal, path: displayPath(options.output)))
            return report()
        }
        let loader = ContentLoader(root: options.root, contentDirectory: options.content, includeDrafts: options.includeDrafts)
        guard var site = timer.measure("load", { loader.load(diagnostics: &diagnostics) }) else { return report() }
        if let baseURL = options.baseURL { site.config.baseURL = baseURL }
        let templates = timer.measure("templates") { TemplateSet.load(from: options.templates, displayPath: displayPath, diagnostics: &diagnostics) }

        let bodies = Self.renderBodies(site, timer: timer)
        for page in Self.pageOrder(site) { diagnostics += bodies[page]?.diagnostics ?? [] }
        let crossReference = timer.measure("cross-reference") {
            CrossReferenceIndex(pages: Self.pageOrder(site).compactMap { page in bodies[page].map { (page, $0.annotation) } })
        }
        let tags = TagIndex.pages(for: site.briefings, diagnostics: &diagnostics)
        guard let templates, !diagnostics.contains(where: { $0.severity == .error }) else { return report() }

        let files = timer.measure("render") {
            SiteRenderer(site: site, templates: templates, bodies: bodies, crossReference: crossReference, tags: tags).render()
                + [SearchIndex.file(site: site, bodies: bodies)]
        }
        guard write else { return report() }
        do {
            try timer.measure("write") { try writer.write(files, assets: options.templates.appendingPathComponent("assets")) }
        } catch {
            diagnostics.append(.error("build not written: \(error)", path: displayPath(options.output)))
            return report()
        }
        return report(files.count)
    }

    /// Every page made from a content file: briefings newest first, then articles, entities, terms.
    static func pageOrder(_ site: Site) -> [PageID] {
        site.briefings.map { .briefing($0.slug) } + site.articles.map { .article($0.slug) }
            + site.entities.map { .entity($0.slug) } + site.terms.map { .term($0.slug) }
    }

    /// Parses, checks, annotates and renders every content body, spread over all cores. Articles
    /// come last: their pages mark the passages the briefings turned out to quote.
    static func renderBodies(_ site: Site, timer: StageTimer) -> [PageID: AnnotatedBody] {
        let options = MarkdownOptions(smartPunctuation: true, unsafeHTML: site.config.unsafeHTML)
        let index = AnnotationIndex(site: site)
        let quotes = timer.measure("sources") {
            let paragraphs = site.articles.parallelMap(BodyRenderer(index: index, options: options, quotes: nil).paragraphs)
            return QuoteContext(site: site, articleParagraphs: paragraphs.flatMap { $0 })
        }
        let renderer = BodyRenderer(index: index, options: options, quotes: quotes)

        let pages: [(id: PageID, source: MarkdownSource, briefing: Briefing?)] = site.briefings.map { (.briefing($0.slug), $0.body, $0) }
            + site.entities.map { (.entity($0.slug), $0.body, nil) } + site.terms.map { (.term($0.slug), $0.body, nil) }
        var bodies = timer.measure("annotate") {
            Dictionary(uniqueKeysWithValues: zip(pages.map(\.id), pages.parallelMap { renderer.render($0.id, source: $0.source, briefing: $0.briefing) }))
        }

        timer.record("quotes (CPU)", seconds: site.briefings.reduce(0) { $0 + (bodies[.briefing($1.slug)]?.quoteCheckSeconds ?? 0) })
        let titles = Dictionary(uniqueKeysWithValues: site.briefings.map { ($0.slug, $0.title) })
        let quotations = Dictionary(grouping: site.briefings.flatMap { bodies[.briefing($0.slug)]?.quotations ?? [] }, by: \.match.article)
        timer.measure("articles") {
            let rendered = site.articles.parallelMap { article in
                renderer.render(.article(article.slug), source: article.body,
                                quoted: QuotedPassage.passages(quotations[article.slug.rawValue] ?? [], titles: titles))
            }
            for (article, body) in zip(site.articles, rendered) { bodies[.article(article.slug)] = body }
        }
        return bodies
    }

    private func displayPath(_ url: URL) -> String {
        Diagnostic.path(of: url, relativeTo: options.root)
    }
}
