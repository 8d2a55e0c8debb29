/// One paragraph of a source article, as its plain text renders (paragraphs numbered from 1).
public struct SourceParagraph: Sendable, Hashable {
    /// The article's slug.
    public var article: String
    /// The paragraph's 1-based number within the article.
    public var number: Int
    /// The paragraph's plain text, as cmark renders it with smart punctuation.
    public var text: String

    /// Creates a paragraph record.
    public init(article: String, number: Int, text: String) {
        self.article = article
        self.number = number
        self.text = text
    }
}

/// Every source paragraph of a build, normalised and indexed once by its words and word bigrams,
/// so that verifying a quotation only looks at the few paragraphs that can contain it.
public struct SourceIndex: Sendable {
    struct Paragraph: Sendable {
        var source: SourceParagraph
        var text: NormalisedText
    }

    /// The paragraphs by article, then number; everything else refers to them by position, so
    /// positions ascend with paragraph numbers within an article.
    let paragraphs: [Paragraph]
    /// Each article's paragraphs, by ascending number.
    let paragraphsByArticle: [String: [Int]]
    /// Words as `QuoteNormaliser.indexKey` keys them, numbered.
    private let wordIDs: [String: Int32]
    /// Pairs of word numbers, the second word directly following the first, numbered.
    private let bigramIDs: [UInt64: Int32]
    private let paragraphsByWord: Postings
    private let paragraphsByBigram: Postings

    /// Indexes `paragraphs` in one pass.
    public init(_ paragraphs: [SourceParagraph]) {
        let paragraphs = paragraphs.sorted { ($0.article, $0.number) < ($1.article, $1.number) }
        var indexed: [Paragraph] = []
        var wordIDs: [String: Int32] = [:]
        var bigramIDs: [UInt64: Int32] = [:]
        var paragraphsByWord = Postings.Builder()
        var paragraphsByBigram = Postings.Builder()
        indexed.reserveCapacity(paragraphs.count)
        for (position, paragraph) in paragraphs.enumerated() {
            let text = QuoteNormaliser.normalise(paragraph.text)
            let id = Int32(truncatingIfNeeded: position)
            var previousWord: Int32?
            for run in QuoteNormaliser.wordRuns(in: text.bytes) {
                let word = wordIDs.number(QuoteNormaliser.indexKey(text.bytes[run]))
                paragraphsByWord.add(word, in: id)
                if let previousWord {
                    paragraphsByBigram.add(bigramIDs.number(Self.bigram(previousWord, word)), in: id)
                }
                previousWord = word
            }
            indexed.append(Paragraph(source: paragraph, text: text))
        }
        self.paragraphs = indexed
        self.wordIDs = wordIDs
        self.bigramIDs = bigramIDs
        self.paragraphsByWord = paragraphsByWord.build()
        self.paragraphsByBigram = paragraphsByBigram.build()
        paragraphsByArticle = Dictionary(grouping: indexed.indices) { indexed[$0].source.article }
    }

    private static func bigram(_ first: Int32, _ second: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: first)) << 32 | UInt64(UInt32(bitPattern: second))
    }

    /// The paragraphs that may contain `pattern`, ascending: those holding its rarest word bigram
    /// (or, for a quotation of single words, its rarest word). Nil when the quotation has no whole
    /// word to look up, so that any paragraph may contain it.
    func candidates(for pattern: QuotationPattern) -> [Int]? {
        let words = pattern.lookupWords
        guard !words.isEmpty else { return nil }
        var ids: [Int32] = []
        for word in words {
            guard let id = wordIDs[word.key] else { return [] }
            ids.append(id)
        }
        let bigrams = words.indices.dropFirst().filter { words[$0].followsPrevious }
        let postings = bigrams.isEmpty
            ? ids.map { paragraphsByWord[$0] }
            : bigrams.map { bigramIDs[Self.bigram(ids[$0 - 1], ids[$0])].map { paragraphsByBigram[$0] } ?? [] }
        return (postings.min { $0.count < $1.count } ?? []).map(Int.init)
    }

    /// The paragraphs sharing the most distinct words with `words` (index keys), best first, at
    /// most `limit`: where to look for a nearest passage when the allowed articles give none.
    func paragraphsSharingMostWords(with words: [String], limit: Int) -> [Int] {
        var shared: [Int32: Int] = [:]
        for key in Set(words) {
            guard let id = wordIDs[key] else { continue }
            for paragraph in paragraphsByWord[id] { shared[paragraph, default: 0] += 1 }
        }
        return shared.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(limit).map { Int($0.key) }
    }
}

/// For each key of an index (numbered from 0), the paragraphs where it occurs, ascending, stored
/// flat so that the index holds no array per key.
struct Postings: Sendable {
    /// Where each key's paragraphs start in `paragraphs`; one entry more than there are keys.
    private let starts: [Int32]
    private let paragraphs: [Int32]

    subscript(key: Int32) -> ArraySlice<Int32> {
        paragraphs[Int(starts[Int(key)])..<Int(starts[Int(key) + 1])]
    }

    /// Collects occurrences in paragraph order.
    struct Builder {
        private var keys: [Int32] = []
        private var paragraphs: [Int32] = []
        /// By key: the last paragraph recorded, so that each is recorded once.
        private var lastParagraph: [Int32] = []

        mutating func add(_ key: Int32, in paragraph: Int32) {
            while lastParagraph.count <= Int(key) { lastParagraph.append(-1) }
            guard lastParagraph[Int(key)] != paragraph else { return }
            lastParagraph[Int(key)] = paragraph
            keys.append(key)
            paragraphs.append(paragraph)
        }

        /// Groups the occurrences by key with a counting sort, which keeps each key's paragraphs in order.
        func build() -> Postings {
            var starts = [Int32](repeating: 0, count: lastParagraph.count + 1)
            for key in keys { starts[Int(key) + 1] += 1 }
            for key in lastParagraph.indices { starts[key + 1] += starts[key] }
            var next = starts
            var grouped = [Int32](repeating: 0, count: paragraphs.count)
            for (key, paragraph) in zip(keys, paragraphs) {
                grouped[Int(next[Int(key)])] = paragraph
                next[Int(key)] += 1
            }
            return Postings(starts: starts, paragraphs: grouped)
        }
    }
}

private extension Dictionary where Value == Int32 {
    /// The number of `key`, numbering it next if it is new.
    mutating func number(_ key: Key) -> Int32 {
        if let known = self[key] { return known }
        let number = Int32(truncatingIfNeeded: count)
        self[key] = number
        return number
    }
}
