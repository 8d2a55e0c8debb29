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

/// The pipeline: load → annotate → cross-reference → render → write. Each stage takes the values
/// the previous one made; diagnostics are gathered all along, and nothing is written when any
/// of them is an error.
public struct Build {
    public let options: BuildOptions

    public init(options: BuildOptions) {
        self.options = options
    }

    /// Runs every stage; with `write: false` (`briefgen check`) stops before writing.
    public func run(write: Bool) -> BuildReport {
        var diagnostics: [Diagnostic] = []
        var timings: [(String, Double)] = []
        func timed<T>(_ stage: String, _ work: () throws -> T) rethrows -> T {
            let start = DispatchTime.now().uptimeNanoseconds
            defer { timings.append((stage, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)) }
            return try work()
        }
        func report(_ filesWritten: Int = 0) -> BuildReport {
            var all = Diagnostics()
            all.append(contentsOf: diagnostics)
            return BuildReport(diagnostics: all.sorted, filesWritten: filesWritten, timings: timings)
        }

        let writer = SiteWriter(output: options.output, root: options.root, protectedFolders: [options.content, options.templates])
        if write, let refusal = writer.refusal() {
            diagnostics.append(.error(refusal, path: displayPath(options.output)))
            return report()
        }
        let loader = ContentLoader(root: options.root, contentDirectory: options.content, includeDrafts: options.includeDrafts)
        guard var site = timed("load", { loader.load(diagnostics: &diagnostics) }) else { return report() }
        if let baseURL = options.baseURL { site.config.baseURL = baseURL }
        let templates = timed("templates") { TemplateSet.load(from: options.templates, displayPath: displayPath, diagnostics: &diagnostics) }

        let bodies = timed("annotate") { Self.annotate(site, diagnostics: &diagnostics) }
        // Quotation checking (SPEC §4) runs here, on the annotated briefings and their sources.
        let crossReference = timed("cross-reference") {
            CrossReferenceIndex(pages: Self.pageOrder(site).compactMap { page in bodies[page].map { (page, $0.annotation) } })
        }
        let tags = TagIndex.pages(for: site.briefings, diagnostics: &diagnostics)
        guard let templates, !diagnostics.contains(where: { $0.severity == .error }) else { return report() }

        let files = timed("render") {
            SiteRenderer(site: site, templates: templates, bodies: bodies, crossReference: crossReference, tags: tags).render()
                + [SearchIndex.file(site: site, bodies: bodies)]
        }
        guard write else { return report() }
        do {
            try timed("write") { try writer.write(files, assets: options.templates.appendingPathComponent("assets")) }
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

    /// Parses, annotates and renders every content body, spread over all cores.
    static func annotate(_ site: Site, diagnostics: inout [Diagnostic]) -> [PageID: AnnotatedBody] {
        let index = AnnotationIndex(site: site)
        let markdownOptions = MarkdownOptions(smartPunctuation: true, unsafeHTML: site.config.unsafeHTML)
        let pages: [(id: PageID, source: MarkdownSource)] = site.briefings.map { (.briefing($0.slug), $0.body) }
            + site.articles.map { (.article($0.slug), $0.body) } + site.entities.map { (.entity($0.slug), $0.body) }
            + site.terms.map { (.term($0.slug), $0.body) }
        let bodies = pages.parallelMap { page -> AnnotatedBody in
            var numberParagraphs = false
            if case .article = page.id { numberParagraphs = true }
            return AnnotatedBody.make(page.source, options: markdownOptions, index: index, root: page.id.root,
                                      ownTarget: page.id.ownTarget, numberParagraphs: numberParagraphs)
        }
        for body in bodies { diagnostics += body.annotation.diagnostics }
        return Dictionary(uniqueKeysWithValues: zip(pages.map(\.id), bodies))
    }

    private func displayPath(_ url: URL) -> String {
        ContentLoader(root: options.root, contentDirectory: options.content, includeDrafts: false).displayPath(url)
    }
}
