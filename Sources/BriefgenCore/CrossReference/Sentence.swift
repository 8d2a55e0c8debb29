/// Cuts the sentence around a mention out of its paragraph, for the "mentioned in" lists.
enum Sentence {
    /// The sentence holding `range` (UTF-8 offsets into `paragraph`) as HTML, the mention in `<mark>`.
    static func highlighted(in paragraph: String, range: Range<Int>) -> String {
        let bytes = Array(paragraph.utf8)
        let lower = min(max(0, range.lowerBound), bytes.count)
        let upper = min(max(lower, range.upperBound), bytes.count)
        let start = sentenceStart(in: bytes, before: lower)
        let end = sentenceEnd(in: bytes, after: upper)
        func text(_ slice: ArraySlice<UInt8>) -> String { HTML.escape(String(decoding: slice, as: UTF8.self)) }
        return text(bytes[start..<lower]) + "<mark>" + text(bytes[lower..<upper]) + "</mark>" + text(bytes[upper..<end])
    }

    private static let terminators: Set<UInt8> = [UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "?")]
    private static let space = UInt8(ascii: " ")

    /// A sentence ends at `.`, `!` or `?`, optionally followed by closing quotes or brackets,
    /// then a space. Closing curly quotes are multi-byte, so they are skipped as any non-space bytes.
    private static func isBoundary(_ bytes: [UInt8], spaceAt index: Int) -> Bool {
        guard bytes[index] == space else { return false }
        var cursor = index - 1
        while cursor >= 0, bytes[cursor] >= 0x80 || bytes[cursor] == UInt8(ascii: "\"") || bytes[cursor] == UInt8(ascii: ")") {
            if bytes[cursor] >= 0xC0 { cursor -= 1; break }
            cursor -= 1
        }
        return cursor >= 0 && terminators.contains(bytes[cursor])
    }

    private static func sentenceStart(in bytes: [UInt8], before index: Int) -> Int {
        var cursor = index - 1
        while cursor > 0 {
            if isBoundary(bytes, spaceAt: cursor) { return cursor + 1 }
            cursor -= 1
        }
        return 0
    }

    private static func sentenceEnd(in bytes: [UInt8], after index: Int) -> Int {
        var cursor = index
        while cursor < bytes.count {
            if isBoundary(bytes, spaceAt: cursor) { return cursor }
            cursor += 1
        }
        return bytes.count
    }
}
