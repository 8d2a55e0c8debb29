import Foundation

/// Text folded for comparing quotations with their sources (SPEC §4), as UTF-8 bytes, with the way
/// back to the original text.
struct NormalisedText: Sendable {
    /// The folded text: NFC, every quotation mark `"`, every run of dashes one `-`, every run of
    /// white space one space.
    var bytes: [UInt8]
    /// `origin[i]` is the UTF-8 offset in the original text of the character that byte `i` comes
    /// from; `origin[bytes.count]` is the original's length. Folded characters cover the original
    /// without gaps, so the original of the bytes `i..<j` (at character boundaries) is
    /// `origin[i]..<origin[j]`. 32 bits, because every source paragraph of a build keeps its map.
    var origin: [Int32]

    /// The UTF-8 range in the original text of the folded bytes `range`.
    func originalRange(of range: Range<Int>) -> Range<Int> {
        Int(origin[range.lowerBound])..<Int(origin[range.upperBound])
    }
}

/// The folding both sides of a quotation check go through, and the character classes it relies on.
enum QuoteNormaliser {
    static let quotationMark = UInt8(ascii: "\"")
    static let dash = UInt8(ascii: "-")
    static let space = UInt8(ascii: " ")

    private static let quotationMarks: Set<Unicode.Scalar> = [
        "\"", "\u{201C}", "\u{201D}", "\u{201E}", "\u{201F}", "'", "\u{2018}", "\u{2019}", "\u{201A}", "\u{201B}",
        "\u{00AB}", "\u{00BB}", "\u{2039}", "\u{203A}",
    ]
    private static let dashes: Set<Unicode.Scalar> = [
        "-", "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2015}", "\u{2212}",
    ]

    static func normalise(_ text: String) -> NormalisedText {
        var folder = Folder(capacity: text.utf8.count)
        var text = text
        text.withUTF8 { utf8 in
            var offset = 0
            while offset < utf8.count {
                // An ASCII character followed by another (or by nothing) is a whole character,
                // already in NFC: the common case, folded without building a Character.
                if utf8[offset] < 0x80, offset + 1 == utf8.count || utf8[offset + 1] < 0x80 {
                    folder.append(ascii: utf8[offset], from: offset)
                    offset += 1
                    continue
                }
                var end = offset + 1
                while end < utf8.count, !(utf8[end] < 0x80 && (end + 1 == utf8.count || utf8[end + 1] < 0x80)) { end += 1 }
                var characterOffset = offset
                for character in String(decoding: UnsafeBufferPointer(rebasing: utf8[offset..<end]), as: UTF8.self) {
                    folder.append(character, from: characterOffset)
                    characterOffset += character.utf8.count
                }
                offset = end
            }
        }
        return folder.finish(length: text.utf8.count)
    }

    /// Builds a normalised text one original character at a time.
    private struct Folder {
        var bytes: [UInt8] = []
        var origin: [Int32] = []

        init(capacity: Int) {
            bytes.reserveCapacity(capacity)
            origin.reserveCapacity(capacity + 1)
        }

        mutating func append(ascii: UInt8, from offset: Int) {
            switch ascii {
            case 0x09...0x0D, space: appendCollapsing(space, from: offset)  // ASCII white space
            case dash: appendCollapsing(dash, from: offset)
            case quotationMark, UInt8(ascii: "'"): push(quotationMark, from: offset)
            default: push(ascii, from: offset)
            }
        }

        mutating func append(_ character: Character, from offset: Int) {
            if character.isWhitespace { return appendCollapsing(space, from: offset) }
            let scalars = character.unicodeScalars
            if scalars.count == 1, let scalar = scalars.first {
                if quotationMarks.contains(scalar) { return push(quotationMark, from: offset) }
                if dashes.contains(scalar) { return appendCollapsing(dash, from: offset) }
                // Below U+0300 every character is already in NFC; asking Foundation is the slow path.
                if scalar.value < 0x300 {
                    for byte in character.utf8 { push(byte, from: offset) }
                    return
                }
            }
            for byte in String(character).precomposedStringWithCanonicalMapping.utf8 { push(byte, from: offset) }
        }

        /// A run of white space or of dashes folds into its first character, which then stands for
        /// the whole run in the offset map.
        private mutating func appendCollapsing(_ byte: UInt8, from offset: Int) {
            if bytes.last != byte { push(byte, from: offset) }
        }

        private mutating func push(_ byte: UInt8, from offset: Int) {
            bytes.append(byte)
            origin.append(Int32(truncatingIfNeeded: offset))
        }

        mutating func finish(length: Int) -> NormalisedText {
            origin.append(Int32(truncatingIfNeeded: length))
            return NormalisedText(bytes: bytes, origin: origin)
        }
    }

    // MARK: Scalars in UTF-8

    /// The scalar whose encoding starts at `index`, and the encoding's length. `bytes` is valid UTF-8.
    static func scalar<Bytes: RandomAccessCollection<UInt8>>(at index: Int, in bytes: Bytes) -> (scalar: Unicode.Scalar, length: Int)
    where Bytes.Index == Int {
        let lead = bytes[index]
        guard lead >= 0x80 else { return (Unicode.Scalar(lead), 1) }
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        var value = UInt32(lead) & (0x7F >> length)
        for continuation in bytes[(index + 1)..<min(index + length, bytes.endIndex)] {
            value = value << 6 | UInt32(continuation & 0x3F)
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    /// The scalar whose encoding ends just before `index` (which is after `bytes.startIndex`).
    static func scalar<Bytes: RandomAccessCollection<UInt8>>(before index: Int, in bytes: Bytes) -> Unicode.Scalar
    where Bytes.Index == Int {
        var start = index - 1
        while start > bytes.startIndex, bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return scalar(at: start, in: bytes).scalar
    }

    static func isCharacterBoundary(_ index: Int, in bytes: [UInt8]) -> Bool {
        index == bytes.count || bytes[index] & 0xC0 != 0x80
    }

    // MARK: Character classes

    /// Letters, marks and digits: what a match may not cut through at its edges.
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            return ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: true
        default: false
        }
    }

    /// White space and punctuation (quotation marks and dashes included): what a quotation may
    /// carry at its edges without the source having it there.
    static func isIgnorableAtEdge(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? asciiIgnorableAtEdge[Int(scalar.value)] : isWhiteSpaceOrPunctuation(scalar)
    }

    /// The same for ASCII, looked up once: it is asked of every byte at the edges of every word aligned.
    private static let asciiIgnorableAtEdge = (0..<128).map { isWhiteSpaceOrPunctuation(Unicode.Scalar(UInt8($0))) }

    private static func isWhiteSpaceOrPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation, .spaceSeparator,
             .lineSeparator, .paragraphSeparator:
            return true
        default:
            return scalar.properties.isWhitespace
        }
    }

    // MARK: Words

    /// The maximal runs of word scalars in `bytes`: the words the source index is keyed by.
    static func wordRuns(in bytes: [UInt8]) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var runStart: Int?
        var index = 0
        while index < bytes.count {
            let (scalar, length) = scalar(at: index, in: bytes)
            if isWordScalar(scalar) {
                if runStart == nil { runStart = index }
            } else if let start = runStart {
                runs.append(start..<index)
                runStart = nil
            }
            index += length
        }
        if let start = runStart { runs.append(start..<bytes.count) }
        return runs
    }

    /// A word as the index keys it: lowercased, so that the quotation's first letter and `[T]he`
    /// find their paragraphs whatever their case.
    static func indexKey(_ word: ArraySlice<UInt8>) -> String {
        guard word.allSatisfy({ $0 < 0x80 }) else { return String(decoding: word, as: UTF8.self).lowercased() }
        return String(unsafeUninitializedCapacity: word.count) { buffer in
            for (offset, byte) in word.enumerated() { buffer[offset] = (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }
            return word.count
        }
    }
}

extension ArraySlice<UInt8> {
    /// The text without the white space and punctuation at its start.
    var droppingLeadingPunctuation: ArraySlice<UInt8> {
        var start = startIndex
        while start < endIndex, case let (scalar, length) = QuoteNormaliser.scalar(at: start, in: self),
              QuoteNormaliser.isIgnorableAtEdge(scalar) {
            start += length
        }
        return self[start...]
    }

    /// The text without the white space and punctuation at its end.
    var droppingTrailingPunctuation: ArraySlice<UInt8> {
        var end = endIndex
        while end > startIndex, QuoteNormaliser.isIgnorableAtEdge(QuoteNormaliser.scalar(before: end, in: self)) {
            repeat { end -= 1 } while self[end] & 0xC0 == 0x80
        }
        return self[..<end]
    }

    var trimmingEdgePunctuation: ArraySlice<UInt8> { droppingLeadingPunctuation.droppingTrailingPunctuation }

    /// The text without its edge punctuation, or all of it when it is nothing but punctuation.
    var trimmingEdgePunctuationUnlessAll: ArraySlice<UInt8> {
        let bare = trimmingEdgePunctuation
        return bare.isEmpty ? self : bare
    }
}
