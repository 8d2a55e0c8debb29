import CommonMark

/// A stretch of an article paragraph that briefings quote, marked on the article page with
/// `<mark class="quoted">` and links back to those briefings.
public struct QuotedPassage: Sendable, Hashable {
    /// A briefing quoting the passage.
    public struct Quoter: Sendable, Hashable, Comparable {
        public var slug: Slug
        public var title: String

        public static func < (lhs: Quoter, rhs: Quoter) -> Bool { lhs.slug < rhs.slug }
    }

    public var paragraph: Int
    /// UTF-8 offsets into the paragraph's plain text.
    public var range: Range<Int>
    public var quoters: [Quoter]

    /// One article's passages: every part of every quotation of it, overlapping parts of a
    /// paragraph merged into one passage quoted by all their briefings.
    static func passages(_ quotations: [VerifiedQuotation], titles: [Slug: String]) -> [QuotedPassage] {
        let parts = quotations.flatMap { quotation in
            quotation.match.ranges.map { (paragraph: quotation.match.paragraph, range: $0,
                                          quoter: Quoter(slug: quotation.briefing, title: titles[quotation.briefing] ?? quotation.briefing.rawValue)) }
        }.sorted { ($0.paragraph, $0.range.lowerBound) < ($1.paragraph, $1.range.lowerBound) }
        var passages: [QuotedPassage] = []
        for part in parts {
            if var last = passages.last, last.paragraph == part.paragraph, part.range.lowerBound < last.range.upperBound {
                last.range = last.range.lowerBound..<max(last.range.upperBound, part.range.upperBound)
                last.quoters = Array(Set(last.quoters + [part.quoter])).sorted()
                passages[passages.count - 1] = last
            } else {
                passages.append(QuotedPassage(paragraph: part.paragraph, range: part.range, quoters: [part.quoter]))
            }
        }
        return passages
    }

    /// Wraps each passage of `passages` in the article's top-level paragraphs.
    static func mark(_ passages: [QuotedPassage], in document: Document, root: String) {
        guard !passages.isEmpty else { return }
        let paragraphs = document.node.children.filter { $0.type == .paragraph }
        for passage in passages where paragraphs.indices.contains(passage.paragraph - 1) {
            let links = passage.quoters.map { quoter in
                let title = HTML.escape(quoter.title)
                return "<a class=\"quoted-by\" href=\"\(root)briefings/\(quoter.slug)/\" data-label=\"↩\" aria-label=\"Quoted in: \(title)\" title=\"Quoted in: \(title)\"></a>"
            }.joined()
            paragraphs[passage.paragraph - 1].wrapPlainText(passage.range, enter: "<mark class=\"quoted\">", exit: links + "</mark>")
        }
    }
}
