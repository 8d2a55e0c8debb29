/// Where a quotation was found: one UTF-8 range in the paragraph's original text per part of the
/// quotation (parts are split at ellipses; one part when there is none). Ranges cover the matched
/// source text exactly: no leading or trailing spaces, and none of the edge punctuation the
/// quotation ignored.
public struct QuotationMatch: Sendable, Hashable {
    /// The article's slug.
    public var article: String
    /// The paragraph's 1-based number within the article.
    public var paragraph: Int
    /// UTF-8 offsets into the paragraph's text, one per part, in order.
    public var ranges: [Range<Int>]

    /// Creates a match record.
    public init(article: String, paragraph: Int, ranges: [Range<Int>]) {
        self.article = article
        self.paragraph = paragraph
        self.ranges = ranges
    }
}

/// The outcome of checking one quotation.
public enum QuotationVerdict: Sendable, Hashable {
    /// Found in one of the allowed articles.
    case verified(QuotationMatch)
    /// Not found in the allowed articles. `elsewhere` is a match in an article outside them, if any;
    /// `nearest` the best-aligned passage of the allowed articles (nil when there is none).
    case notFound(nearest: NearestPassage?, elsewhere: QuotationMatch?)
}

/// Checks quotations against the source paragraphs of a build (SPEC §4): a quotation is verified
/// when it appears exactly, after normalising both sides and honouring its editorial marks, within
/// one paragraph of an allowed article.
public struct QuotationVerifier: Sendable {
    private let index: SourceIndex

    /// Creates a verifier over every paragraph of `index`.
    public init(index: SourceIndex) {
        self.index = index
    }

    /// Verifies `quotation` (its rendered plain text; surrounding quotation marks and edge punctuation
    /// may be included and are ignored) against `articles`, in that order of preference. When it
    /// appears more than once, the first occurrence wins (first article in the list, then lowest
    /// paragraph, then leftmost position). When it is not found there, `elsewhere` is its first
    /// occurrence in any other article (by slug, then paragraph).
    public func verify(_ quotation: String, in articles: [String]) -> QuotationVerdict {
        let pattern = QuotationPattern(quotation)
        guard !pattern.parts.isEmpty else { return .notFound(nearest: nil, elsewhere: nil) }
        var allowed: [String] = []
        for article in articles where !allowed.contains(article) { allowed.append(article) }

        let matcher = PatternMatcher(pattern)
        // Candidate positions ascend, and the index lists each article's paragraphs in order, so
        // the first match met in an article is its lowest paragraph.
        let candidates = index.candidates(for: pattern)
        for article in allowed {
            let paragraphs = candidates.map { $0.filter { index.paragraphs[$0].source.article == article } }
                ?? index.paragraphsByArticle[article] ?? []
            if let match = firstMatch(of: matcher, in: paragraphs) { return .verified(match) }
        }
        // Without a word to look up, finding the quotation elsewhere would mean scanning every source.
        let elsewhere = candidates.flatMap { candidates in
            let others = candidates.filter { !allowed.contains(index.paragraphs[$0].source.article) }
            let byArticle = Dictionary(grouping: others) { index.paragraphs[$0].source.article }
            return firstMatch(of: matcher, in: byArticle.keys.sorted().flatMap { byArticle[$0] ?? [] })
        }
        let nearest = NearestPassageFinder(index: index, pattern: pattern).nearest(in: allowed)
        return .notFound(nearest: nearest, elsewhere: elsewhere)
    }

    private func firstMatch(of matcher: PatternMatcher, in paragraphs: [Int]) -> QuotationMatch? {
        for position in paragraphs {
            let paragraph = index.paragraphs[position]
            if let ranges = matcher.firstMatch(in: paragraph.text.bytes) {
                return QuotationMatch(article: paragraph.source.article, paragraph: paragraph.source.number,
                                      ranges: ranges.map(paragraph.text.originalRange(of:)))
            }
        }
        return nil
    }
}
