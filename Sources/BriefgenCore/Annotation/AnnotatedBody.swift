import CommonMark
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A content file's Markdown body after parsing, quotation checking, annotation and rendering.
public struct AnnotatedBody: Sendable {
    public var html: String
    /// The text of the first paragraph, the default summary of a briefing.
    public var firstParagraph: String?
    public var annotation: AnnotationResult
    /// A briefing's quotations found in its sources.
    public var quotations: [VerifiedQuotation] = []
    /// Quotation problems, and annotation problems in `annotation.diagnostics`.
    public var quoteDiagnostics: [Diagnostic] = []
    /// CPU time spent checking quotations, for `--verbose` and the benchmarks.
    public var quoteCheckSeconds: Double = 0

    public var diagnostics: [Diagnostic] { annotation.diagnostics + quoteDiagnostics }
}

/// Turns one content body into its HTML. Shared, read-only, by all the workers of a build: every
/// call parses its own cmark document.
public struct BodyRenderer: Sendable {
    let index: AnnotationIndex
    let options: MarkdownOptions
    let quotes: QuoteContext?

    public init(index: AnnotationIndex, options: MarkdownOptions, quotes: QuoteContext?) {
        self.index = index
        self.options = options
        self.quotes = quotes
    }

    /// A briefing, article, entity or glossary body, for the page `page`. A briefing's quotations are
    /// checked; an article's paragraphs get ids `p1`, `p2`, … and its `quoted` passages are marked.
    public func render(_ page: PageID, source: MarkdownSource, briefing: Briefing? = nil, quoted: [QuotedPassage] = []) -> AnnotatedBody {
        var numberParagraphs = false
        if case .article = page { numberParagraphs = true }
        return render(source, root: page.root, ownTarget: page.ownTarget, numberParagraphs: numberParagraphs, briefing: briefing, quoted: quoted)
    }

    func render(_ source: MarkdownSource, root: String, ownTarget: AnnotationTarget?, numberParagraphs: Bool,
                briefing: Briefing? = nil, quoted: [QuotedPassage] = []) -> AnnotatedBody {
        let document = Document(markdown: source.markdown, options: options)
        let firstParagraph = document.node.children.first { $0.type == .paragraph }?.plainText
        let locator = SourceLocator(source)
        var quoteCheck: (checker: QuoteChecker, outcome: QuoteChecker.Outcome)?
        var quoteCheckSeconds = 0.0
        if let briefing, let quotes {
            let start = threadCPUSeconds()
            let checker = QuoteChecker(context: quotes, briefing: briefing, root: root, locator: locator)
            quoteCheck = (checker, checker.check(document))
            quoteCheckSeconds = threadCPUSeconds() - start
        }
        var linker = Linker(index: index, root: root, ownTarget: ownTarget, locator: locator)
        let annotation = linker.annotate(document)
        // Wrappers around quotations and quoted passages go in last: the splits they make would
        // leave annotation's diagnostics without source positions.
        if let quoteCheck { quoteCheck.checker.addProvenance(quoteCheck.outcome) }
        QuotedPassage.mark(quoted, in: document, root: root)
        let html = numberParagraphs ? document.renderHTML { "p\($0)" } : document.renderHTML()
        return AnnotatedBody(html: html, firstParagraph: firstParagraph, annotation: annotation,
                             quotations: quoteCheck?.outcome.verified ?? [], quoteDiagnostics: quoteCheck?.outcome.diagnostics ?? [],
                             quoteCheckSeconds: quoteCheckSeconds)
    }

    /// The plain text of an article's top-level paragraphs, numbered as its page numbers them.
    public func paragraphs(of article: Article) -> [SourceParagraph] {
        let document = Document(markdown: article.body.markdown, options: options)
        return document.node.children.filter { $0.type == .paragraph }.enumerated().map {
            SourceParagraph(article: article.slug.rawValue, number: $0.offset + 1, text: $0.element.plainText)
        }
    }
}

/// CPU time of the calling thread: the cost of work done on a worker, whatever the other workers do.
private func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}
