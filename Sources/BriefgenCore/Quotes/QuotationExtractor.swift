import CommonMark

/// A quotation found in a briefing's cmark tree, still attached to its place there so that
/// provenance can be added around it once it is verified.
struct ExtractedQuotation {
    enum Place {
        /// A paragraph of a block quote; `isFirst` when it is the first, whose source the block quote shows.
        case blockQuote(Node, isFirst: Bool)
        /// Text between double quotation marks in `paragraph`: `range` covers the marks too, in
        /// UTF-8 offsets of the paragraph's plain text.
        case inline(paragraph: Node, range: Range<Int>)
    }

    /// The quotation as a reader sees it (emphasis, links and annotations reduced to their text).
    var text: String
    var place: Place
    var line: Int
    var column: Int
}

/// Finds the quotations a briefing makes (SPEC §4): every paragraph inside a block quote, and every
/// inline quotation of four words or more between double quotation marks elsewhere.
struct QuotationExtractor {
    /// Inline quotations shorter than this are phrases, not quotations to check.
    static let minimumInlineWords = 4

    let locator: SourceLocator

    func quotations(in document: Document) -> [ExtractedQuotation] {
        var result: [ExtractedQuotation] = []
        visit(document.node, into: &result)
        return result
    }

    private func visit(_ node: Node, into result: inout [ExtractedQuotation]) {
        switch node.type {
        case .blockQuote:
            var paragraphs: [Node] = []
            collectParagraphs(of: node, into: &paragraphs, quotes: &result)
            for (index, paragraph) in paragraphs.enumerated() {
                let (line, column) = locator.location(of: paragraph.firstChild ?? paragraph, byteOffset: 0)
                result.append(ExtractedQuotation(text: paragraph.plainText, place: .blockQuote(node, isFirst: index == 0), line: line, column: column))
            }
        case .paragraph:
            result += inlineQuotations(in: node)
        case .document, .list, .item, .customBlock:
            for child in node.children { visit(child, into: &result) }
        default:
            break
        }
    }

    /// The paragraphs that belong to `blockQuote` itself; nested block quotes are visited on their own.
    private func collectParagraphs(of node: Node, into paragraphs: inout [Node], quotes: inout [ExtractedQuotation]) {
        for child in node.children {
            switch child.type {
            case .paragraph: paragraphs.append(child)
            case .blockQuote: visit(child, into: &quotes)
            case .list, .item, .customBlock: collectParagraphs(of: child, into: &paragraphs, quotes: &quotes)
            default: break
            }
        }
    }

    /// A double quotation mark at a UTF-8 offset of a paragraph's text: `"` (which may open or
    /// close), `“` (opens) or `”` (closes).
    private struct Mark {
        var length: Int
        var opens: Bool
        var closes: Bool

        init?(at offset: Int, in bytes: [UInt8]) {
            switch bytes[offset] {
            case UInt8(ascii: "\""):
                self.init(length: 1, opens: true, closes: true)
            case 0xE2 where offset + 2 < bytes.count && bytes[offset + 1] == 0x80 && bytes[offset + 2] == 0x9C:
                self.init(length: 3, opens: true, closes: false)  // U+201C “
            case 0xE2 where offset + 2 < bytes.count && bytes[offset + 1] == 0x80 && bytes[offset + 2] == 0x9D:
                self.init(length: 3, opens: false, closes: true)  // U+201D ”
            default:
                return nil
            }
        }

        private init(length: Int, opens: Bool, closes: Bool) {
            self.length = length
            self.opens = opens
            self.closes = closes
        }
    }

    /// Pairs double quotation marks in the paragraph's text. Marks inside code spans are code,
    /// not punctuation; an opening mark with no closing one before the next opening is dropped.
    /// The text is scanned byte by byte: the marks are found by their UTF-8 bytes, which is much
    /// cheaper than comparing every character of every paragraph.
    private func inlineQuotations(in paragraph: Node) -> [ExtractedQuotation] {
        let text = paragraph.plainText
        let bytes = Array(text.utf8)
        var result: [ExtractedQuotation] = []
        var opening: (offset: Int, length: Int)?
        var offset = 0
        while offset < bytes.count {
            guard let mark = Mark(at: offset, in: bytes) else {
                offset += 1
                continue
            }
            defer { offset += mark.length }
            guard paragraph.leaf(atPlainTextOffset: offset)?.node.type != .code else { continue }
            if let start = opening, mark.closes {
                opening = nil
                let inner = String(decoding: bytes[(start.offset + start.length)..<offset], as: UTF8.self)
                let range = start.offset..<(offset + mark.length)
                guard Self.wordCount(inner) >= Self.minimumInlineWords,
                    let (startLeaf, startOffset) = paragraph.leaf(atPlainTextOffset: start.offset)
                else { continue }
                let (line, column) = locator.location(of: startLeaf, byteOffset: startOffset)
                result.append(ExtractedQuotation(text: String(decoding: bytes[range], as: UTF8.self),
                                                 place: .inline(paragraph: paragraph, range: range), line: line, column: column))
            } else if mark.opens {
                opening = (offset, mark.length)
            }
        }
        return result
    }

    static func wordCount(_ text: String) -> Int {
        text.split(whereSeparator: \.isWhitespace).filter { word in
            word.unicodeScalars.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil }
        }.count
    }
}
