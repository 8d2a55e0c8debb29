import Testing
@testable import CommonMark

// Node.wrapPlainText(_:enter:exit:) and Node.leaf(atPlainTextOffset:): the surgery that quotation
// provenance (`<span class="quote">`) and quoted passages on article pages (`<mark class="quoted">`)
// rely on. Ranges are UTF-8 offsets into the block's `plainText`.

private let enter = "<w>"
private let exit = "</w>"

/// The first paragraph of `markdown` (parsed with smart punctuation) and its document.
private func paragraph(_ markdown: String, unsafeHTML: Bool = false) throws -> (document: Document, paragraph: Node) {
    let document = Document(markdown: markdown, options: MarkdownOptions(smartPunctuation: true, unsafeHTML: unsafeHTML))
    let paragraph = try #require(firstNode(.paragraph, in: document.node))
    return (document, paragraph)
}

private func firstNode(_ type: NodeType, in node: Node) -> Node? {
    if node.type == type { return node }
    for child in node.children {
        if let found = firstNode(type, in: child) { return found }
    }
    return nil
}

private func allNodes(_ type: NodeType, in node: Node) -> [Node] {
    (node.type == type ? [node] : []) + node.children.flatMap { allNodes(type, in: $0) }
}

/// The UTF-8 range of the first occurrence of `needle` in `text`.
private func utf8Range(of needle: String, in text: String) throws -> Range<Int> {
    let range = try #require(text.range(of: needle), "\"\(needle)\" is not in \"\(text)\"")
    let start = text.utf8.distance(from: text.utf8.startIndex, to: range.lowerBound)
    return start..<(start + needle.utf8.count)
}

/// Wraps the first occurrence of `needle` in the paragraph of `markdown` and returns the HTML.
private func wrapping(_ needle: String, in markdown: String) throws -> String {
    let (document, paragraph) = try paragraph(markdown)
    let range = try utf8Range(of: needle, in: paragraph.plainText)
    #expect(paragraph.wrapPlainText(range, enter: enter, exit: exit))
    return document.renderHTML()
}

private func removingWrappers(_ html: String) -> String {
    html.replacingOccurrences(of: enter, with: "").replacingOccurrences(of: exit, with: "")
}

/// A snapshot of a subtree: each node's type and literal, nested, so "the tree is as it was" can be compared.
private func shape(_ node: Node) -> String {
    "\(node.type)(\(node.literal ?? ""))[" + node.children.map(shape).joined(separator: ",") + "]"
}

// MARK: - Where the edges fall

@Test func wrapsARangeInsideOneTextNode() throws {
    #expect(try wrapping("big", in: "Hello big world.") == "<p>Hello <w>big</w> world.</p>\n")
}

@Test func wrapsARangeAcrossASoftBreak() throws {
    // The soft break is one space of plain text and stays a line break in the HTML.
    #expect(try wrapping("two three", in: "one two\nthree four") == "<p>one <w>two\nthree</w> four</p>\n")
}

@Test func wrapsARangeAcrossAHardBreak() throws {
    #expect(try wrapping("two three", in: "one two\\\nthree four") == "<p>one <w>two<br />\nthree</w> four</p>\n")
}

@Test func wrapsAcrossEmphasisWhenBothEdgesAreOutsideIt() throws {
    #expect(try wrapping("a b c", in: "x a *b* c y") == "<p>x <w>a <em>b</em> c</w> y</p>\n")
    #expect(try wrapping("a b c d", in: "x a **b** *c* d y") == "<p>x <w>a <strong>b</strong> <em>c</em> d</w> y</p>\n")
}

@Test func wrapsInsideEmphasisWhenBothEdgesAreInsideIt() throws {
    #expect(try wrapping("b c", in: "a *x b c y* d") == "<p>a <em>x <w>b c</w> y</em> d</p>\n")
    // Edges exactly at the emphasis' edges are inside it: the start of a range belongs to the
    // later leaf, its end to the earlier one.
    #expect(try wrapping("b c", in: "a *b c* d") == "<p>a <em><w>b c</w></em> d</p>\n")
}

@Test func wrapperGrowsToEncloseEmphasisHoldingTheStart() throws {
    #expect(try wrapping("b c", in: "*a b* c d") == "<p><w><em>a b</em> c</w> d</p>\n")
}

@Test func wrapperGrowsToEncloseEmphasisHoldingTheEnd() throws {
    #expect(try wrapping("b c", in: "a b *c d*") == "<p>a <w>b <em>c d</em></w></p>\n")
}

@Test func wrapperGrowsOutOfNestedEmphasisToTheNearestCommonParent() throws {
    // Start two levels deep (strong in emphasis), end inside another emphasis: the wrapper holds
    // the whole outer emphasis and the whole second one.
    #expect(try wrapping("c d e", in: "*a **b c*** d *e f*") == "<p><w><em>a <strong>b c</strong></em> d <em>e f</em></w></p>\n")
}

@Test func linksAreNeverSplitSoTheWrapperNeverNestsInALink() throws {
    // A wrapper whose markup holds a link (a citation) must not end up inside another link.
    #expect(try wrapping("big link", in: "see [the big link](https://example.org) now")
        == "<p>see <w><a href=\"https://example.org\">the big link</a></w> now</p>\n")
    #expect(try wrapping("the big link", in: "see [the big link](https://example.org) now")
        == "<p>see <w><a href=\"https://example.org\">the big link</a></w> now</p>\n")
    #expect(try wrapping("big", in: "see [*the big* link](https://example.org) now")
        == "<p>see <w><a href=\"https://example.org\"><em>the big</em> link</a></w> now</p>\n")
}

@Test func imagesAreNeverSplitSinceTheirAltTextIsRenderedAsPlainText() throws {
    #expect(try wrapping("big picture", in: "see ![the big picture](i.png) now")
        == "<p>see <w><img src=\"i.png\" alt=\"the big picture\" /></w> now</p>\n")
    // A link in an image's alt text: the outermost, the image, is taken whole.
    #expect(try wrapping("b", in: "see ![a [b](u) c](i.png) now")
        == "<p>see <w><img src=\"i.png\" alt=\"a b c\" /></w> now</p>\n")
}

@Test func wrapperGrowsToEncloseALinkHoldingAnEdge() throws {
    #expect(try wrapping("link now", in: "see [the link](https://example.org) now ok")
        == "<p>see <w><a href=\"https://example.org\">the link</a> now</w> ok</p>\n")
}

@Test func wrapsAWholeCodeSpan() throws {
    #expect(try wrapping("make all", in: "run `make all` now") == "<p>run <w><code>make all</code></w> now</p>\n")
    #expect(try wrapping("run make all now", in: "run `make all` now") == "<p><w>run <code>make all</code> now</w></p>\n")
}

@Test func codeSpansAreNeverSplit() throws {
    // An edge inside a code span takes in the whole span.
    #expect(try wrapping("ke all now", in: "run `make all` now ok") == "<p>run <w><code>make all</code> now</w> ok</p>\n")
    #expect(try wrapping("run ma", in: "ok run `make all` now") == "<p>ok <w>run <code>make all</code></w> now</p>\n")
    #expect(try wrapping("ke al", in: "run `make all` now") == "<p>run <w><code>make all</code></w> now</p>\n")
}

@Test func wrapsAtTheVeryStartAndEndOfAParagraph() throws {
    #expect(try wrapping("Start", in: "Start middle end") == "<p><w>Start</w> middle end</p>\n")
    #expect(try wrapping("end", in: "Start middle end") == "<p>Start middle <w>end</w></p>\n")
    #expect(try wrapping("Start middle end", in: "Start middle end") == "<p><w>Start middle end</w></p>\n")
    #expect(try wrapping("Start middle end", in: "*Start* middle `end`") == "<p><w><em>Start</em> middle <code>end</code></w></p>\n")
}

@Test func wrapsAroundRawHTMLWhichHasNoPlainText() throws {
    let (document, paragraph) = try paragraph("a <i>b</i> c", unsafeHTML: true)
    #expect(paragraph.plainText == "a b c")
    #expect(paragraph.wrapPlainText(0..<5, enter: enter, exit: exit))
    #expect(document.renderHTML() == "<p><w>a <i>b</i> c</w></p>\n")
}

@Test func wrapsCountingSmartPunctuationAndMultiByteCharactersAsRendered() throws {
    // The plain text has curly quotes, an en dash and Hangul: offsets are UTF-8 bytes of that text.
    #expect(try wrapping("“강경화는 – yes”", in: "He said \"강경화는 -- yes\" twice.") == "<p>He said <w>“강경화는 – yes”</w> twice.</p>\n")
}

@Test func twoWrapsInOneParagraph() throws {
    let (document, paragraph) = try paragraph("one *two* three four five")
    let text = paragraph.plainText
    #expect(paragraph.wrapPlainText(try utf8Range(of: "four", in: text), enter: enter, exit: exit))
    #expect(paragraph.wrapPlainText(try utf8Range(of: "one two", in: text), enter: enter, exit: exit))
    #expect(paragraph.plainText == text)
    #expect(document.renderHTML() == "<p><w>one <em>two</em></w> three <w>four</w> five</p>\n")
}

@Test func twoAdjacentWrapsInOneParagraphStayApart() throws {
    let (document, paragraph) = try paragraph("one two three")
    #expect(paragraph.wrapPlainText(0..<3, enter: enter, exit: exit))
    #expect(paragraph.wrapPlainText(3..<7, enter: enter, exit: exit))
    #expect(document.renderHTML() == "<p><w>one</w><w> two</w> three</p>\n")
}

@Test func wrapperNodeHoldsTheWrappedText() throws {
    let (_, paragraph) = try paragraph("Hello *big* world")
    #expect(paragraph.wrapPlainText(6..<15, enter: enter, exit: exit))
    let wrapper = try #require(firstNode(.customInline, in: paragraph))
    #expect(wrapper.plainText == "big world")
    #expect(wrapper.parent?.type == .paragraph)
}

// MARK: - Ranges that do not fit

@Test(arguments: [0..<0, 3..<3, 11..<11, 5..<12, 11..<12, 12..<20, 100..<200])
func rangeThatDoesNotFitReturnsFalseAndLeavesTheTreeAsItWas(_ range: Range<Int>) throws {
    let (document, paragraph) = try paragraph("Hello *big* w")
    #expect(paragraph.plainText.utf8.count == 11)
    let before = shape(document.node)
    let html = document.renderHTML()
    #expect(!paragraph.wrapPlainText(range, enter: enter, exit: exit))
    #expect(shape(document.node) == before)
    #expect(document.renderHTML() == html)
}

// MARK: - The rendering is unchanged but for the wrapper

/// Paragraphs with every kind of inline the wrapper must cope with.
private let paragraphs = [
    "Plain words only here.",
    "A *b* **c** `d e` f.",
    "one two\nthree *four\nfive* six",
    "He said \"it's -- fine...\" & left",
    "[link *text*](https://example.org) and ![alt](i.png) end",
    "Über 강경화는 *말했다* done",
    "a\\\nb *c `d` e* f",
]

@Test(arguments: paragraphs)
func renderingIsUnchangedOnceTheWrapperIsRemovedForEveryRange(_ markdown: String) throws {
    let (original, originalParagraph) = try paragraph(markdown)
    let expected = original.renderHTML()
    let text = originalParagraph.plainText
    // Every range between character boundaries (the offsets the extractor and verifier produce).
    var boundaries: [Int] = []
    var offset = 0
    for character in text {
        boundaries.append(offset)
        offset += character.utf8.count
    }
    boundaries.append(offset)
    for (i, lower) in boundaries.enumerated() {
        for upper in boundaries[(i + 1)...] {
            let (document, paragraph) = try paragraph(markdown)
            #expect(paragraph.wrapPlainText(lower..<upper, enter: enter, exit: exit), "\(lower)..<\(upper)")
            let html = document.renderHTML()
            #expect(removingWrappers(html) == expected, "\(lower)..<\(upper): \(html)")
            #expect(paragraph.plainText == text)
            // The wrapper holds the range (and, where it had to grow, a little more), once.
            let wrappers = allNodes(.customInline, in: paragraph)
            #expect(wrappers.count == 1)
            let wanted = String(decoding: Array(text.utf8)[lower..<upper], as: UTF8.self)
            #expect(wrappers.first?.plainText.contains(wanted) == true, "\(lower)..<\(upper): \(html)")
            // Never inside a link or an image.
            var ancestor = wrappers.first?.parent
            while let node = ancestor, node.type != .paragraph {
                #expect(node.type != .link && node.type != .image, "\(lower)..<\(upper): \(html)")
                ancestor = node.parent
            }
        }
    }
}

// MARK: - leaf(atPlainTextOffset:)

@Test func leafAtPlainTextOffsetFindsTheLeafAndTheOffsetInIt() throws {
    let (_, paragraph) = try paragraph("a *b* `c` d\ne")
    #expect(paragraph.plainText == "a b c d e")
    /// "TYPE:LITERAL@OFFSET" of the leaf at `offset`, or "none".
    func leaf(_ offset: Int) -> String {
        paragraph.leaf(atPlainTextOffset: offset).map { "\($0.node.type):\($0.node.literal ?? "")@\($0.offset)" } ?? "none"
    }
    #expect(leaf(0) == "text:a @0")
    #expect(leaf(1) == "text:a @1")
    // At a boundary the offset belongs to the later leaf.
    #expect(leaf(2) == "text:b@0")
    #expect(leaf(3) == "text: @0")
    #expect(leaf(4) == "code:c@0")
    #expect(leaf(5) == "text: d@0")
    #expect(leaf(6) == "text: d@1")
    #expect(leaf(7) == "softBreak:@0")
    #expect(leaf(8) == "text:e@0")
    // The end of the text and beyond are in no leaf.
    #expect(leaf(9) == "none")
    #expect(leaf(50) == "none")
}

@Test func leafAtPlainTextOffsetCountsUTF8BytesAndSkipsRawHTML() throws {
    let (_, paragraph) = try paragraph("Über <b>x</b> 강경화", unsafeHTML: true)
    #expect(paragraph.plainText == "Über x 강경화")
    let inUber = try #require(paragraph.leaf(atPlainTextOffset: 2))
    #expect(inUber.node.literal == "Über ")
    #expect(inUber.offset == 2)
    let x = try #require(paragraph.leaf(atPlainTextOffset: 6))
    #expect(x.node.literal == "x")
    #expect(x.offset == 0)
    let hangul = try #require(paragraph.leaf(atPlainTextOffset: 8 + 3))
    #expect(hangul.node.literal == " 강경화")
    #expect(hangul.offset == 4)
}

@Test func leafAtPlainTextOffsetOfTheDocumentLooksThroughBlocks() throws {
    let document = Document(markdown: "One.\n\n> Two *three*.")
    let leaf = try #require(document.node.leaf(atPlainTextOffset: 8))  // "One.Two three."
    #expect(leaf.node.literal == "three")
    #expect(leaf.offset == 0)
    #expect(leaf.node.parent?.type == .emphasis)
}
