/// A quotation read for matching (SPEC §4): normalised, its edges trimmed, its editorial marks
/// turned into parts (split at ellipses) of literal text, either-case letters and insertions.
struct QuotationPattern: Sendable {
    enum Element: Sendable {
        /// Bytes of `text` that the source must have exactly.
        case literal(Range<Int>)
        /// A letter of `text` the source may have in either case: the quotation's first letter, or
        /// the `T` of `[T]he`. `variants` are its encodings in every case.
        case letter(Range<Int>, variants: [[UInt8]])
        /// `[like this]`: up to six words of the source. The flags say whether the quotation
        /// separates it from its neighbours by a space, which the source must then have too.
        case insertion(spaceBefore: Bool, spaceAfter: Bool)

        var isLetter: Bool {
            if case .letter = self { return true }
            return false
        }
    }

    /// A stretch of a part between insertions, as one text: what lookup keys and word alignment use.
    struct Segment: Sendable {
        var bytes: [UInt8]
        /// For each byte, its index in `text.bytes`.
        var positions: [Int]
        /// Offsets in `bytes` of either-case letters.
        var caselessOffsets: Set<Int>
        /// Whether an insertion glued to the first or last word (no space between) makes that word partial.
        var openStart: Bool
        var openEnd: Bool
    }

    /// The ways of writing an ellipsis: `…` (what cmark's smart punctuation makes of `...`), `...`
    /// itself, and `. . .`.
    private static let ellipses: [[UInt8]] = [Array("…".utf8), Array("...".utf8), Array(". . .".utf8)]
    /// The maximum number of source words an insertion stands for.
    static let insertionWordLimit = 6

    /// The quotation as given.
    let quotation: String
    /// The whole quotation, normalised.
    let text: NormalisedText
    /// The parts between ellipses, in order; each starts and ends with a letter or a literal.
    /// Empty when the quotation has no text to look for.
    let parts: [[Element]]
    /// The same parts as segments.
    let segments: [[Segment]]

    init(_ quotation: String) {
        let text = QuoteNormaliser.normalise(quotation)
        self.quotation = quotation
        self.text = text
        let parts = Self.splitAtEllipses(Self.marks(in: text.bytes))
            .map { Self.trimmed(Self.joined($0, in: text.bytes), in: text.bytes) }
            .filter { !$0.isEmpty }
        self.parts = Self.withCaselessFirstLetter(parts, in: text.bytes)
        segments = self.parts.map { Self.segments(of: $0, in: text.bytes) }
    }

    // MARK: Reading the editorial marks

    private enum Mark {
        case literal(Range<Int>)
        case ellipsis
        case insertion
        case letter(Range<Int>)
    }

    private static func marks(in bytes: [UInt8]) -> [Mark] {
        var marks: [Mark] = []
        var literalStart = 0
        var index = 0
        func close(_ mark: Mark?, resumingAt resume: Int) {
            if literalStart < index { marks.append(.literal(literalStart..<index)) }
            if let mark { marks.append(mark) }
            index = resume
            literalStart = resume
        }
        while index < bytes.count {
            if let ellipsis = ellipses.first(where: { bytes[index...].starts(with: $0) }) {
                close(.ellipsis, resumingAt: index + ellipsis.count)
            } else if bytes[index] == UInt8(ascii: "["), let end = closingBracket(after: index, in: bytes) {
                close(bracketed((index + 1)..<end, in: bytes), resumingAt: end + 1)
            } else {
                index += 1
            }
        }
        close(nil, resumingAt: bytes.count)
        return marks
    }

    private static func closingBracket(after open: Int, in bytes: [UInt8]) -> Int? {
        for index in (open + 1)..<bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "]"): return index
            case UInt8(ascii: "["): return nil
            default: continue
            }
        }
        return nil
    }

    /// What `[inner]` means; nil for `[sic]`, which is dropped.
    private static func bracketed(_ inner: Range<Int>, in bytes: [UInt8]) -> Mark? {
        let content = bytes[inner].trimmingSpaces
        if ellipses.contains(where: { $0.elementsEqual(content) }) { return .ellipsis }
        if QuoteNormaliser.indexKey(content) == "sic" { return nil }
        if !inner.isEmpty, case let (letter, length) = QuoteNormaliser.scalar(at: inner.lowerBound, in: bytes),
           length == inner.count, QuoteNormaliser.isLetter(letter), inner.upperBound + 1 < bytes.count,
           QuoteNormaliser.isLetter(QuoteNormaliser.scalar(at: inner.upperBound + 1, in: bytes).scalar) {
            return .letter(inner)
        }
        return .insertion
    }

    private static func splitAtEllipses(_ marks: [Mark]) -> [[Mark]] {
        var parts: [[Mark]] = [[]]
        for mark in marks {
            if case .ellipsis = mark { parts.append([]) } else { parts[parts.count - 1].append(mark) }
        }
        return parts
    }

    /// Elements of one part, with the spaces around insertions moved into their flags, and the
    /// double space left where `[sic]` was dropped collapsed.
    private static func joined(_ marks: [Mark], in bytes: [UInt8]) -> [Element] {
        var elements: [Element] = []
        for mark in marks {
            switch mark {
            case .literal(var range):
                switch elements.last {
                case .literal(let previous)? where bytes[previous.upperBound - 1] == QuoteNormaliser.space:
                    if bytes[range.lowerBound] == QuoteNormaliser.space { range = range.dropFirst() }
                case .insertion(let spaceBefore, _)? where bytes[range.lowerBound] == QuoteNormaliser.space:
                    elements[elements.count - 1] = .insertion(spaceBefore: spaceBefore, spaceAfter: true)
                    range = range.dropFirst()
                default:
                    break
                }
                if !range.isEmpty { elements.append(.literal(range)) }
            case .insertion:
                var spaceBefore = false
                if case .literal(let previous)? = elements.last, bytes[previous.upperBound - 1] == QuoteNormaliser.space {
                    spaceBefore = true
                    elements.removeLast()
                    if previous.count > 1 { elements.append(.literal(previous.dropLast())) }
                }
                elements.append(.insertion(spaceBefore: spaceBefore, spaceAfter: false))
            case .letter(let range):
                elements.append(.letter(range, variants: caseVariants(of: range, in: bytes)))
            case .ellipsis:
                break
            }
        }
        return elements
    }

    /// Drops what the quotation may carry at a part's edges: insertions, white space and punctuation.
    private static func trimmed(_ elements: [Element], in bytes: [UInt8]) -> [Element] {
        var elements = elements[...]
        while case let first? = elements.first, !first.isLetter {
            if case .literal(let range) = first, case let kept = bytes[range].trimmingEdgePunctuation, !kept.isEmpty {
                elements[elements.startIndex] = .literal(kept.startIndex..<range.upperBound)
                break
            }
            elements.removeFirst()
        }
        while case let last? = elements.last, !last.isLetter {
            if case .literal(let range) = last, case let kept = bytes[range].trimmingEdgePunctuation, !kept.isEmpty {
                elements[elements.endIndex - 1] = .literal(range.lowerBound..<kept.endIndex)
                break
            }
            elements.removeLast()
        }
        return Array(elements)
    }

    /// Splits off the quotation's first letter, whose case is ignored.
    private static func withCaselessFirstLetter(_ parts: [[Element]], in bytes: [UInt8]) -> [[Element]] {
        guard case .literal(let range)? = parts.first?.first else { return parts }
        let (scalar, length) = QuoteNormaliser.scalar(at: range.lowerBound, in: bytes)
        guard QuoteNormaliser.isLetter(scalar) else { return parts }
        let letter = range.lowerBound..<(range.lowerBound + length)
        var first: [Element] = [.letter(letter, variants: caseVariants(of: letter, in: bytes))]
        if letter.upperBound < range.upperBound { first.append(.literal(letter.upperBound..<range.upperBound)) }
        return [first + parts[0].dropFirst()] + parts.dropFirst()
    }

    private static func caseVariants(of letter: Range<Int>, in bytes: [UInt8]) -> [[UInt8]] {
        let scalar = QuoteNormaliser.scalar(at: letter.lowerBound, in: bytes).scalar
        var variants = [Array(bytes[letter])]
        for variant in [scalar.properties.lowercaseMapping, scalar.properties.uppercaseMapping, scalar.properties.titlecaseMapping] {
            let encoded = Array(variant.utf8)
            if !variants.contains(encoded) { variants.append(encoded) }
        }
        return variants
    }

    private static func segments(of part: [Element], in bytes: [UInt8]) -> [Segment] {
        var segments: [Segment] = []
        var current = Segment(bytes: [], positions: [], caselessOffsets: [], openStart: false, openEnd: false)
        for element in part {
            switch element {
            case .literal(let range):
                current.bytes += bytes[range]
                current.positions += range
            case .letter(let range, _):
                current.caselessOffsets.insert(current.bytes.count)
                current.bytes += bytes[range]
                current.positions += range
            case .insertion(let spaceBefore, let spaceAfter):
                current.openEnd = !spaceBefore
                segments.append(current)
                current = Segment(bytes: [], positions: [], caselessOffsets: [], openStart: !spaceAfter, openEnd: false)
            }
        }
        segments.append(current)
        return segments.filter { !$0.bytes.isEmpty }
    }

    // MARK: Lookup keys

    /// Words of the quotation that are whole words of any source that contains it, lowercased,
    /// with whether each follows the previous one directly (only non-word characters between).
    /// A word glued to an insertion may be the end of a longer source word, so it is left out.
    var lookupWords: [(key: String, followsPrevious: Bool)] {
        var words: [(key: String, followsPrevious: Bool)] = []
        for segment in segments.joined() {
            let runs = QuoteNormaliser.wordRuns(in: segment.bytes)
            var previousWasKept = false
            for run in runs {
                let partial = (segment.openStart && run.lowerBound == 0) || (segment.openEnd && run.upperBound == segment.bytes.count)
                if partial {
                    previousWasKept = false
                    continue
                }
                words.append((QuoteNormaliser.indexKey(segment.bytes[run]), previousWasKept))
                previousWasKept = true
            }
        }
        return words
    }
}

private extension ArraySlice<UInt8> {
    var trimmingSpaces: ArraySlice<UInt8> {
        var slice = self
        while slice.first == QuoteNormaliser.space { slice.removeFirst() }
        while slice.last == QuoteNormaliser.space { slice.removeLast() }
        return slice
    }
}
