import CommonMark

/// A quotation of a briefing found in one of its sources: what the article page marks and the
/// briefing page counts.
public struct VerifiedQuotation: Sendable, Hashable {
    public var briefing: Slug
    public var match: QuotationMatch
}

/// What the quotation check needs to know about the site, built once per build.
public struct QuoteContext: Sendable {
    let verifier: QuotationVerifier
    /// How citations name each article: its outlet, or its title when it has none.
    let citationNames: [String: String]
    let siteMode: QuoteCheck

    public init(site: Site, articleParagraphs: [SourceParagraph]) {
        verifier = QuotationVerifier(index: SourceIndex(articleParagraphs))
        citationNames = Dictionary(uniqueKeysWithValues: site.articles.map { ($0.slug.rawValue, $0.outlet ?? $0.title) })
        siteMode = site.config.quoteCheck
    }
}

/// Checks a briefing's quotations against its sources (SPEC §4) and adds provenance to the tree:
/// verified block quotes carry `data-quote-source` and `data-quote-paragraph` and end with a
/// citation, verified inline quotations are wrapped in an element carrying the same attributes
/// and followed by a citation link. Citation texts come from CSS (`data-label`), so the markup
/// added around the author's text holds no text of its own.
struct QuoteChecker {
    let context: QuoteContext
    let briefing: Briefing
    let root: String
    let locator: SourceLocator

    /// What checking found, and where to add provenance once the page is annotated: adding it
    /// splits text nodes, and nodes made by splitting have no source position for annotation's
    /// diagnostics to point at.
    struct Outcome {
        var verified: [VerifiedQuotation] = []
        var diagnostics: [Diagnostic] = []
        fileprivate var placements: [(match: QuotationMatch, place: ExtractedQuotation.Place)] = []
    }

    func check(_ document: Document) -> Outcome {
        var outcome = Outcome()
        let mode = briefing.quoteCheck ?? context.siteMode
        guard mode != .off else { return outcome }
        let sources = briefing.sources.map(\.value.rawValue)
        for quotation in QuotationExtractor(locator: locator).quotations(in: document) {
            switch context.verifier.verify(quotation.text, in: sources) {
            case .verified(let match):
                outcome.verified.append(VerifiedQuotation(briefing: briefing.slug, match: match))
                outcome.placements.append((match, quotation.place))
            case .notFound(let nearest, let elsewhere):
                outcome.diagnostics.append(diagnostic(for: quotation, mode: mode, nearest: nearest, elsewhere: elsewhere))
            }
        }
        return outcome
    }

    /// Adds the provenance of every verified quotation of `outcome` to the tree it was checked in.
    func addProvenance(_ outcome: Outcome) {
        for placement in outcome.placements {
            addProvenance(placement.match, at: placement.place)
        }
    }

    private func diagnostic(for quotation: ExtractedQuotation, mode: QuoteCheck, nearest: NearestPassage?, elsewhere: QuotationMatch?) -> Diagnostic {
        var notes: [String] = []
        if let elsewhere {
            notes.append("it is in article '\(elsewhere.article)' (¶\(elsewhere.paragraph)), which is not among this briefing's sources")
        }
        if let nearest {
            notes.append("nearest passage, '\(nearest.article)' ¶\(nearest.paragraph): \(nearest.excerpt)")
            notes += nearest.differences
        }
        let shown = quotation.text.count > 120 ? String(quotation.text.prefix(117)) + "…" : quotation.text
        return Diagnostic(mode == .strict ? .error : .warning, "quotation not found in sources: \(shown)",
                          path: briefing.body.path, line: quotation.line, column: quotation.column, notes: notes)
    }

    private func addProvenance(_ match: QuotationMatch, at place: ExtractedQuotation.Place) {
        let attributes = "data-quote-source=\"\(match.article)\" data-quote-paragraph=\"\(match.paragraph)\""
        let name = HTML.escape(context.citationNames[match.article] ?? match.article)
        let href = "\(root)articles/\(match.article)/#p\(match.paragraph)"
        switch place {
        case .blockQuote(let blockQuote, isFirst: true):
            let citation = "<footer class=\"citation\"><a href=\"\(href)\" data-label=\"\(name), ¶\(match.paragraph)\" aria-label=\"Source: \(name), paragraph \(match.paragraph)\"></a></footer>"
            blockQuote.replaceWithCustomBlock(enter: "<blockquote \(attributes)>\n", exit: citation + "</blockquote>")
        case .blockQuote:
            break
        case .inline(let paragraph, let range):
            let citation = "<a class=\"citation\" href=\"\(href)\" data-label=\"¶\(match.paragraph)\" aria-label=\"Source: \(name), paragraph \(match.paragraph)\"></a>"
            paragraph.wrapPlainText(range, enter: "<span class=\"quote\" \(attributes)>", exit: citation + "</span>")
        }
    }
}
