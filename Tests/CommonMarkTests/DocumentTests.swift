import Foundation
import Testing
@testable import CommonMark

// Tests of the cmark wrapper: parsing, rendering, tree views and the node surgery the Linker uses.

private let smart = MarkdownOptions(smartPunctuation: true, unsafeHTML: false)

/// The first node of `type` in document order.
private func first(_ type: NodeType, in node: Node) -> Node? {
    if node.type == type { return node }
    for child in node.children {
        if let found = first(type, in: child) { return found }
    }
    return nil
}

/// The paragraph of a one-paragraph document.
private func paragraph(of document: Document) throws -> Node {
    try #require(document.node.children.first { $0.type == .paragraph })
}

private func runCmark(arguments: [String], input: String) throws -> String? {
    let path = "/usr/bin/cmark"
    guard FileManager.default.isExecutableFile(atPath: path) else { return nil }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let stdin = Pipe(), stdout = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    try process.run()
    stdin.fileHandleForWriting.write(Data(input.utf8))
    try stdin.fileHandleForWriting.close()
    let data = stdout.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}

// MARK: - Parsing and rendering

@Test func rendersMarkdownAsCmarkDoes() {
    let document = Document(markdown: "# Title\n\nHello *big* **world**.\n\n- a\n- b\n")
    #expect(document.renderHTML() == "<h1>Title</h1>\n<p>Hello <em>big</em> <strong>world</strong>.</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n")
}

@Test func smartPunctuationIsOnByDefault() {
    #expect(Document(markdown: "\"Hi\" -- it's --- done...").renderHTML() == "<p>“Hi” – it’s — done…</p>\n")
    let plain = Document(markdown: "\"Hi\" -- it's", options: MarkdownOptions(smartPunctuation: false))
    #expect(plain.renderHTML() == "<p>&quot;Hi&quot; -- it's</p>\n")
}

@Test func rawHTMLIsOmittedInSafeModeAndKeptInUnsafeMode() {
    let markdown = "A <b>bold</b> move.\n\n<div>\nblock\n</div>\n\n[x](javascript:alert(1))\n"
    #expect(Document(markdown: markdown).renderHTML() ==
        "<p>A <!-- raw HTML omitted -->bold<!-- raw HTML omitted --> move.</p>\n<!-- raw HTML omitted -->\n<p><a href=\"\">x</a></p>\n")
    let unsafe = Document(markdown: markdown, options: MarkdownOptions(unsafeHTML: true))
    #expect(unsafe.renderHTML() == "<p>A <b>bold</b> move.</p>\n<div>\nblock\n</div>\n<p><a href=\"javascript:alert(1)\">x</a></p>\n")
}

@Test func rendersExactlyLikeTheCmarkCommandLine() throws {
    let inputs = [
        "Hello \"world\" -- it's AT&amp;T & <b>raw</b>...\n\n> quote\n> more\n\n1. one\n2. two\n",
        "# H\n\n```swift\nlet x = \"<y>\"\n```\n\n    indented\n\n***\n\n[link](https://example.com \"t\") ![img](i.png)\n",
    ]
    for markdown in inputs {
        guard let expected = try runCmark(arguments: ["--smart"], input: markdown) else { return }
        #expect(Document(markdown: markdown).renderHTML() == expected)
    }
}

@Test func emptyDocumentRendersNothing() {
    let document = Document(markdown: "")
    #expect(document.node.type == .document)
    #expect(document.node.children.isEmpty)
    #expect(document.renderHTML() == "")
    #expect(document.renderHTML { "p\($0)" } == "")
    #expect(document.node.plainText == "")
}

@Test func whiteSpaceOnlyDocumentHasNoBlocks() {
    #expect(Document(markdown: "\n   \n\n").node.children.isEmpty)
}

@Test func documentKeepsItsOptions() {
    let options = MarkdownOptions(smartPunctuation: false, unsafeHTML: true)
    #expect(Document(markdown: "x", options: options).options == options)
}

// MARK: - Tree views

@Test func nodeTypesAndChildrenFollowTheTree() throws {
    let document = Document(markdown: "## Two\n\n> quote\n\n- item\n\n```\ncode\n```\n\n<div>x</div>\n\n---\n")
    #expect(document.node.children.map(\.type) == [.heading, .blockQuote, .list, .codeBlock, .htmlBlock, .thematicBreak])
    let heading = try #require(document.node.firstChild)
    #expect(heading.parent?.type == .document)
    #expect(heading.next?.type == .blockQuote)
    #expect(heading.next?.firstChild?.type == .paragraph)
    #expect(document.node.children[2].firstChild?.type == .item)
    #expect(document.node.children[3].literal == "code\n")
    #expect(document.node.parent == nil)
}

@Test func inlineNodeTypes() throws {
    let document = Document(markdown: "a *b* **c** `d` <i>e</i> [f](u) ![g](v) h  \ni\nj")
    let types = try paragraph(of: document).children.map(\.type)
    #expect(types == [.text, .emphasis, .text, .strong, .text, .code, .text, .htmlInline, .text, .htmlInline, .text,
                      .link, .text, .image, .text, .lineBreak, .text, .softBreak, .text])
}

@Test func adjacentTextNodesAreConsolidated() throws {
    // cmark makes separate nodes for smart quotes, entities and escapes; the wrapper merges them.
    let document = Document(markdown: "He said \"hi\" &amp; \\*left\\* -- fast.")
    let children = try paragraph(of: document).children
    #expect(children.count == 1)
    #expect(children.first?.literal == "He said “hi” & *left* – fast.")
}

@Test func linkURLCanBeReadAndChanged() throws {
    let document = Document(markdown: "[text](entity:kim)")
    let link = try #require(first(.link, in: document.node))
    #expect(link.url == "entity:kim")
    link.url = "../../entities/kim/"
    #expect(document.renderHTML() == "<p><a href=\"../../entities/kim/\">text</a></p>\n")
}

@Test func literalCanBeChanged() throws {
    let document = Document(markdown: "old text")
    let text = try #require(first(.text, in: document.node))
    text.literal = "new <text>"
    #expect(document.renderHTML() == "<p>new &lt;text&gt;</p>\n")
}

@Test func plainTextIsWhatAReaderSees() {
    let document = Document(markdown: "Hello *big* `code` [link](u) ![alt *x*](i.png) <b>raw</b> AT&amp;T\nsoft  \nhard")
    #expect(document.node.plainText == "Hello big code link alt x raw AT&T soft hard")
}

@Test func plainTextOfADocumentJoinsBlocksWithoutSeparators() {
    // Only inline text counts; blocks are simply concatenated.
    #expect(Document(markdown: "One.\n\nTwo.").node.plainText == "One.Two.")
}

@Test func plainTextLeavesOutRawHTMLBlocks() {
    #expect(Document(markdown: "<div>\nhidden\n</div>\n\nshown").node.plainText == "shown")
}

@Test func nodeRendersItsOwnSubtree() throws {
    let document = Document(markdown: "> a *b*\n\nc")
    let quote = try #require(document.node.firstChild)
    #expect(quote.renderHTML() == "<blockquote>\n<p>a <em>b</em></p>\n</blockquote>\n")
    let emphasis = try #require(first(.emphasis, in: document.node))
    #expect(emphasis.renderHTML() == "<em>b</em>")
}

// MARK: - Source positions

@Test func blocksHaveSourcePositions() {
    let document = Document(markdown: "# Title\n\nFirst line\nsecond line\n\n> quoted\n\n- item\n  more\n")
    let starts = document.node.children.map(\.start)
    #expect(starts == [
        SourcePosition(line: 1, column: 1), SourcePosition(line: 3, column: 1),
        SourcePosition(line: 6, column: 1), SourcePosition(line: 8, column: 1),
    ])
    #expect(document.node.children[2].firstChild?.start == SourcePosition(line: 6, column: 3))
    #expect(document.node.children[3].firstChild?.firstChild?.start == SourcePosition(line: 8, column: 3))
}

@Test func inlinesHaveSourcePositionsInBytes() throws {
    // Columns are cmark's: 1-based bytes, so "é" counts two; a code span starts at its content.
    let document = Document(markdown: "Café [link](u) `code`\nnext *line*")
    let inlines = try paragraph(of: document).children
    #expect(inlines.map(\.type) == [.text, .link, .text, .code, .softBreak, .text, .emphasis])
    #expect(inlines[1].start == SourcePosition(line: 1, column: 7))
    #expect(inlines[3].start == SourcePosition(line: 1, column: 18))
    #expect(inlines[5].start == SourcePosition(line: 2, column: 1))
    #expect(inlines[6].start == SourcePosition(line: 2, column: 6))
}

@Test func newNodesHaveNoSourcePosition() throws {
    let document = Document(markdown: "Hello world")
    let text = try #require(first(.text, in: document.node))
    let rest = try #require(text.splitText(atUTF8Offset: 6))
    #expect(rest.start == nil)
}

// MARK: - Surgery

@Test func splitTextSplitsAtAUTF8Offset() throws {
    let document = Document(markdown: "강경화는 말했다")
    let text = try #require(first(.text, in: document.node))
    let rest = try #require(text.splitText(atUTF8Offset: 9))
    #expect(text.literal == "강경화")
    #expect(rest.literal == "는 말했다")
    #expect(text.next?.literal == "는 말했다")
    #expect(document.renderHTML() == "<p>강경화는 말했다</p>\n")
}

@Test func splitTextRefusesOffsetsAtTheEdgesAndNonTextNodes() throws {
    let document = Document(markdown: "abc `code`")
    let text = try #require(first(.text, in: document.node))
    #expect(text.splitText(atUTF8Offset: 0) == nil)
    #expect(text.splitText(atUTF8Offset: 4) == nil)
    #expect(text.splitText(atUTF8Offset: 99) == nil)
    #expect(text.literal == "abc ")
    let code = try #require(first(.code, in: document.node))
    #expect(code.splitText(atUTF8Offset: 1) == nil)
}

@Test func wrapInCustomInlineRendersEnterAndExitVerbatim() throws {
    let document = Document(markdown: "Meet Mike Pompeo today.")
    let text = try #require(first(.text, in: document.node))
    let name = try #require(text.splitText(atUTF8Offset: 5))
    name.splitText(atUTF8Offset: 11)
    let wrapper = try #require(name.wrapInCustomInline(through: name, enter: "<a class=\"entity\" href=\"x\">", exit: "</a>"))
    #expect(wrapper.type == .customInline)
    #expect(wrapper.children.map(\.literal) == ["Mike Pompeo"])
    #expect(document.renderHTML() == "<p>Meet <a class=\"entity\" href=\"x\">Mike Pompeo</a> today.</p>\n")
}

@Test func wrapInCustomInlineCoversSeveralSiblings() throws {
    let document = Document(markdown: "Mike\nPompeo spoke")
    let nodes = try paragraph(of: document).children
    let last = try #require(nodes.last)
    last.splitText(atUTF8Offset: 6)
    nodes[0].wrapInCustomInline(through: last, enter: "[", exit: "]")
    #expect(document.renderHTML() == "<p>[Mike\nPompeo] spoke</p>\n")
    #expect(try paragraph(of: document).children.map(\.type) == [.customInline, .text])
}

@Test func wrappedTextIsStillEscaped() throws {
    let document = Document(markdown: "AT&amp;T 1 < 2 > 0 \"q\"")
    let text = try #require(first(.text, in: document.node))
    text.wrapInCustomInline(through: text, enter: "<span>", exit: "</span>")
    #expect(document.renderHTML() == "<p><span>AT&amp;T 1 &lt; 2 &gt; 0 “q”</span></p>\n")
}

@Test func rawHTMLInsideACustomInlineIsStillOmittedInSafeMode() throws {
    let document = Document(markdown: "a <b>bold</b> z", options: smart)
    let nodes = try paragraph(of: document).children
    #expect(nodes.map(\.type) == [.text, .htmlInline, .text, .htmlInline, .text])
    nodes[1].wrapInCustomInline(through: nodes[3], enter: "<mark>", exit: "</mark>")
    #expect(document.renderHTML() == "<p>a <mark><!-- raw HTML omitted -->bold<!-- raw HTML omitted --></mark> z</p>\n")
}

@Test func customInlineIsVerbatimInUnsafeModeToo() throws {
    let document = Document(markdown: "a <b>bold</b> z", options: MarkdownOptions(unsafeHTML: true))
    let nodes = try paragraph(of: document).children
    nodes[1].wrapInCustomInline(through: nodes[3], enter: "<mark>", exit: "</mark>")
    #expect(document.renderHTML() == "<p>a <mark><b>bold</b></mark> z</p>\n")
}

@Test func replaceWithCustomInlineKeepsTheChildren() throws {
    let document = Document(markdown: "See [the *envoy*](entity:kim) now.")
    let link = try #require(first(.link, in: document.node))
    let wrapper = try #require(link.replaceWithCustomInline(enter: "<a class=\"entity\">", exit: "</a>"))
    #expect(wrapper.type == .customInline)
    #expect(wrapper.children.map(\.type) == [.text, .emphasis])
    #expect(first(.link, in: document.node) == nil)
    #expect(document.renderHTML() == "<p>See <a class=\"entity\">the <em>envoy</em></a> now.</p>\n")
}

@Test func replaceWithEmptyCustomInlineLeavesPlainText() throws {
    let document = Document(markdown: "[Kim](entity:none) said")
    let link = try #require(first(.link, in: document.node))
    link.replaceWithCustomInline(enter: "", exit: "")
    #expect(document.renderHTML() == "<p>Kim said</p>\n")
}

@Test func unwrapChildrenRemovesOnlyTheMarkup() throws {
    let document = Document(markdown: "a *b `c`* d")
    let emphasis = try #require(first(.emphasis, in: document.node))
    emphasis.unwrapChildren()
    #expect(document.renderHTML() == "<p>a b <code>c</code> d</p>\n")
}

// MARK: - Paragraph ids

@Test func renderHTMLWithParagraphIDsNumbersTopLevelParagraphsOnly() {
    let markdown = "One *x*\nsoft.\n\n# Heading\n\n> quoted\n\n- item\n\n  loose item\n\nTwo.\n\n<p>raw</p>\n\nThree.\n"
    let document = Document(markdown: markdown)
    let html = document.renderHTML { "p\($0)" }
    #expect(html.contains("<p id=\"p1\">One <em>x</em>\nsoft.</p>\n<h1>Heading</h1>"))
    #expect(html.contains("<blockquote>\n<p>quoted</p>\n</blockquote>"))
    #expect(html.contains("<li>\n<p>item</p>\n"))
    #expect(html.contains("<p id=\"p2\">Two.</p>\n<!-- raw HTML omitted -->\n<p id=\"p3\">Three.</p>\n"))
    #expect(!html.contains("p4"))
}

@Test func renderHTMLWithParagraphIDsDiffersOnlyByTheIDs() {
    let markdown = "A \"b\" -- c &amp; <i>d</i>\n\n> q\n\n1. x\n2. y\n\n```\nz\n```\n\nLast  \nline."
    for options in [smart, MarkdownOptions(unsafeHTML: true)] {
        let document = Document(markdown: markdown, options: options)
        let numbered = document.renderHTML { "p\($0)" }
        let stripped = numbered.replacing(#/<p id="p\d+">/#, with: "<p>")
        #expect(stripped == document.renderHTML())
    }
}
