import Testing
@testable import BriefgenCore
@testable import CommonMark

// QuotationExtractor (SPEC §4): which quotations of a briefing are checked, the text each is
// checked as, and where each is reported. The verifier itself is tested in QuotationVerifierTests.

/// The quotations of `markdown`, a briefing body starting on file line `firstLine`. The document
/// is returned too: the quotations' nodes live in it.
private func extract(_ markdown: String, firstLine: Int = SiteBuilder.bodyFirstLine) -> (document: Document, quotations: [ExtractedQuotation]) {
    let source = MarkdownSource(path: "Content/briefings/test.md", markdown: markdown, firstLine: firstLine)
    let document = Document(markdown: markdown, options: MarkdownOptions(smartPunctuation: true, unsafeHTML: false))
    return (document, QuotationExtractor(locator: SourceLocator(source)).quotations(in: document))
}

private func texts(_ markdown: String) -> [String] {
    extract(markdown).quotations.map(\.text)
}

/// "block(first)", "block" or "inline" for each quotation.
private func kinds(_ quotations: [ExtractedQuotation]) -> [String] {
    quotations.map { quotation in
        switch quotation.place {
        case .blockQuote(_, let isFirst): isFirst ? "block(first)" : "block"
        case .inline: "inline"
        }
    }
}

private func blockQuoteNode(_ quotation: ExtractedQuotation) -> Node? {
    if case .blockQuote(let node, _) = quotation.place { return node }
    return nil
}

/// "LINE:COLUMN" of each quotation.
private func locations(_ markdown: String, firstLine: Int = SiteBuilder.bodyFirstLine) -> [String] {
    extract(markdown, firstLine: firstLine).quotations.map { "\($0.line):\($0.column)" }
}

// MARK: - Block quotes

@Test func eachParagraphOfABlockQuoteIsAQuotationAndTheFirstIsFlagged() {
    let (_, quotations) = extract("Intro.\n\n> First quoted paragraph.\n>\n> Second quoted paragraph.\n>\n> Third.\n")
    #expect(quotations.map(\.text) == ["First quoted paragraph.", "Second quoted paragraph.", "Third."])
    #expect(kinds(quotations) == ["block(first)", "block", "block"])
    // All three belong to the same block quote, the one the provenance goes on.
    let nodes = quotations.compactMap(blockQuoteNode)
    #expect(nodes.count == 3)
    #expect(nodes.allSatisfy { $0.type == .blockQuote && $0.pointer == nodes[0].pointer })
}

@Test func shortBlockQuoteParagraphsAreCheckedToo() {
    // The four-word minimum is for inline quotations only.
    #expect(texts("> Yes.\n") == ["Yes."])
}

@Test func twoBlockQuotesEachHaveAFirstParagraph() {
    let (_, quotations) = extract("> One.\n>\n> Two.\n\nBetween.\n\n> Three.\n")
    #expect(quotations.map(\.text) == ["One.", "Two.", "Three."])
    #expect(kinds(quotations) == ["block(first)", "block", "block(first)"])
    #expect(blockQuoteNode(quotations[0])?.pointer != blockQuoteNode(quotations[2])?.pointer)
}

@Test func nestedBlockQuoteIsItsOwnBlockQuote() {
    let (_, quotations) = extract("> Outer paragraph.\n>\n> > Inner paragraph.\n>\n> Outer again.\n")
    #expect(Set(quotations.map(\.text)) == ["Outer paragraph.", "Inner paragraph.", "Outer again."])
    let inner = quotations.first { $0.text == "Inner paragraph." }
    let outer = quotations.first { $0.text == "Outer paragraph." }
    let outerAgain = quotations.first { $0.text == "Outer again." }
    #expect(inner.map { kinds([$0]) } == ["block(first)"])
    #expect(outer.map { kinds([$0]) } == ["block(first)"])
    #expect(outerAgain.map { kinds([$0]) } == ["block"])
    #expect(inner.flatMap(blockQuoteNode)?.pointer != outer.flatMap(blockQuoteNode)?.pointer)
    #expect(outer.flatMap(blockQuoteNode)?.pointer == outerAgain.flatMap(blockQuoteNode)?.pointer)
    #expect(inner.flatMap(blockQuoteNode)?.parent?.pointer == outer.flatMap(blockQuoteNode)?.pointer)
}

@Test func blockQuoteWithOnlyANestedBlockQuoteGivesTheInnerParagraphs() {
    let (_, quotations) = extract("> > Only inner.\n")
    #expect(quotations.map(\.text) == ["Only inner."])
    #expect(kinds(quotations) == ["block(first)"])
    #expect(blockQuoteNode(quotations[0])?.parent?.type == .blockQuote)
}

@Test func listInsideABlockQuoteGivesAParagraphPerItem() {
    let (_, quotations) = extract("> The minister listed:\n>\n> - first point made\n> - second point made\n")
    #expect(quotations.map(\.text) == ["The minister listed:", "first point made", "second point made"])
    #expect(kinds(quotations) == ["block(first)", "block", "block"])
    #expect(quotations.compactMap(blockQuoteNode).allSatisfy { $0.pointer == blockQuoteNode(quotations[0])?.pointer })
}

@Test func blockQuoteInsideAListItemIsFound() {
    #expect(texts("- Point one:\n\n  > Quoted inside an item.\n") == ["Quoted inside an item."])
}

@Test func blockQuoteTextIsWhatTheReaderSees() {
    #expect(texts("> It's *very* [important](https://x.org) -- and `code` too...\n> next line\n")
        == ["It’s very important – and code too… next line"])
}

@Test func headingsAndCodeBlocksInsideABlockQuoteAreNotQuotations() {
    #expect(texts("> # A heading here now\n>\n>     code block here now\n>\n> Paragraph.\n") == ["Paragraph."])
}

// MARK: - Inline quotations

@Test func inlineQuotationBetweenCurlyQuotationMarks() {
    let (_, quotations) = extract("He said “one two three four” today.")
    #expect(quotations.map(\.text) == ["“one two three four”"])
    #expect(kinds(quotations) == ["inline"])
}

@Test func inlineQuotationBetweenStraightQuotationMarksReadsAsRendered() {
    // Smart punctuation turns them curly; the text is what the reader sees.
    #expect(texts("He said \"one two three four\" today.") == ["“one two three four”"])
}

@Test func straightQuotationMarksThatStayStraightAlsoCount() {
    // Escaped marks are not made curly.
    #expect(texts("He said \\\"one two three four\\\" today.") == ["\"one two three four\""])
}

@Test func inlineQuotationRangeCoversTheMarksInThePlainText() throws {
    let (_, quotations) = extract("He said “one two three four” today.")
    let quotation = try #require(quotations.first)
    guard case .inline(let paragraph, let range) = quotation.place else {
        Issue.record("not inline")
        return
    }
    #expect(paragraph.type == .paragraph)
    #expect(String(decoding: Array(paragraph.plainText.utf8)[range], as: UTF8.self) == "“one two three four”")
    #expect(range == 8..<(8 + "“one two three four”".utf8.count))
}

@Test func inlineQuotationAtTheEdgesOfAParagraphAndNextToMultiByteText() {
    #expect(texts("“강경화는 오늘 일본을 비판했다”라고 말했다.") == ["“강경화는 오늘 일본을 비판했다”"])
    #expect(texts("Zoë: “one two three four”") == ["“one two three four”"])
    #expect(texts("\"one two three four\"") == ["“one two three four”"])
}

@Test func inlineQuotationsOfFourWordsOrMoreOnly() {
    #expect(texts("He said \"one two three\" today.").isEmpty)
    #expect(texts("He said \"one two three four\" today.") == ["“one two three four”"])
    #expect(texts("He said \"one two three four five six seven\" today.") == ["“one two three four five six seven”"])
    // Only words with a letter or digit count: a dash is not a word.
    #expect(texts("He said \"one two -- three\" today.").isEmpty)
    #expect(texts("He said \"1965 was the year\" today.") == ["“1965 was the year”"])
}

@Test func wordCountCountsWordsWithALetterOrDigit() {
    #expect(QuotationExtractor.wordCount("one two three") == 3)
    #expect(QuotationExtractor.wordCount("one – two … three") == 3)
    #expect(QuotationExtractor.wordCount("강경화는 말했다 in 1965") == 4)
    #expect(QuotationExtractor.wordCount("") == 0)
}

@Test func inlineQuotationContainingEmphasisLinksAndMentionsIsItsReadersText() {
    let markdown = "Kang said \"the *very* best [deal](https://example.org) for [Japan](entity:japan) and **South Korea**\" then."
    #expect(texts(markdown) == ["“the very best deal for Japan and South Korea”"])
}

@Test func severalInlineQuotationsInOneParagraphInOrder() {
    let (_, quotations) = extract("First \"one two three four\", then \"five six seven eight\" and “nine ten eleven twelve”.")
    #expect(quotations.map(\.text) == ["“one two three four”", "“five six seven eight”", "“nine ten eleven twelve”"])
    let ranges = quotations.compactMap { quotation -> Range<Int>? in
        if case .inline(_, let range) = quotation.place { return range }
        return nil
    }
    #expect(ranges.count == 3)
    #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound <= $1.lowerBound })
}

@Test func shortQuotationBetweenLongOnesIsSkipped() {
    #expect(texts("\"one two three four\" and \"short one\" and \"five six seven eight\"") == ["“one two three four”", "“five six seven eight”"])
}

@Test func quotationMarksInsideACodeSpanAreIgnored() {
    #expect(texts("Type `\"one two three four\"` at the prompt.").isEmpty)
    #expect(texts("Type `say \"one two three four\"` then \"five six seven eight\" ok.") == ["“five six seven eight”"])
    // A code span between real quotation marks is part of the quotation.
    #expect(texts("He said \"run the `make all` command now\" twice.") == ["“run the make all command now”"])
}

@Test func quotationMarkInACodeSpanDoesNotCloseAQuotation() {
    #expect(texts("He said \"one two `\"` three four\" ok.") == ["“one two \" three four”"])
}

@Test func unclosedQuotationIsIgnored() {
    #expect(texts("He said \"one two three four and never closed it.").isEmpty)
    #expect(texts("He said “one two three four and never closed it.").isEmpty)
}

@Test func unclosedQuotationDoesNotSwallowALaterOne() {
    #expect(texts("He said “one two three four, then “five six seven eight” ok.") == ["“five six seven eight”"])
}

@Test func closingMarkWithoutAnOpeningOneIsIgnored() {
    #expect(texts("Stray” mark, then “one two three four” ok.") == ["“one two three four”"])
}

@Test func inlineQuotationsInsideABlockQuoteAreNotExtractedSeparately() {
    let (_, quotations) = extract("> He said \"one two three four\" and \"five six seven eight\".\n")
    #expect(quotations.map(\.text) == ["He said “one two three four” and “five six seven eight”."])
    #expect(kinds(quotations) == ["block(first)"])
}

@Test func inlineQuotationsInListItemsAreFound() {
    #expect(texts("- He said \"one two three four\".\n- Tight \"five six seven eight\".\n") == ["“one two three four”", "“five six seven eight”"])
}

@Test func headingsHoldNoQuotations() {
    #expect(texts("# He said \"one two three four\"\n\n## And “five six seven eight”\n\nBody text.\n").isEmpty)
}

@Test func quotationsSpanningASoftBreakReadTheBreakAsASpace() {
    #expect(texts("He said \"one two\nthree four\" today.") == ["“one two three four”"])
}

// MARK: - Where quotations are reported

@Test func locationsAreFileLinesAndTheOpeningMarksColumn() {
    let markdown = """
        Intro line.

        He said "one two three four" ok.

        > Quoted paragraph.
        >
        > Second quoted paragraph.
        """
    // Body line 1 is file line 5 (SiteBuilder.bodyFirstLine).
    #expect(locations(markdown) == ["7:9", "9:3", "11:3"])
    #expect(locations(markdown, firstLine: 1) == ["3:9", "5:3", "7:3"])
    #expect(locations(markdown, firstLine: 20) == ["22:9", "24:3", "26:3"])
}

@Test func columnsCountCharactersNotBytes() {
    // "Über " and "강경화는 " are 5 characters but 6 and 13 bytes.
    #expect(locations("Über \"one two three four\" ok.", firstLine: 1) == ["1:6"])
    #expect(locations("강경화는 “one two three four” ok.", firstLine: 1) == ["1:6"])
    #expect(locations("Zürich: *ok* and \"one two three four\" ok.", firstLine: 1) == ["1:18"])
}

@Test func columnFollowsTheSourceSpellingOfSmartPunctuationAndEntities() {
    // The rendered text is shorter ("’", "–") or different ("&") from the source before the mark.
    #expect(locations("It's -- AT&amp;T \"one two three four\" ok.", firstLine: 1) == ["1:18"])
    #expect(locations("Wait... \\*really\\* \"one two three four\" ok.", firstLine: 1) == ["1:20"])
}

@Test func locationOnAContinuationLine() {
    #expect(locations("First line of the paragraph\nand then \"one two three four\" ok.", firstLine: 1) == ["2:10"])
    #expect(locations("- item first line\n  and then \"one two three four\" ok.", firstLine: 1) == ["2:12"])
    #expect(locations("Two quotations \"one two three four\"\nand \"five six seven eight\".", firstLine: 1) == ["1:16", "2:5"])
}

@Test func locationAfterALinkAndInsideEmphasis() {
    #expect(locations("[AFP](https://afp.com) wrote \"one two three four\" ok.", firstLine: 1) == ["1:30"])
    #expect(locations("He *said \"one two three four\"* ok.", firstLine: 1) == ["1:10"])
    #expect(locations("*\"one two three four\"* ok.", firstLine: 1) == ["1:2"])
}

@Test func blockQuoteLocationIsWhereItsParagraphsTextStarts() {
    #expect(locations("Intro.\n\n>    Indented quote.\n", firstLine: 1) == ["3:6"])
    #expect(locations("- item\n\n  > Quote in an item.\n", firstLine: 1) == ["3:5"])
    #expect(locations("> First line\n> continues.\n>\n> Über second.\n", firstLine: 1) == ["1:3", "4:3"])
    #expect(locations("> *Emphasised* start.\n", firstLine: 1) == ["1:3"])
}
