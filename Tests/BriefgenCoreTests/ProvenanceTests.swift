import Foundation
import Testing
@testable import BriefgenCore
import CommonMark

// Quotation provenance (SPEC §4) through BodyRenderer, as the build uses it: a briefing's
// quotations are checked against its sources with a QuoteContext built from a small site, verified
// ones link to their place, unverified ones are diagnostics; article pages mark quoted passages.

private let wire = "wire-story"
private let other = "other-story"

/// The wire story's paragraphs as written (the renderer makes its quotes curly).
private let wireMarkdown = [
    "The minister said the talks had been productive and would resume next week in Geneva.",
    "Officials did not expect a breakthrough before the summit, but they said both sides were ready to compromise.",
    "The envoy called the agreement \"a historic step for both countries,\" according to aides.",
    "Critics said the deal was rushed. The minister said the talks had been productive and would resume next week in Geneva.",
    "Kim will resume the talks with Seoul next week, an aide said.",
]
private let otherMarkdown = ["Shares rose sharply on hopes that the trade talks would end the dispute."]
private let linked = "linked-story"
private let linkedMarkdown = ["The [foreign ministry](https://example.org/ministry) said the talks would resume next week."]

private let smart = MarkdownOptions(smartPunctuation: true, unsafeHTML: false)

/// A site with two articles ("wire-story" by Wire, "other-story" with no outlet) and two briefings
/// ("b1", "b2") quoting the wire story only, unless told otherwise.
private struct QuoteSite {
    var builder: SiteBuilder

    init(mode: QuoteCheck = .strict, entities: Bool = false) {
        var builder = SiteBuilder().article(wire).article(other).article(linked).briefing("b1").briefing("b2")
        if entities {
            builder = builder.entity("geneva", "Geneva", kind: .place)
                .term("breakthrough", "breakthrough", definition: "A sudden, dramatic step forward.")
        }
        builder.config.quoteCheck = mode
        builder.articles[0].outlet = "Wire"
        builder.articles[0].title = "Talks to resume"
        builder.articles[0].body.markdown = wireMarkdown.joined(separator: "\n\n") + "\n"
        builder.articles[1].body.markdown = otherMarkdown.joined(separator: "\n\n") + "\n"
        builder.articles[2].body.markdown = linkedMarkdown.joined(separator: "\n\n") + "\n"
        builder.briefings[0].title = "First briefing"
        builder.briefings[1].title = "Second <briefing>"
        for index in builder.briefings.indices {
            builder.briefings[index].sources = [Located(Slug(rawValue: wire)!)]
        }
        self.builder = builder
    }

    var site: Site { builder.site }

    var context: QuoteContext {
        let plain = BodyRenderer(index: builder.index, options: smart, quotes: nil)
        return QuoteContext(site: site, articleParagraphs: site.articles.flatMap(plain.paragraphs))
    }

    var renderer: BodyRenderer { BodyRenderer(index: builder.index, options: smart, quotes: context) }

    func briefing(_ slug: String = "b1", sources: [String]? = nil, quoteCheck: QuoteCheck? = nil, markdown: String) -> Briefing {
        var briefing = builder.briefings.first { $0.slug.rawValue == slug }!
        if let sources { briefing.sources = sources.map { Located(Slug(rawValue: $0)!) } }
        briefing.quoteCheck = quoteCheck
        briefing.body.markdown = markdown
        return briefing
    }

    /// Checks and renders `markdown` as the body of briefing `slug` (body from file line 5).
    func render(_ markdown: String, slug: String = "b1", sources: [String]? = nil, quoteCheck: QuoteCheck? = nil) -> AnnotatedBody {
        let briefing = briefing(slug, sources: sources, quoteCheck: quoteCheck, markdown: markdown)
        return renderer.render(.briefing(briefing.slug), source: briefing.body, briefing: briefing)
    }

    /// Renders the article page body of `slug` with the passages `quotations` quote.
    func renderArticle(_ slug: String = wire, quotations: [VerifiedQuotation]) -> AnnotatedBody {
        let article = site.articles.first { $0.slug.rawValue == slug }!
        let titles = Dictionary(uniqueKeysWithValues: site.briefings.map { ($0.slug, $0.title) })
        let passages = QuotedPassage.passages(quotations.filter { $0.match.article == slug }, titles: titles)
        return renderer.render(.article(article.slug), source: article.body, quoted: passages)
    }

    /// The plain text of paragraph `number` of article `slug`, as the verifier's ranges index it.
    func paragraphText(_ number: Int, of slug: String = wire) -> String {
        let plain = BodyRenderer(index: builder.index, options: smart, quotes: nil)
        let article = site.articles.first { $0.slug.rawValue == slug }!
        return plain.paragraphs(of: article)[number - 1].text
    }

    /// What each range of `quotation` covers in its source paragraph.
    func matchedTexts(_ quotation: VerifiedQuotation) -> [String] {
        let bytes = Array(paragraphText(quotation.match.paragraph, of: quotation.match.article).utf8)
        return quotation.match.ranges.map { String(decoding: bytes[$0], as: UTF8.self) }
    }
}

private let strictSite = QuoteSite()

private func blockQuoteOpening(_ article: String, _ paragraph: Int) -> String {
    "<blockquote data-quote-source=\"\(article)\" data-quote-paragraph=\"\(paragraph)\">\n"
}

private func footer(_ article: String, _ paragraph: Int, name: String) -> String {
    "<footer class=\"citation\"><a href=\"../../articles/\(article)/#p\(paragraph)\" data-label=\"\(name), ¶\(paragraph)\" aria-label=\"Source: \(name), paragraph \(paragraph)\"></a></footer></blockquote>\n"
}

private func inlineQuote(_ article: String, _ paragraph: Int, name: String, _ text: String) -> String {
    "<span class=\"quote\" data-quote-source=\"\(article)\" data-quote-paragraph=\"\(paragraph)\">\(text)"
        + "<a class=\"citation\" href=\"../../articles/\(article)/#p\(paragraph)\" data-label=\"¶\(paragraph)\" aria-label=\"Source: \(name), paragraph \(paragraph)\"></a></span>"
}

// MARK: - Verified block quotes

@Test func verifiedBlockQuoteCarriesItsSourceAndEndsWithTheCitation() {
    let body = strictSite.render("Intro.\n\n> Officials did not expect a breakthrough before the summit, but they said both sides were ready to compromise.\n")
    #expect(body.diagnostics.isEmpty)
    #expect(body.html == "<p>Intro.</p>\n" + blockQuoteOpening(wire, 2)
        + "<p>Officials did not expect a breakthrough before the summit, but they said both sides were ready to compromise.</p>\n"
        + footer(wire, 2, name: "Wire"))
    #expect(body.quotations.map(\.match.paragraph) == [2])
    #expect(body.quotations.map(\.briefing.rawValue) == ["b1"])
}

@Test func citationNamesAnArticleWithoutOutletByItsTitle() {
    let body = strictSite.render("> Shares rose sharply on hopes that the trade talks would end the dispute.\n", sources: [other])
    #expect(body.diagnostics.isEmpty)
    #expect(body.html.hasPrefix(blockQuoteOpening(other, 1)))
    #expect(body.html.hasSuffix(footer(other, 1, name: "other-story")))
}

@Test func citationNameIsEscaped() {
    var site = QuoteSite()
    site.builder.articles[0].outlet = "Wire & \"Co\" <News>"
    let body = site.render("> Officials did not expect a breakthrough before the summit.\n")
    #expect(body.html.contains("data-label=\"Wire &amp; &quot;Co&quot; &lt;News&gt;, ¶2\""))
    #expect(body.html.contains("aria-label=\"Source: Wire &amp; &quot;Co&quot; &lt;News&gt;, paragraph 2\""))
}

@Test func multiParagraphBlockQuoteTakesItsAttributesFromTheFirstParagraph() {
    let markdown = """
        > Officials did not expect a breakthrough before the summit.
        >
        > The envoy called the agreement "a historic step for both countries," according to aides.
        """
    let body = strictSite.render(markdown)
    #expect(body.diagnostics.isEmpty)
    #expect(body.quotations.map(\.match.paragraph) == [2, 3])
    #expect(body.html == blockQuoteOpening(wire, 2)
        + "<p>Officials did not expect a breakthrough before the summit.</p>\n"
        + "<p>The envoy called the agreement “a historic step for both countries,” according to aides.</p>\n"
        + footer(wire, 2, name: "Wire"))
}

@Test func blockQuoteWhoseFirstParagraphIsUnverifiedGetsNoProvenance() {
    let markdown = "> The minister denied everything.\n>\n> Officials did not expect a breakthrough before the summit.\n"
    let body = strictSite.render(markdown)
    #expect(body.quotations.map(\.match.paragraph) == [2])
    #expect(body.quoteDiagnostics.map(\.line) == [5])
    #expect(body.html == Document(markdown: markdown, options: smart).renderHTML())
}

@Test func nestedBlockQuotesEachCarryTheirOwnSource() {
    let markdown = "> Officials did not expect a breakthrough before the summit.\n>\n> > Shares rose sharply on hopes that the trade talks would end the dispute.\n"
    let body = strictSite.render(markdown, sources: [wire, other])
    #expect(body.diagnostics.isEmpty)
    #expect(body.html == blockQuoteOpening(wire, 2) + "<p>Officials did not expect a breakthrough before the summit.</p>\n"
        + blockQuoteOpening(other, 1) + "<p>Shares rose sharply on hopes that the trade talks would end the dispute.</p>\n"
        + footer(other, 1, name: "other-story") + footer(wire, 2, name: "Wire"))
}

// MARK: - Verified inline quotations

@Test func verifiedInlineQuotationIsWrappedWithItsSourceAndCitation() {
    let body = strictSite.render("Aides said \"a historic step for both countries\" on Tuesday.")
    #expect(body.diagnostics.isEmpty)
    #expect(body.html == "<p>Aides said " + inlineQuote(wire, 3, name: "Wire", "“a historic step for both countries”") + " on Tuesday.</p>\n")
}

@Test func severalInlineQuotationsInOneParagraphAreEachWrapped() {
    let body = strictSite.render("They \"did not expect a breakthrough\" and hailed \"a historic step for both countries\" twice.")
    #expect(body.diagnostics.isEmpty)
    #expect(body.html == "<p>They " + inlineQuote(wire, 2, name: "Wire", "“did not expect a breakthrough”") + " and hailed "
        + inlineQuote(wire, 3, name: "Wire", "“a historic step for both countries”") + " twice.</p>\n")
}

@Test func inlineQuotationWithEmphasisAndAMentionKeepsBothInsideTheWrapper() {
    let site = QuoteSite(entities: true)
    let body = site.render("They said \"would resume next week in *Geneva*\" today.")
    #expect(body.diagnostics.isEmpty)
    #expect(body.html == "<p>They said " + inlineQuote(wire, 1, name: "Wire",
        "“would resume next week in <em>" + AnnotationHTML.entity("geneva", "Geneva") + "</em>”") + " today.</p>\n")
}

@Test func quotationInsideLinkTextGetsItsCitationOutsideTheLink() {
    // A citation link inside the author's link would be an <a> nested in an <a>.
    let body = strictSite.render("See [they \"did not expect a breakthrough before the summit\" then](https://example.org) ok.")
    #expect(body.diagnostics.isEmpty)
    #expect(body.html == "<p>See " + inlineQuote(wire, 2, name: "Wire",
        "<a href=\"https://example.org\">they “did not expect a breakthrough before the summit” then</a>") + " ok.</p>\n")
}

@Test func quotationThatIsAnExplicitArticleLinkGetsItsCitationOutsideTheLink() {
    let body = strictSite.render("[\"did not expect a breakthrough before the summit\"](article:wire-story), they said.")
    #expect(body.diagnostics.isEmpty)
    #expect(body.html == "<p>" + inlineQuote(wire, 2, name: "Wire",
        "<a href=\"../../articles/wire-story/\">“did not expect a breakthrough before the summit”</a>") + ", they said.</p>\n")
}

@Test func quotationInImageAltTextGetsItsCitationAfterTheImage() {
    let body = strictSite.render("![Aides: \"did not expect a breakthrough before the summit\"](chart.png)")
    #expect(body.diagnostics.isEmpty)
    #expect(body.html == "<p>" + inlineQuote(wire, 2, name: "Wire",
        "<img src=\"chart.png\" alt=\"Aides: “did not expect a breakthrough before the summit”\" />") + "</p>\n")
}

@Test func unverifiedInlineQuotationIsLeftAsItWas() {
    let markdown = "They said \"the talks had been fruitful and would resume\" today."
    let body = strictSite.render(markdown)
    #expect(body.html == Document(markdown: markdown, options: smart).renderHTML())
    #expect(body.quotations.isEmpty)
}

// MARK: - Diagnostics

private let misquotation = "Intro.\n\nOfficials said \"the talks had been fruitful and would resume\" today.\n"

@Test func unverifiedQuotationUnderStrictIsAnErrorAtItsLineAndColumn() throws {
    let body = strictSite.render(misquotation)
    let diagnostic = try #require(body.quoteDiagnostics.first)
    #expect(body.quoteDiagnostics.count == 1)
    #expect(body.diagnostics == body.quoteDiagnostics)
    #expect(diagnostic.severity == .error)
    #expect(diagnostic.path == "Content/briefings/b1.md")
    #expect(diagnostic.line == 7)
    #expect(diagnostic.column == 16)
    #expect(diagnostic.message == "quotation not found in sources: “the talks had been fruitful and would resume”")
    #expect(diagnostic.notes.first?.hasPrefix("nearest passage, 'wire-story' ¶1: ") == true)
    #expect(diagnostic.notes.first?.contains("the talks had been productive and would resume") == true)
    #expect(diagnostic.notes.contains("source has \"productive\", quotation has \"fruitful\""))
    #expect(diagnostic.description.hasPrefix("Content/briefings/b1.md:7:16: error: quotation not found in sources: “the talks"))
    #expect(diagnostic.description.contains("\n    nearest passage, 'wire-story' ¶1: "))
}

@Test func droppedNotIsReportedAsTheWordTheQuotationLeavesOut() throws {
    let body = strictSite.render("> Officials did expect a breakthrough before the summit.\n")
    let diagnostic = try #require(body.quoteDiagnostics.first)
    #expect(diagnostic.line == 5)
    #expect(diagnostic.column == 3)
    #expect(diagnostic.notes.first?.hasPrefix("nearest passage, 'wire-story' ¶2: ") == true)
    #expect(diagnostic.notes.contains("source has \"not\", which the quotation leaves out"))
}

@Test func unverifiedQuotationUnderWarnIsAWarning() throws {
    let body = QuoteSite(mode: .warn).render(misquotation)
    let diagnostic = try #require(body.quoteDiagnostics.first)
    #expect(body.quoteDiagnostics.count == 1)
    #expect(diagnostic.severity == .warning)
    #expect(diagnostic.line == 7)
    #expect(diagnostic.column == 16)
    #expect(diagnostic.message.hasPrefix("quotation not found in sources: "))
    #expect(!diagnostic.notes.isEmpty)
}

@Test func underOffNothingIsCheckedAndNothingGetsProvenance() {
    let markdown = misquotation + "\n> Officials did not expect a breakthrough before the summit.\n\nAides said \"a historic step for both countries\" then.\n"
    let body = QuoteSite(mode: .off).render(markdown)
    #expect(body.diagnostics.isEmpty)
    #expect(body.quotations.isEmpty)
    #expect(body.html == Document(markdown: markdown, options: smart).renderHTML())
}

@Test(arguments: [
    (QuoteCheck.strict, QuoteCheck?.some(.warn), Severity?.some(.warning)),
    (.strict, .off, nil),
    (.warn, .strict, .error),
    (.off, .strict, .error),
    (.off, .warn, .warning),
    (.warn, nil, .warning),
    (.strict, nil, .error),
])
func briefingQuoteCheckOverridesTheSites(site mode: QuoteCheck, briefing override: QuoteCheck?, expected: Severity?) {
    let body = QuoteSite(mode: mode).render(misquotation, quoteCheck: override)
    #expect(body.quoteDiagnostics.map(\.severity) == (expected.map { [$0] } ?? []))
}

@Test func overrideToOffAlsoDropsProvenance() {
    let body = strictSite.render("> Officials did not expect a breakthrough before the summit.\n", quoteCheck: .off)
    #expect(body.quotations.isEmpty)
    #expect(!body.html.contains("data-quote"))
}

@Test func quotationFromAnArticleNotAmongTheSourcesIsAnErrorNamingThatArticle() throws {
    let body = strictSite.render("Markets rose: \"Shares rose sharply on hopes that the trade talks would end the dispute.\"")
    let diagnostic = try #require(body.quoteDiagnostics.first)
    #expect(diagnostic.severity == .error)
    #expect(diagnostic.line == 5)
    #expect(diagnostic.column == 15)
    #expect(diagnostic.notes.first == "it is in article 'other-story' (¶1), which is not among this briefing's sources")
    #expect(!body.html.contains("data-quote"))
}

@Test func quotationIsVerifiedAgainstEachOfTheSources() {
    let body = strictSite.render("Markets rose: \"Shares rose sharply on hopes that the trade talks would end the dispute.\"", sources: [wire, other])
    #expect(body.diagnostics.isEmpty)
    #expect(body.quotations.map(\.match.article) == [other])
}

@Test func briefingWithoutSourcesVerifiesNothing() throws {
    let body = strictSite.render("> Officials did not expect a breakthrough before the summit.\n", sources: [])
    let diagnostic = try #require(body.quoteDiagnostics.first)
    #expect(diagnostic.severity == .error)
    #expect(diagnostic.notes.contains { $0.contains("'wire-story'") && $0.contains("not among this briefing's sources") })
}

@Test func longQuotationIsShortenedInTheMessage() throws {
    let long = Array(repeating: "nothing like this was ever said by anyone", count: 5).joined(separator: " ")
    let body = strictSite.render("> \(long)\n")
    let diagnostic = try #require(body.quoteDiagnostics.first)
    #expect(diagnostic.message == "quotation not found in sources: " + String(long.prefix(117)) + "…")
}

@Test func allQuotationsOfABriefingAreReported() {
    let markdown = """
        They said "the talks had been fruitful and would resume".

        > Officials did expect a breakthrough before the summit.

        And "the minister promised a full ceasefire by Friday", \
        then "Shares rose sharply on hopes that the trade talks would end the dispute."
        """
    let body = strictSite.render(markdown)
    #expect(body.quoteDiagnostics.map { "\($0.line!):\($0.column!)" } == ["5:11", "7:3", "9:5", "9:62"])
    #expect(body.quotations.isEmpty)
}

// MARK: - What verifies, and where it points

@Test func sameSentenceTwiceInTheArticleLinksToTheFirst() {
    let body = strictSite.render("> The minister said the talks had been productive and would resume next week in Geneva.\n\nHe said \"would resume next week in Geneva\" again.")
    #expect(body.diagnostics.isEmpty)
    #expect(body.quotations.map(\.match.paragraph) == [1, 1])
    #expect(body.html.contains("href=\"../../articles/wire-story/#p1\""))
    #expect(!body.html.contains("#p4"))
}

@Test func sentenceAlsoFoundLaterInTheArticleVerifiesAsAWholeParagraphWhereItIsOne() {
    let body = strictSite.render("> Critics said the deal was rushed. The minister said the talks had been productive and would resume next week in Geneva.\n")
    #expect(body.quotations.map(\.match.paragraph) == [4])
}

@Test func ellipsisInsertionAndNestedQuotationAllVerifyInABriefing() {
    let markdown = """
        One official: "Officials did not expect a breakthrough ... both sides were ready to compromise."

        Another: "[They] did not expect a breakthrough before the summit."

        Aides said "the envoy called the agreement 'a historic step for both countries'" on Tuesday.
        """
    let body = strictSite.render(markdown)
    #expect(body.diagnostics.isEmpty, "\(body.diagnostics)")
    #expect(body.quotations.map(\.match.paragraph) == [2, 2, 3])
    #expect(body.html.components(separatedBy: "<span class=\"quote\" data-quote-source=\"wire-story\"").count == 4)
    #expect(body.html.contains("“Officials did not expect a breakthrough … both sides were ready to compromise.”<a class=\"citation\" href=\"../../articles/wire-story/#p2\""))
    #expect(body.html.contains("“[They] did not expect a breakthrough before the summit.”<a class=\"citation\" href=\"../../articles/wire-story/#p2\""))
    #expect(body.html.contains("“the envoy called the agreement ‘a historic step for both countries’”<a class=\"citation\" href=\"../../articles/wire-story/#p3\""))
}

@Test func verifiedQuotationRangesCoverTheQuotedSourceText() {
    let markdown = """
        > Officials did not expect a breakthrough before the summit, but they said both sides were ready to compromise.

        One official: "Officials did not expect a breakthrough ... both sides were ready to compromise."

        Aides said "a historic step for both countries" on Tuesday.

        Aides said "the envoy called the agreement 'a historic step for both countries'" on Tuesday.
        """
    let site = strictSite
    let body = site.render(markdown)
    #expect(body.diagnostics.isEmpty)
    #expect(body.quotations.map { site.matchedTexts($0) } == [
        ["Officials did not expect a breakthrough before the summit, but they said both sides were ready to compromise"],
        ["Officials did not expect a breakthrough", "both sides were ready to compromise"],
        ["a historic step for both countries"],
        ["The envoy called the agreement “a historic step for both countries"],
    ])
    #expect(body.quotations.allSatisfy { $0.briefing.rawValue == "b1" && $0.match.article == wire })
}

@Test func insertionAtTheStartOfAQuotationIsLeftOutOfItsRange() throws {
    // "[They]" may stand for up to six words: the range starts where the quoted words do.
    let site = strictSite
    let body = site.render("Another: \"[They] did not expect a breakthrough before the summit.\"")
    let quotation = try #require(body.quotations.first)
    #expect(site.matchedTexts(quotation) == ["did not expect a breakthrough before the summit"])
    let inside = try #require(site.render("Another: \"Officials did not expect a [big] breakthrough before the summit.\"").quotations.first)
    #expect(site.matchedTexts(inside) == ["Officials did not expect a breakthrough before the summit"])
}

// MARK: - Quoted passages on article pages

private func quotation(_ briefing: String, _ paragraph: Int, _ ranges: [Range<Int>], article: String = wire) -> VerifiedQuotation {
    VerifiedQuotation(briefing: Slug(rawValue: briefing)!, match: QuotationMatch(article: article, paragraph: paragraph, ranges: ranges))
}

@Test func passagesMergeOverlappingRangesFromTwoBriefingsIntoOnePassageWithBothQuoters() {
    let titles = [Slug(rawValue: "b1")!: "First", Slug(rawValue: "b2")!: "Second"]
    let passages = QuotedPassage.passages([
        quotation("b2", 1, [10..<30]),
        quotation("b1", 1, [0..<20]),
        quotation("b1", 2, [5..<10, 40..<50]),
        quotation("b2", 2, [45..<60]),
        quotation("b1", 1, [25..<28]),
    ], titles: titles)
    let first = QuotedPassage.Quoter(slug: Slug(rawValue: "b1")!, title: "First")
    let second = QuotedPassage.Quoter(slug: Slug(rawValue: "b2")!, title: "Second")
    #expect(passages == [
        QuotedPassage(paragraph: 1, range: 0..<30, quoters: [first, second]),
        QuotedPassage(paragraph: 2, range: 5..<10, quoters: [first]),
        QuotedPassage(paragraph: 2, range: 40..<60, quoters: [first, second]),
    ])
}

@Test func passagesOfOneBriefingQuotingTheSameWordsTwiceNameItOnce() {
    let titles = [Slug(rawValue: "b1")!: "First"]
    let passages = QuotedPassage.passages([quotation("b1", 3, [0..<10]), quotation("b1", 3, [2..<8])], titles: titles)
    #expect(passages.map(\.range) == [0..<10])
    #expect(passages.map { $0.quoters.map(\.slug.rawValue) } == [["b1"]])
}

@Test func passagesInDifferentParagraphsStayApart() {
    let passages = QuotedPassage.passages([quotation("b1", 2, [0..<10]), quotation("b2", 1, [0..<10])], titles: [:])
    #expect(passages.map(\.paragraph) == [1, 2])
    // Without a title, a quoter is named by its slug.
    #expect(passages.map { $0.quoters.map(\.title) } == [["b2"], ["b1"]])
}

/// The quotations of both briefings of `site`: b1 and b2 both quote paragraph 3 (overlapping), b1 also paragraph 2.
private func quotationsOfBothBriefings(_ site: QuoteSite) -> [VerifiedQuotation] {
    let first = site.render("Aides said \"a historic step for both countries\" on Tuesday, and \"did not expect a breakthrough\".", slug: "b1")
    let second = site.render("> The envoy called the agreement \"a historic step\"\n", slug: "b2")
    #expect(first.diagnostics.isEmpty && second.diagnostics.isEmpty)
    return first.quotations + second.quotations
}

@Test func articlePageMarksQuotedPassagesWithLinksToEachQuotingBriefing() {
    let site = strictSite
    let body = site.renderArticle(quotations: quotationsOfBothBriefings(site))
    let quotedByFirst = "<a class=\"quoted-by\" href=\"../../briefings/b1/\" data-label=\"↩\" aria-label=\"Quoted in: First briefing\" title=\"Quoted in: First briefing\"></a>"
    let quotedBySecond = "<a class=\"quoted-by\" href=\"../../briefings/b2/\" data-label=\"↩\" aria-label=\"Quoted in: Second &lt;briefing&gt;\" title=\"Quoted in: Second &lt;briefing&gt;\"></a>"
    #expect(body.html == """
        <p id="p1">The minister said the talks had been productive and would resume next week in Geneva.</p>
        <p id="p2">Officials <mark class="quoted">did not expect a breakthrough\(quotedByFirst)</mark> before the summit, but they said both sides were ready to compromise.</p>
        <p id="p3"><mark class="quoted">The envoy called the agreement “a historic step for both countries\(quotedByFirst)\(quotedBySecond)</mark>,” according to aides.</p>
        <p id="p4">Critics said the deal was rushed. The minister said the talks had been productive and would resume next week in Geneva.</p>
        <p id="p5">Kim will resume the talks with Seoul next week, an aide said.</p>

        """)
}

@Test func quotedPassageEndingInsideAnArticleLinkMarksTheWholeLink() {
    let site = strictSite
    let quoted = site.render("They said the \"ministry said the talks would resume\".", sources: [linked])
    #expect(quoted.diagnostics.isEmpty)
    #expect(quoted.quotations.map { site.matchedTexts($0) } == [["ministry said the talks would resume"]])
    let body = site.renderArticle(linked, quotations: quoted.quotations)
    let quotedBy = "<a class=\"quoted-by\" href=\"../../briefings/b1/\" data-label=\"↩\" aria-label=\"Quoted in: First briefing\" title=\"Quoted in: First briefing\"></a>"
    #expect(body.html == "<p id=\"p1\">The <mark class=\"quoted\"><a href=\"https://example.org/ministry\">foreign ministry</a> said the talks would resume\(quotedBy)</mark> next week.</p>\n")
}

@Test func articleWithoutQuotationsHasNumberedParagraphsOnly() {
    let body = strictSite.renderArticle(quotations: [])
    #expect(!body.html.contains("<mark"))
    #expect((1...5).allSatisfy { body.html.contains("<p id=\"p\($0)\">") })
    #expect(removingParagraphIDs(body.html) == Document(markdown: wireMarkdown.joined(separator: "\n\n"), options: smart).renderHTML())
}

@Test func quotedPassageOfAParagraphPastTheArticlesEndIsIgnored() {
    let site = strictSite
    let titles = [Slug(rawValue: "b1")!: "First"]
    let article = site.site.articles[0]
    let body = site.renderer.render(.article(article.slug), source: article.body,
                                    quoted: QuotedPassage.passages([quotation("b1", 9, [0..<5])], titles: titles))
    #expect(!body.html.contains("<mark"))
}

// MARK: - The data-body property (SPEC §3): only wrappers were added

/// Removes `<tag …>` elements whose start tag begins with `prefix`, and their closing tags, tracking
/// nesting of `tag` so that only the closing tag that belongs to a removed element goes.
private func removingElements(_ tag: String, startingWith prefix: String, from html: String) -> String {
    var result = ""
    var rest = html[...]
    var open: [Bool] = []  // true: the open element is one being removed
    while let start = rest.firstIndex(of: "<") {
        result += rest[..<start]
        rest = rest[start...]
        if rest.hasPrefix(prefix), let end = rest.firstIndex(of: ">") {
            open.append(true)
            rest = rest[rest.index(after: end)...]
        } else if rest.hasPrefix("<\(tag) ") || rest.hasPrefix("<\(tag)>") {
            open.append(false)
            result += "<"
            rest = rest.dropFirst()
        } else if rest.hasPrefix("</\(tag)>") {
            if open.popLast() == true {
                rest = rest.dropFirst(tag.count + 3)
            } else {
                result += "<"
                rest = rest.dropFirst()
            }
        } else {
            result += "<"
            rest = rest.dropFirst()
        }
    }
    return result + rest
}

/// Removes every annotation and provenance wrapper of SPEC §3 and §4 from a rendered body.
private func removingAllWrappers(_ html: String) -> String {
    var html = html
    for pattern in [#/<a class="citation"[^>]*></a>/#, #/<a class="quoted-by"[^>]*></a>/#, #/<footer class="citation">(?:(?!</footer>).)*</footer>/#] {
        html = html.replacing(pattern, with: "")
    }
    html = html.replacing(#/<blockquote data-quote-source="[^"]*" data-quote-paragraph="[0-9]+">/#, with: "<blockquote>")
    html = removingElements("span", startingWith: "<span class=\"quote\" ", from: html)
    html = removingElements("mark", startingWith: "<mark class=\"quoted\">", from: html)
    return removingParagraphIDs(removingAnnotationWrappers(html))
}

private let richBriefing = """
    The minister in Geneva was upbeat: "The minister said the talks had been *productive* and would resume" soon,
    while officials "did not expect a breakthrough before the summit".

    > The envoy called the agreement "a historic step for both countries," according to aides.
    >
    > - Officials did not expect a breakthrough before the summit.

    ## In "Geneva the talks resume next week"

    Critics said "the deal was rushed", `"not a quotation at all"`, and "nobody said these words at all".

    1. Item quoting "would resume next week in Geneva" for AT&amp;T -- and *Geneva* "again".
    """

@Test func briefingBodyLessItsWrappersIsExactlyCmarksRendering() {
    let site = QuoteSite(mode: .warn, entities: true)
    let body = site.render(richBriefing)
    // Both kinds of wrapper are there, and one quotation did not verify.
    #expect(body.html.contains("<span class=\"quote\""))
    #expect(body.html.contains("<blockquote data-quote-source=\"wire-story\" data-quote-paragraph=\"3\">"))
    #expect(body.html.contains("<a class=\"entity\""))
    #expect(body.html.contains("<a class=\"term\""))
    #expect(body.quoteDiagnostics.count == 1)
    #expect(removingAllWrappers(body.html) == Document(markdown: richBriefing, options: smart).renderHTML())
}

@Test func articleBodyLessItsWrappersIsExactlyCmarksRendering() {
    let site = QuoteSite(entities: true)
    let body = site.renderArticle(quotations: quotationsOfBothBriefings(site))
    #expect(body.html.contains("<mark class=\"quoted\">"))
    #expect(body.html.contains("<a class=\"entity\""))
    #expect(removingAllWrappers(body.html) == Document(markdown: wireMarkdown.joined(separator: "\n\n"), options: smart).renderHTML())
}

// MARK: - Interplay with annotation

@Test func mentionsInsideVerifiedQuotationsAreStillRecorded() {
    let site = QuoteSite(entities: true)
    let body = site.render("They said \"would resume next week in Geneva\" today.")
    #expect(body.annotation.mentions.map(\.target) == [.entity("geneva")])
    let mention = body.annotation.mentions[0]
    #expect(String(decoding: Array(mention.paragraph.utf8)[mention.utf8Range], as: UTF8.self) == "Geneva")
}

@Test func ambiguousMentionInsideAVerifiedQuotationIsLocatedAtTheMention() throws {
    var site = QuoteSite()
    site.builder = site.builder.entity("kim-jong-un", "Kim Jong-un", aliases: ["Kim"]).entity("kim-yo-jong", "Kim Yo-jong", aliases: ["Kim"])
    let body = site.render("First line.\nHe said \"Kim will resume the talks with Seoul next week\" today.")
    #expect(body.quoteDiagnostics.isEmpty)
    #expect(body.quotations.count == 1)
    let warning = try #require(body.annotation.diagnostics.first)
    #expect(warning.message.contains("'Kim'"))
    // The mention is on body line 2 (file line 6); "He said “" is 9 characters, so column 10.
    #expect(warning.line == 6)
    #expect(warning.column == 10)
}
