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

    private static let openingMarks: Set<Character> = ["\u{201C}", "\""]
    private static let closingMarks: Set<Character> = ["\u{201D}", "\""]

    /// Pairs double quotation marks in the paragraph's text. Marks inside code spans are code,
    /// not punctuation; an opening mark with no closing one before the next opening is dropped.
    private func inlineQuotations(in paragraph: Node) -> [ExtractedQuotation] {
        let text = paragraph.plainText
        let bytes = Array(text.utf8)
        var result: [ExtractedQuotation] = []
        var opening: (offset: Int, length: Int)?
        var offset = 0
        for character in text {
            defer { offset += character.utf8.count }
            let isOpening = Self.openingMarks.contains(character)
            guard isOpening || Self.closingMarks.contains(character),
                paragraph.leaf(atPlainTextOffset: offset)?.node.type != .code
            else { continue }
            if let start = opening, Self.closingMarks.contains(character) {
                opening = nil
                let inner = String(decoding: bytes[(start.offset + start.length)..<offset], as: UTF8.self)
                let range = start.offset..<(offset + character.utf8.count)
                guard Self.wordCount(inner) >= Self.minimumInlineWords,
                    let (startLeaf, startOffset) = paragraph.leaf(atPlainTextOffset: start.offset)
                else { continue }
                let (line, column) = locator.location(of: startLeaf, byteOffset: startOffset)
                result.append(ExtractedQuotation(text: String(decoding: bytes[range], as: UTF8.self),
                                                 place: .inline(paragraph: paragraph, range: range), line: line, column: column))
            } else if isOpening {
                opening = (offset, character.utf8.count)
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
