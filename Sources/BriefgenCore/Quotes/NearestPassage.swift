/// The passage of the sources closest to an unverified quotation, for the diagnostic.
public struct NearestPassage: Sendable, Hashable {
    /// The article's slug.
    public var article: String
    /// The paragraph's 1-based number within the article.
    public var paragraph: Int
    /// The best-aligned source words as written in the source, with "…" where the paragraph goes on.
    public var excerpt: String
    /// The words that differ, e.g. `source has "harm", quotation has "harms"`,
    /// `source has "not", which the quotation leaves out`, `quotation has "x", which the source does not`.
    public var differences: [String]

    /// Creates a nearest-passage record.
    public init(article: String, paragraph: Int, excerpt: String, differences: [String]) {
        self.article = article
        self.paragraph = paragraph
        self.excerpt = excerpt
        self.differences = differences
    }
}

/// Finds the passage best aligned with a quotation that did not verify: a semi-global alignment of
/// words (skipping source words before and after the passage is free; so is skipping them where the
/// quotation has an ellipsis, or up to six of them where it has an insertion).
struct NearestPassageFinder {
    static let excerptLimit = 300
    static let shownDifferences = 3
    /// Paragraphs aligned when the allowed articles give none.
    static let fallbackParagraphs = 16

    let index: SourceIndex
    let pattern: QuotationPattern

    func nearest(in articles: [String]) -> NearestPassage? {
        let quoted = QuotedWord.words(of: pattern)
        guard !quoted.isEmpty else { return nil }
        let rowsByFold = Dictionary(grouping: quoted.indices) { quoted[$0].fold }
        var paragraphs = articles.flatMap { index.paragraphsByArticle[$0] ?? [] }
        if paragraphs.isEmpty {
            paragraphs = index.paragraphsSharingMostWords(with: pattern.lookupWords.map(\.key), limit: Self.fallbackParagraphs)
        }
        var best: (alignment: WordAlignment, paragraph: SourceIndex.Paragraph, words: [Range<Int>])?
        for position in paragraphs {
            let paragraph = index.paragraphs[position]
            let words = paragraph.text.bytes.split(separator: QuoteNormaliser.space)
            guard !words.isEmpty else { continue }
            // Only words alike but for case and punctuation cost less than a substitution, so only
            // they need comparing closely: the rest are found unlike by one lookup each.
            var costs = [Int](repeating: WordAlignment.unlike, count: quoted.count * words.count)
            for (column, word) in words.enumerated() {
                for row in rowsByFold[QuoteNormaliser.indexKey(word.trimmingEdgePunctuationUnlessAll)] ?? [] {
                    costs[row * words.count + column] = quoted[row].isSame(as: word) ? WordAlignment.same : WordAlignment.alike
                }
            }
            let alignment = WordAlignment(breaks: quoted.map(\.breakBefore), sourceWords: words.count, costs: costs)
            if alignment.cost < best?.alignment.cost ?? .max {
                best = (alignment, paragraph, words.map { $0.startIndex..<$0.endIndex })
            }
        }
        guard let best, let window = best.alignment.sourceWindow,
            best.alignment.steps.contains(where: \.isAlike) else { return nil }
        let original = Array(best.paragraph.source.text.utf8)
        let written = { (word: Int) in
            String(decoding: original[best.paragraph.text.originalRange(of: best.words[word])], as: UTF8.self)
        }
        return NearestPassage(
            article: best.paragraph.source.article, paragraph: best.paragraph.source.number,
            excerpt: excerpt(of: window, words: best.words, text: best.paragraph.text, original: original),
            differences: differences(in: best.alignment.steps, quoted: quoted, source: written))
    }

    private func excerpt(of window: ClosedRange<Int>, words: [Range<Int>], text: NormalisedText, original: [UInt8]) -> String {
        let range = text.originalRange(of: words[window.lowerBound].lowerBound..<words[window.upperBound].upperBound)
        // A diagnostic is one line: a hard line break in the paragraph shows as a space.
        var passage = String(decoding: original[range], as: UTF8.self).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        var continues = window.upperBound < words.count - 1
        if passage.count > Self.excerptLimit {
            let cut = passage.prefix(Self.excerptLimit)
            passage = String(cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut)
            continues = true
        }
        return (window.lowerBound > 0 ? "…" : "") + passage + (continues ? "…" : "")
    }

    /// One entry per run of differing words, at most `shownDifferences` and a count of the rest.
    /// Words are shown without their edge punctuation unless that is all that differs.
    private func differences(in steps: [WordAlignment.Step], quoted: [QuotedWord], source written: (Int) -> String) -> [String] {
        var runs: [(source: [String], quotation: [String])] = []
        var inRun = false
        for step in steps {
            guard case .differ(let quotedWord, let sourceWord, let onlyCaseOrPunctuation) = step else {
                inRun = false
                continue
            }
            if !inRun { runs.append(([], [])) }
            inRun = true
            if let sourceWord {
                let word = written(sourceWord)
                runs[runs.count - 1].source.append(onlyCaseOrPunctuation ? word : word.trimmingEdgePunctuation)
            }
            if let quotedWord {
                let word = quoted[quotedWord].written
                runs[runs.count - 1].quotation.append(onlyCaseOrPunctuation ? word : word.trimmingEdgePunctuation)
            }
        }
        let entries = runs.map { run in
            let source = run.source.joined(separator: " "), quotation = run.quotation.joined(separator: " ")
            if run.quotation.isEmpty { return "source has \"\(source)\", which the quotation leaves out" }
            if run.source.isEmpty { return "quotation has \"\(quotation)\", which the source does not" }
            return "source has \"\(source)\", quotation has \"\(quotation)\""
        }
        guard entries.count > Self.shownDifferences else { return entries }
        let more = entries.count - Self.shownDifferences
        return entries.prefix(Self.shownDifferences) + ["and \(more) more \(more == 1 ? "difference" : "differences")"]
    }
}

/// A word of the quotation, with where it sits among the quotation's editorial marks.
struct QuotedWord {
    enum Break { case none, insertion, ellipsis }

    /// Normalised, as it must appear in the source.
    var text: [UInt8]
    /// As the quotation writes it, for the diagnostic.
    var written: String
    /// Lowercased and without edge punctuation: words with equal folds differ only in case or punctuation.
    var fold: String
    /// Whether its first letter may appear in either case (the quotation's first letter, `[T]he`).
    var caselessFirst: Bool
    /// Whether it begins or ends a part, so the source may have punctuation there that the quotation dropped.
    var startsPart: Bool
    var endsPart: Bool
    /// What comes between it and the previous word.
    var breakBefore: Break

    static func words(of pattern: QuotationPattern) -> [QuotedWord] {
        let original = Array(pattern.quotation.utf8)
        var words: [QuotedWord] = []
        for (partIndex, part) in pattern.segments.enumerated() {
            for (segmentIndex, segment) in part.enumerated() {
                let slices = segment.bytes.split(separator: QuoteNormaliser.space)
                for (wordIndex, bytes) in slices.enumerated() {
                    let range = bytes.startIndex..<bytes.endIndex
                    let breakBefore: Break = wordIndex > 0 ? .none : segmentIndex > 0 ? .insertion : partIndex > 0 ? .ellipsis : .none
                    words.append(QuotedWord(
                        text: Array(bytes),
                        written: written(segment.positions[range], in: pattern.text, original: original),
                        fold: QuoteNormaliser.indexKey(bytes.trimmingEdgePunctuationUnlessAll),
                        caselessFirst: segment.caselessOffsets.contains(range.lowerBound),
                        startsPart: segmentIndex == 0 && wordIndex == 0,
                        endsPart: segmentIndex == part.count - 1 && wordIndex == slices.count - 1,
                        breakBefore: breakBefore))
                }
            }
        }
        return words
    }

    /// The original text of normalised bytes that may not be contiguous (`[T]he`, a dropped `[sic]`).
    private static func written(_ positions: ArraySlice<Int>, in text: NormalisedText, original: [UInt8]) -> String {
        var result = ""
        var runStart = positions.startIndex
        for index in positions.indices where index + 1 == positions.endIndex || positions[index + 1] != positions[index] + 1 {
            result += String(decoding: original[text.originalRange(of: positions[runStart]..<(positions[index] + 1))], as: UTF8.self)
            runStart = index + 1
        }
        return result
    }

    /// Whether `source` (a word of a normalised paragraph) is this word as the quotation must match
    /// it: exactly, but for punctuation the quotation dropped at a part's edge and the case of a
    /// caseless first letter.
    func isSame(as source: ArraySlice<UInt8>) -> Bool {
        var source = source
        if startsPart { source = source.droppingLeadingPunctuation }
        if endsPart { source = source.droppingTrailingPunctuation }
        if source.elementsEqual(text) { return true }
        guard caselessFirst, !source.isEmpty, !text.isEmpty else { return false }
        let length = QuoteNormaliser.scalar(at: source.startIndex, in: source).length
        let textLength = QuoteNormaliser.scalar(at: 0, in: text).length
        return source.dropFirst(length).elementsEqual(text.dropFirst(textLength))
            && String(decoding: source.prefix(length), as: UTF8.self).lowercased() == String(decoding: text.prefix(textLength), as: UTF8.self).lowercased()
    }
}

/// A semi-global alignment of a quotation's words with a source paragraph's words.
struct WordAlignment {
    enum Step {
        case same(quoted: Int, source: Int)
        /// A quotation word against a source word, or either against nothing.
        case differ(quoted: Int?, source: Int?, onlyCaseOrPunctuation: Bool)
        /// Source words passed over for free.
        case skip

        /// Whether the words are the same but perhaps for case and punctuation.
        var isAlike: Bool {
            switch self {
            case .same: true
            case .differ(let quoted, let source, let onlyCaseOrPunctuation): quoted != nil && source != nil && onlyCaseOrPunctuation
            case .skip: false
            }
        }
    }

    /// Costs of aligning a quotation word with a source word: the same; alike but for case or
    /// punctuation; unlike. Leaving a word out on either side costs as much as an unlike pair.
    static let same = 0
    static let alike = 1
    static let unlike = 10
    private static let gap = 10

    let cost: Int
    let steps: [Step]

    /// The first and last source words the quotation is aligned with.
    var sourceWindow: ClosedRange<Int>? {
        let touched = steps.compactMap { step -> Int? in
            switch step {
            case .same(_, let source): source
            case .differ(_, let source, _): source
            case .skip: nil
            }
        }
        guard let first = touched.first, let last = touched.last else { return nil }
        return first...last
    }

    /// Aligns quotation words, with the breaks before them, with `sourceWords` words, given the
    /// cost of each pair (row by quotation word).
    init(breaks: [QuotedWord.Break], sourceWords: Int, costs: [Int]) {
        let rows = breaks.count + 1, columns = sourceWords + 1
        func pairCost(_ row: Int, _ column: Int) -> Int { costs[(row - 1) * sourceWords + column - 1] }
        // `arrival` holds the best cost of ending a row's quotation word at a column, `best` that or
        // a later column reached by skipping source words; the moves record how, for the traceback.
        var arrival = [Int](repeating: 0, count: rows * columns)
        var best = [Int](repeating: 0, count: rows * columns)
        var arrivedDiagonally = [Bool](repeating: false, count: rows * columns)
        var skipped = [UInt8](repeating: 0, count: rows * columns)
        for row in 1..<rows {
            let skip = row < breaks.count ? breaks[row] : .none
            for column in 0..<columns {
                let cell = row * columns + column
                let up = best[cell - columns] + Self.gap
                let diagonal = column > 0 ? best[cell - columns - 1] + pairCost(row, column) : .max
                arrivedDiagonally[cell] = diagonal <= up
                arrival[cell] = min(diagonal, up)
                best[cell] = arrival[cell]
                guard column > 0 else { continue }
                if skip == .insertion {
                    for words in 1...min(QuotationPattern.insertionWordLimit, column) where arrival[cell - words] < best[cell] {
                        best[cell] = arrival[cell - words]
                        skipped[cell] = UInt8(words)
                    }
                }
                let left = best[cell - 1] + (skip == .ellipsis ? 0 : Self.gap)
                if left < best[cell] {
                    best[cell] = left
                    skipped[cell] = Self.skippedOne
                }
            }
        }
        let lastRow = (rows - 1) * columns
        let end = (0..<columns).min { arrival[lastRow + $0] < arrival[lastRow + $1] } ?? 0
        cost = arrival[lastRow + end]

        var steps: [Step] = []
        var row = rows - 1, column = end, inArrival = true
        while row > 0 {
            let cell = row * columns + column
            if !inArrival {
                switch skipped[cell] {
                case 0:
                    inArrival = true
                case Self.skippedOne:
                    let free = row < breaks.count && breaks[row] == .ellipsis
                    steps.append(free ? .skip : .differ(quoted: nil, source: column - 1, onlyCaseOrPunctuation: false))
                    column -= 1
                case let words:
                    steps.append(.skip)
                    column -= Int(words)
                    inArrival = true
                }
                continue
            }
            if arrivedDiagonally[cell] {
                let cost = pairCost(row, column)
                steps.append(cost == Self.same ? .same(quoted: row - 1, source: column - 1)
                             : .differ(quoted: row - 1, source: column - 1, onlyCaseOrPunctuation: cost == Self.alike))
                column -= 1
            } else {
                steps.append(.differ(quoted: row - 1, source: nil, onlyCaseOrPunctuation: false))
            }
            row -= 1
            inArrival = false
        }
        self.steps = steps.reversed()
    }

    /// In `skipped`: a source word passed over at a cost (or free after an ellipsis); other non-zero
    /// values count the words an insertion passed over.
    private static let skippedOne: UInt8 = 0xFF
}

private extension String {
    /// The word without its edge punctuation, or the word itself when it is all punctuation.
    var trimmingEdgePunctuation: String {
        String(decoding: Array(utf8)[...].trimmingEdgePunctuationUnlessAll, as: UTF8.self)
    }
}
