import CommonMark

/// Turns positions in a cmark tree into the file line and character column that diagnostics
/// print, correcting for what cmark's source positions leave out: the source may spell text
/// differently from the rendered literal, and inline positions are off on a paragraph's later
/// lines, after a backslash hard break, and for links whose text spans lines.
struct SourceLocator {
    let source: MarkdownSource
    private let sourceLines: [Substring]

    /// The bytes of a byte order mark the body starts with: cmark skips it, so its columns on the
    /// first line start after it.
    private let byteOrderMark: Int

    init(_ source: MarkdownSource) {
        self.source = source
        sourceLines = source.markdown.split(separator: "\n", omittingEmptySubsequences: false)
        byteOrderMark = source.markdown.utf8.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    /// The file line and character column of a node, moved on by `byteOffset` bytes of its text
    /// (of its literal, for a text node: the source may spell that text differently).
    func location(of node: Node, byteOffset: Int) -> (line: Int, column: Int) {
        var current: Node? = node
        while let candidate = current, candidate.start == nil { current = candidate.parent }
        guard let located = current, let start = located.start else { return (source.firstLine, 1) }
        guard sourceLines.indices.contains(start.line - 1) else { return (source.fileLine(bodyLine: start.line), start.column) }
        let (lineIndex, reportedByte) = sourceStart(of: located, reported: start)
        let bytes = Array(sourceLines[lineIndex].utf8)
        var startByte = min(bytes.count, reportedByte)
        var end = min(bytes.count, startByte + max(0, byteOffset))
        if byteOffset > 0, node.start != nil, node.type == .text, let literal = node.literal {
            // What is left of a run of `*` or `_` that emphasis used in part keeps the run's
            // start column: the literal then lines up a few delimiters further on.
            var mapped = Self.sourceByte(ofLiteralOffset: byteOffset, in: literal, line: bytes, from: startByte)
            while mapped == nil, startByte < bytes.count, bytes[startByte] == UInt8(ascii: "*") || bytes[startByte] == UInt8(ascii: "_") {
                startByte += 1
                mapped = Self.sourceByte(ofLiteralOffset: byteOffset, in: literal, line: bytes, from: startByte)
            }
            if let mapped { end = mapped }
        }
        // Never count a part of a character: a column lies on a scalar boundary within the line.
        while end > 0, end < bytes.count, bytes[end] & 0xC0 == 0x80 { end -= 1 }
        let column = min(String(decoding: bytes[..<end], as: UTF8.self).count, String(decoding: bytes, as: UTF8.self).count) + 1
        return (source.fileLine(bodyLine: lineIndex + 1), column)
    }

    /// The 0-based source line and byte where `node` starts. Blocks start where cmark says; the
    /// inlines of a paragraph or heading are mapped through the block's content (its lines without
    /// `>` markers and indentation, joined by line ends), mirroring how cmark counts:
    /// - cmark counts an inline's column from the start of the content line, adding the block's
    ///   first-line indentation, not that line's own;
    /// - its line count misses the line end of a backslash hard break (`\` at the end of a line),
    ///   and its column then goes on counting from the line before;
    /// - a link or image gets the line of its `]` with the column of its `[`, which differ when
    ///   its text spans lines.
    private func sourceStart(of node: Node, reported: SourcePosition) -> (line: Int, byte: Int) {
        let fallback = (reported.line - 1, max(0, reported.column - 1) + (reported.line == 1 ? byteOrderMark : 0))
        var ancestor = node.parent
        while let candidate = ancestor, candidate.type != .paragraph, candidate.type != .heading {
            ancestor = candidate.parent
        }
        guard let block = ancestor, let blockStart = block.start else { return fallback }
        var quoteDepth = 0
        var itemContentColumns: [Int] = []  // innermost first
        var container = block.parent
        while let candidate = container {
            if candidate.type == .blockQuote { quoteDepth += 1 }
            if candidate.type == .item, let column = candidate.firstChild?.start?.column { itemContentColumns.append(column) }
            container = candidate.parent
        }
        let content = BlockContent(lines: sourceLines, start: blockStart, quoteDepth: quoteDepth,
                                   itemContentColumns: itemContentColumns, byteOrderMark: byteOrderMark)
        let handledLine = reported.line - blockStart.line
        let offset = reported.column - blockStart.column
        guard handledLine >= 0, offset >= 0 else { return fallback }
        if node.type == .link || node.type == .image {
            let opener = UInt8(ascii: node.type == .link ? "[" : "!")
            for candidate in stride(from: handledLine, through: 0, by: -1) {
                if let position = content.sourcePosition(handledLine: candidate, offset: offset),
                    sourceLines[position.line].utf8.dropFirst(position.byte).first == opener {
                    return position
                }
            }
        }
        return content.sourcePosition(handledLine: handledLine, offset: offset) ?? fallback
    }

    /// A paragraph's or heading's lines as cmark's inline parser sees them, up to the first blank
    /// line: the first from the block's start column, the others without their `>` markers and
    /// leading white space, except that a lazy continuation line (one missing a `>` or the list
    /// item's indentation) keeps the white space after the markers it has.
    private struct BlockContent {
        /// For each content line: its source line, the byte it starts at there, its length in bytes.
        var lines: [(line: Int, byte: Int, length: Int)] = []
        /// The content line each of cmark's lines starts at: a line end after a backslash hard
        /// break does not start one.
        var handledStarts: [Int] = [0]

        init(lines source: [Substring], start: SourcePosition, quoteDepth: Int, itemContentColumns: [Int], byteOrderMark: Int) {
            var index = start.line - 1
            while source.indices.contains(index) {
                let bytes = Array(source[index].utf8)
                var first = min(bytes.count, start.column - 1 + (index == 0 ? byteOrderMark : 0))
                if index != start.line - 1 {
                    let (markers, afterMarkers) = Self.quoteMarkers(bytes, depth: quoteDepth)
                    let text = afterMarkers + bytes[afterMarkers...].prefix { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }.count
                    if markers < quoteDepth {
                        first = afterMarkers
                    } else if let innermost = itemContentColumns.first, text + 1 < innermost {
                        // Lazy in a list item: the indentation of the items it does reach is consumed.
                        let consumed = itemContentColumns.map { $0 - 1 }.filter { $0 <= text }.max() ?? 0
                        first = max(afterMarkers, consumed)
                    } else {
                        first = text
                    }
                }
                let rest = bytes[first...]
                if !lines.isEmpty, rest.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }) {
                    break
                }
                lines.append((index, first, rest.count))
                let trimmed = rest.last == UInt8(ascii: "\r") ? rest.dropLast() : rest[...]
                let backslashes = trimmed.reversed().prefix { $0 == UInt8(ascii: "\\") }.count
                if backslashes % 2 == 0 { handledStarts.append(lines.count) }
                index += 1
            }
        }

        /// How many of the `depth` block quote markers (indentation, `>`, an optional space) a line
        /// starts with, and the byte after them. The indentation before a marker may include a
        /// list item's, so it is not limited to three spaces.
        private static func quoteMarkers(_ bytes: [UInt8], depth: Int) -> (count: Int, end: Int) {
            var count = 0, end = 0
            while count < depth {
                var position = end
                while position < bytes.count, bytes[position] == UInt8(ascii: " ") { position += 1 }
                guard position < bytes.count, bytes[position] == UInt8(ascii: ">") else { return (count, end) }
                position += 1
                if position < bytes.count, bytes[position] == UInt8(ascii: " ") { position += 1 }
                count += 1
                end = position
            }
            return (count, end)
        }

        /// The source line and byte `offset` bytes into cmark's line `handledLine` of the content.
        func sourcePosition(handledLine: Int, offset: Int) -> (line: Int, byte: Int)? {
            guard handledStarts.indices.contains(handledLine) else { return nil }
            var line = handledStarts[handledLine]
            var offset = offset
            while lines.indices.contains(line), offset > lines[line].length, line + 1 < lines.count {
                offset -= lines[line].length + 1
                line += 1
            }
            guard lines.indices.contains(line) else { return nil }
            return (lines[line].line, lines[line].byte + min(offset, lines[line].length))
        }
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
