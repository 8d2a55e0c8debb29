/// Finds a quotation pattern in one normalised source paragraph: every part, in order, without
/// overlap, each starting and ending at a word boundary where the part starts or ends with a
/// letter or digit.
struct PatternMatcher: Sendable {
    private typealias Element = QuotationPattern.Element

    private let pattern: QuotationPattern
    /// Per part: whether its first and its last character are word characters.
    private let wordEdges: [(start: Bool, end: Bool)]

    init(_ pattern: QuotationPattern) {
        self.pattern = pattern
        let bytes = pattern.text.bytes
        wordEdges = pattern.parts.map { part in
            func isWordEdge(_ element: Element?, atStart: Bool) -> Bool {
                switch element {
                case .literal(let range)?:
                    let scalar = atStart ? QuoteNormaliser.scalar(at: range.lowerBound, in: bytes).scalar
                        : QuoteNormaliser.scalar(before: range.upperBound, in: bytes)
                    return QuoteNormaliser.isWordScalar(scalar)
                case .letter?: return true
                case .insertion?, nil: return false
                }
            }
            return (isWordEdge(part.first, atStart: true), isWordEdge(part.last, atStart: false))
        }
    }

    /// The leftmost placement of the parts in `source`: one byte range per part, or nil.
    func firstMatch(in source: [UInt8]) -> [Range<Int>]? {
        firstMatch(ofPartsFrom: 0, in: source, from: 0)
    }

    private func firstMatch(ofPartsFrom partIndex: Int, in source: [UInt8], from: Int) -> [Range<Int>]? {
        guard partIndex < pattern.parts.count else { return [] }
        let part = pattern.parts[partIndex]
        // When the later parts cannot follow an end, they cannot follow any later end either.
        var laterPartsFailFrom = Int.max
        for start in from..<source.count where QuoteNormaliser.isCharacterBoundary(start, in: source) {
            guard !wordEdges[partIndex].start || start == 0
                || !QuoteNormaliser.isWordScalar(QuoteNormaliser.scalar(before: start, in: source)) else { continue }
            for end in ends(of: part, from: start, in: source) where end < laterPartsFailFrom {
                guard !wordEdges[partIndex].end || end == source.count
                    || !QuoteNormaliser.isWordScalar(QuoteNormaliser.scalar(at: end, in: source).scalar) else { continue }
                if let later = firstMatch(ofPartsFrom: partIndex + 1, in: source, from: end) {
                    return [start..<end] + later
                }
                laterPartsFailFrom = end
            }
        }
        return nil
    }

    /// Every position where `part` can end when it starts at `start`, ascending.
    private func ends(of part: [Element], from start: Int, in source: [UInt8]) -> [Int] {
        var ends: [Int] = []
        // Insertions branch; remembering where each was tried keeps adjacent ones from multiplying.
        var triedInsertions: Set<Int> = []
        func visit(_ elementIndex: Int, _ position: Int) {
            guard elementIndex < part.count else {
                ends.append(position)
                return
            }
            switch part[elementIndex] {
            case .literal(let range):
                if source[position...].starts(with: pattern.text.bytes[range]) {
                    visit(elementIndex + 1, position + range.count)
                }
            case .letter(_, let variants):
                for variant in variants where source[position...].starts(with: variant) {
                    visit(elementIndex + 1, position + variant.count)
                }
            case .insertion(let spaceBefore, let spaceAfter):
                guard triedInsertions.insert(elementIndex * (source.count + 1) + position).inserted else { return }
                for end in Self.insertionEnds(from: position, spaceBefore: spaceBefore, spaceAfter: spaceAfter, in: source) {
                    visit(elementIndex + 1, end)
                }
            }
        }
        visit(0, start)
        return ends.count > 1 ? Array(Set(ends)).sorted() : ends
    }

    /// Where an insertion that starts at `position` may end: after zero to six source words, with a
    /// space at either end where the quotation has one. Without a space it may end inside a word,
    /// so that `Japan[ese]` stands for the rest of "Japanese".
    private static func insertionEnds(from position: Int, spaceBefore: Bool, spaceAfter: Bool, in source: [UInt8]) -> [Int] {
        let space = QuoteNormaliser.space
        if spaceBefore, position == source.count || source[position] != space { return [] }
        var ends: [Int] = []
        var words = 0
        var end = position
        while true {
            let spacedAsQuoted = (!spaceBefore || end > position) && (!spaceAfter || (end > position && source[end - 1] == space))
            if spacedAsQuoted, QuoteNormaliser.isCharacterBoundary(end, in: source) { ends.append(end) }
            guard end < source.count else { break }
            if source[end] != space, end == position || source[end - 1] == space {
                words += 1
                if words > QuotationPattern.insertionWordLimit { break }
            }
            end += 1
        }
        return ends
    }
}
