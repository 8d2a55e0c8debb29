import CommonMark

/// Turns positions in a cmark tree into the file line and character column that diagnostics
/// print, correcting for what cmark's source positions leave out: the source may spell text
/// differently from the rendered literal, and inline columns are off on a paragraph's later lines.
struct SourceLocator {
    let source: MarkdownSource
    private let sourceLines: [Substring]

    init(_ source: MarkdownSource) {
        self.source = source
        sourceLines = source.markdown.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// The file line and character column of a node, moved on by `byteOffset` bytes of its text
    /// (of its literal, for a text node: the source may spell that text differently).
    func location(of node: Node, byteOffset: Int) -> (line: Int, column: Int) {
        var current: Node? = node
        while let candidate = current, candidate.start == nil { current = candidate.parent }
        guard let located = current, let start = located.start else { return (source.firstLine, 1) }
        let lineIndex = start.line - 1
        guard sourceLines.indices.contains(lineIndex) else { return (source.fileLine(bodyLine: start.line), start.column) }
        let bytes = Array(sourceLines[lineIndex].utf8)
        let startByte = min(bytes.count, Self.sourceStartByte(of: located, at: start, in: bytes))
        var end = min(bytes.count, startByte + max(0, byteOffset))
        if byteOffset > 0, node.start != nil, node.type == .text, let literal = node.literal,
            let mapped = Self.sourceByte(ofLiteralOffset: byteOffset, in: literal, line: bytes, from: startByte) {
            end = mapped
        }
        let column = String(decoding: bytes[..<end], as: UTF8.self).count + 1
        return (source.fileLine(bodyLine: start.line), column)
    }

    /// The 0-based byte where `node` starts in its source line. cmark's inline columns are right
    /// on a paragraph's first line only: on later lines it counts from where the line's content
    /// starts (after `>` markers and indentation) but adds the first line's indentation instead.
    private static func sourceStartByte(of node: Node, at start: SourcePosition, in line: [UInt8]) -> Int {
        let reported = start.column - 1
        var ancestor = node.parent
        while let candidate = ancestor, candidate.type != .paragraph, candidate.type != .heading {
            ancestor = candidate.parent
        }
        guard let block = ancestor, let blockStart = block.start, blockStart.line != start.line else { return reported }
        let prefix = line.prefix { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: ">") }
        return max(0, reported - (blockStart.column - 1) + prefix.count)
    }

    /// Where `offset` bytes into a text node's literal fall in its source line, the literal
    /// starting at byte `start`: the source may spell a character as a backslash escape, a
    /// character reference (`&amp;`) or the straight quotes, hyphens and dots that smart
    /// punctuation turns into curly quotes, dashes and an ellipsis. Nil when they do not line up.
    private static func sourceByte(ofLiteralOffset offset: Int, in literal: String, line: [UInt8], from start: Int) -> Int? {
        let scalars = Array(literal.unicodeScalars)
        var position = start
        var consumed = 0
        var index = 0
        while consumed < offset {
            guard index < scalars.count, position < line.count else { return nil }
            let scalar = scalars[index]
            let spelled = Array(String(scalar).utf8)
            let rest = line[position...]
            let following = index + 1 < scalars.count ? Array(String(scalars[index + 1]).utf8) : []
            if let reference = characterReferenceLength(rest),
                !(rest.starts(with: spelled) && rest.dropFirst(spelled.count).starts(with: following)) {
                position += reference
            } else if rest.first == UInt8(ascii: "\\"), spelled.count == 1, spelled[0] < 0x80,
                rest.dropFirst().first == spelled[0], Self.isASCIIPunctuation(spelled[0]) {
                position += 2
            } else if rest.starts(with: spelled) {
                position += spelled.count
            } else if let smart = smartSpelling[scalar], rest.starts(with: smart.utf8) {
                position += smart.utf8.count
            } else {
                return nil
            }
            consumed += spelled.count
            index += 1
        }
        return consumed == offset ? position : nil
    }

    /// The length of the character reference (`&amp;`, `&#8217;`, `&#x2019;`) `text` starts with.
    private static func characterReferenceLength(_ text: ArraySlice<UInt8>) -> Int? {
        guard text.first == UInt8(ascii: "&"),
            let semicolon = text.prefix(34).firstIndex(of: UInt8(ascii: ";")) else { return nil }
        let name = text[(text.startIndex + 1)..<semicolon]
        guard !name.isEmpty, name.allSatisfy({ $0 == UInt8(ascii: "#") || Self.isASCIIAlphanumeric($0) }) else { return nil }
        return semicolon + 1 - text.startIndex
    }

    private static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    private static func isASCIIPunctuation(_ byte: UInt8) -> Bool {
        (0x21...0x2F).contains(byte) || (0x3A...0x40).contains(byte) || (0x5B...0x60).contains(byte)
            || (0x7B...0x7E).contains(byte)
    }

    private static let smartSpelling: [Unicode.Scalar: String] = [
        "\u{201C}": "\"", "\u{201D}": "\"", "\u{2018}": "'", "\u{2019}": "'",
        "\u{2013}": "--", "\u{2014}": "---", "\u{2026}": "...",
    ]
}
