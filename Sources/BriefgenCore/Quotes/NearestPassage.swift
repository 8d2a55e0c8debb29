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
/// words with affine gaps (skipping source words before and after the passage is free; so is
/// skipping them where the quotation has an ellipsis, or up to six of them where it has an
/// insertion). A passage matching too few of the quotation's words is not shown.
struct NearestPassageFinder {
    static let excerptLimit = 300
    static let shownDifferences = 3
    /// Paragraphs aligned when the allowed articles give none.
    static let fallbackParagraphs = 16
    /// Fewer matched words than this (or than 40% of the quotation's) show no nearest passage.
    static let leastMatchedWords = 2

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
            !Self.isWeak(matching: best.alignment.steps.lazy.filter(\.isAlike).count, of: quoted.count) else { return nil }
        let original = Array(best.paragraph.source.text.utf8)
        let written = { (word: Int) in
            String(decoding: original[best.paragraph.text.originalRange(of: best.words[word])], as: UTF8.self)
        }
        return NearestPassage(
            article: best.paragraph.source.article, paragraph: best.paragraph.source.number,
            excerpt: excerpt(of: window, words: best.words, text: best.paragraph.text, original: original),
            differences: differences(in: best.alignment.steps, quoted: quoted, source: written))
    }

    /// Whether an alignment matching `matched` of a quotation's `count` words is too weak to show:
    /// a passage that only shares a word or two (a "the", an "of") with a fabricated quotation
    /// explains nothing.
    static func isWeak(matching matched: Int, of count: Int) -> Bool {
        matched < min(Self.leastMatchedWords, count) || matched * 5 < count * 2
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
    /// Words changed, left out and added next to each other are one entry: where a changed word
    /// meets a gap, which source word it replaced is a guess the entry had better not show, and a
    /// comma dropped with the clause after it reads best as part of the cut.
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
    /// punctuation; unlike.
    static let same = 0
    static let alike = 1
    static let unlike = 8
    /// A run of words on one side only costs its opening plus its extension for each word after the
    /// first, so that a run is explained as one gap rather than as words changed here and there.
    /// The sides are priced apart. A quotation that leaves out a clause keeps its other words in
    /// order, so a long run of source words left out costs little more than a short one: leaving out
    /// the twelve words of a clause between dashes (8 + 11) must cost less than changing the four
    /// quoted words before it (4 × 8) or calling them added (12 + 3 × 8). Opening costs no more than
    /// a change and an extension, so that a quoted word found inside a left-out run is matched there,
    /// splitting the run, rather than paired with a word beside it. A quotation word the source does
    /// not have is as much a sign of misquotation as a changed one, so it costs as much once its run
    /// is open.
    private static let omissionOpen = 8
    private static let omissionExtend = 1
    private static let additionOpen = 12
    private static let additionExtend = unlike

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
        // Affine gaps need a cost per cell for each way of ending there (Gotoh): a row's quotation
        // word ending at a column, on a source word or on none (`added`), the cheaper being its
        // `arrival`; a source word left out after it (`omitted`); `best` the cheapest of all, which
        // the next row starts from. The flags and moves record how each was reached, for the
        // traceback. Row 0 is all zero: source words before the passage are free.
        let unreachable = Int.max / 4
        var arrival = [Int](repeating: unreachable, count: rows * columns)
        var added = [Int](repeating: unreachable, count: rows * columns)
        var omitted = [Int](repeating: unreachable, count: rows * columns)
        var best = [Int](repeating: 0, count: rows * columns)
        var arrivedPaired = [Bool](repeating: false, count: rows * columns)
        var addedExtends = [Bool](repeating: false, count: rows * columns)
        var omittedExtends = [Bool](repeating: false, count: rows * columns)
        var bestMove = [Move](repeating: .arrival, count: rows * columns)
        for row in 1..<rows {
            let skip = row < breaks.count ? breaks[row] : .none
            // Where the quotation has an ellipsis, it says itself that words are left out.
            let (open, extend) = skip == .ellipsis ? (0, 0) : (Self.omissionOpen, Self.omissionExtend)
            for column in 0..<columns {
                let cell = row * columns + column, above = cell - columns
                let extendAddition = added[above] + Self.additionExtend, openAddition = best[above] + Self.additionOpen
                addedExtends[cell] = extendAddition <= openAddition
                added[cell] = min(extendAddition, openAddition)
                let paired = column > 0 ? best[above - 1] + pairCost(row, column) : unreachable
                arrivedPaired[cell] = paired <= added[cell]
                arrival[cell] = min(paired, added[cell])
                best[cell] = arrival[cell]
                guard column > 0 else { continue }
                if skip == .insertion {
                    for words in 1...min(QuotationPattern.insertionWordLimit, column) where arrival[cell - words] < best[cell] {
                        best[cell] = arrival[cell - words]
                        bestMove[cell] = .insertion(words: words)
                    }
                }
                let extendOmission = omitted[cell - 1] + extend, openOmission = best[cell - 1] + open
                omittedExtends[cell] = extendOmission <= openOmission
                omitted[cell] = min(extendOmission, openOmission)
                if omitted[cell] < best[cell] {
                    best[cell] = omitted[cell]
                    bestMove[cell] = .omission
                }
            }
        }
        let lastRow = (rows - 1) * columns
        let end = (0..<columns).min { arrival[lastRow + $0] < arrival[lastRow + $1] } ?? 0
        cost = arrival[lastRow + end]

        var steps: [Step] = []
        var row = rows - 1, column = end, state = TracebackState.arrival
        while row > 0 {
            let cell = row * columns + column
            switch state {
            case .best:
                switch bestMove[cell] {
                case .arrival:
                    state = .arrival
                case .omission:
                    state = .omitted
                case .insertion(let words):
                    steps.append(.skip)
                    column -= words
                    state = .arrival
                }
            case .omitted:
                let free = row < breaks.count && breaks[row] == .ellipsis
                steps.append(free ? .skip : .differ(quoted: nil, source: column - 1, onlyCaseOrPunctuation: false))
                state = omittedExtends[cell] ? .omitted : .best
                column -= 1
            case .arrival:
                guard arrivedPaired[cell] else {
                    state = .added
                    continue
                }
                let cost = pairCost(row, column)
                steps.append(cost == Self.same ? .same(quoted: row - 1, source: column - 1)
                             : .differ(quoted: row - 1, source: column - 1, onlyCaseOrPunctuation: cost == Self.alike))
                column -= 1
                row -= 1
                state = .best
            case .added:
                steps.append(.differ(quoted: row - 1, source: nil, onlyCaseOrPunctuation: false))
                state = addedExtends[cell] ? .added : .best
                row -= 1
            }
        }
        self.steps = steps.reversed()
    }

    /// How a cell's `best` was reached: by its arrival, by leaving out a source word, or by an
    /// insertion standing for source words.
    private enum Move {
        case arrival, omission, insertion(words: Int)
    }

    private enum TracebackState {
        case best, arrival, added, omitted
    }
}

private extension String {
    /// The word without its edge punctuation, or the word itself when it is all punctuation.
    var trimmingEdgePunctuation: String {
        String(decoding: Array(utf8)[...].trimmingEdgePunctuationUnlessAll, as: UTF8.self)
    }
}
