import Foundation
import Testing
@testable import BriefgenCore
import CommonMark

// Tests of SPEC §3 (Annotation): BodyRenderer and Linker on small Markdown bodies with a
// small in-memory site (see Support/SiteBuilder.swift).

/// The site most tests use.
private let site = SiteBuilder()
    .entity("mike-pompeo", "Mike Pompeo", aliases: ["Pompeo"])
    .entity("kang-kyung-wha", "Kang Kyung-wha", aliases: ["강경화"])
    .entity("north-korea", "North Korea", aliases: ["DPRK"], kind: .country)
    .entity("korea", "Korea", kind: .country)
    .entity("south-korea", "South Korea", aliases: ["ROK"], kind: .country)
    .entity("japan", "Japan", kind: .country)
    .entity("robert-obrien", "Robert O'Brien")
    .term("denuclearization", "denuclearization", definition: "Giving up nuclear weapons.")
    .term("forced-labor-rulings", "forced-labor rulings", definition: "Court orders to compensate workers.")
    .article("afp-talks")
    .briefing("2019-07-11-talks")

private let smartSafe = MarkdownOptions(smartPunctuation: true, unsafeHTML: false)

/// What cmark alone renders for `markdown`.
private func cmarkHTML(_ markdown: String, unsafeHTML: Bool = false) -> String {
    Document(markdown: markdown, options: MarkdownOptions(smartPunctuation: true, unsafeHTML: unsafeHTML)).renderHTML()
}

/// One annotation wrapper found in rendered HTML.
private struct Wrapper: Equatable, CustomStringConvertible {
    var target: AnnotationTarget
    var text: String
    var description: String { "\(target)=\(text)" }
}

/// The annotation wrappers of `html`, in order (wrappers never nest).
private func wrappers(in html: String) -> [Wrapper] {
    let pattern = #/<a class="(entity|term)" data-(?:entity|term)="([^"]*)"[^>]*>(.*?)</a>/#
    return html.matches(of: pattern.dotMatchesNewlines()).map { match in
        let slug = String(match.output.2)
        let target: AnnotationTarget = match.output.1 == "entity" ? .entity(slug) : .term(slug)
        return Wrapper(target: target, text: String(match.output.3))
    }
}

private func entity(_ slug: String, _ text: String) -> Wrapper { Wrapper(target: .entity(slug), text: text) }
private func term(_ slug: String, _ text: String) -> Wrapper { Wrapper(target: .term(slug), text: text) }

/// Runs the Linker directly on a parsed document and returns the rendered HTML and the result.
private func link(_ markdown: String, in builder: SiteBuilder = site, root: String = "../../",
                  ownTarget: AnnotationTarget? = nil) -> (html: String, result: AnnotationResult) {
    let document = Document(markdown: markdown, options: smartSafe)
    var linker = Linker(index: builder.index, root: root, ownTarget: ownTarget,
                        locator: SourceLocator(MarkdownSource(path: "Content/briefings/test.md", markdown: markdown, firstLine: 5)))
    let result = linker.annotate(document)
    return (document.renderHTML(), result)
}

/// The text of `mention` as sliced from its paragraph by its UTF-8 range.
private func slice(_ mention: Mention) -> String {
    String(decoding: Array(mention.paragraph.utf8)[mention.utf8Range], as: UTF8.self)
}

// MARK: - 1. Scope

@Test func mentionsInHeadingsAreNotLinked() {
    let body = site.annotate("# Mike Pompeo in North Korea\n\nSetext heading about Japan\n---\n")
    #expect(wrappers(in: body.html).isEmpty)
    #expect(body.annotation.mentions.isEmpty)
    #expect(body.html == cmarkHTML("# Mike Pompeo in North Korea\n\nSetext heading about Japan\n---\n"))
}

@Test func mentionsInLinkTextAreNotLinked() {
    let markdown = "See [Mike Pompeo in Japan](https://example.com/) and <https://example.com/Japan>."
    let body = site.annotate(markdown)
    #expect(wrappers(in: body.html).isEmpty)
    #expect(body.annotation.mentions.isEmpty)
    #expect(body.html == cmarkHTML(markdown))
}

@Test func mentionsInImageAltTextAreNotLinked() {
    let markdown = "![Mike Pompeo in *Japan*](pompeo.jpg \"Japan\")"
    let body = site.annotate(markdown)
    #expect(body.annotation.mentions.isEmpty)
    #expect(body.annotation.linkedTargets.isEmpty)
    #expect(body.html == cmarkHTML(markdown))
}

@Test func mentionsInCodeSpansAreNotLinked() {
    let markdown = "Run `Mike Pompeo` and ``Japan`s``."
    let body = site.annotate(markdown)
    #expect(wrappers(in: body.html).isEmpty)
    #expect(body.annotation.mentions.isEmpty)
    #expect(body.html == cmarkHTML(markdown))
}

@Test func mentionsInFencedAndIndentedCodeBlocksAreNotLinked() {
    let markdown = "```\nMike Pompeo met Japan\n```\n\n    Mike Pompeo met Japan\n\n~~~ text\nNorth Korea\n~~~\n"
    let body = site.annotate(markdown)
    #expect(wrappers(in: body.html).isEmpty)
    #expect(body.annotation.mentions.isEmpty)
    #expect(body.html == cmarkHTML(markdown))
}

@Test(arguments: [false, true])
func mentionsInRawInlineHTMLAreNotLinked(unsafeHTML: Bool) {
    let markdown = "A <span title=\"Mike Pompeo\">note</span> and <!-- Japan --> here."
    let body = site.annotate(markdown, unsafeHTML: unsafeHTML)
    #expect(wrappers(in: body.html).isEmpty)
    #expect(body.annotation.mentions.isEmpty)
    #expect(body.html == cmarkHTML(markdown, unsafeHTML: unsafeHTML))
}

@Test(arguments: [false, true])
func mentionsInsideARawHTMLLinkAreNotLinked(unsafeHTML: Bool) {
    // Wrapping them would nest one <a> in another.
    let markdown = "See <a href=\"https://example.com/\">Mike *Pompeo* in Japan</a> and then Japan."
    let body = site.annotate(markdown, unsafeHTML: unsafeHTML)
    #expect(wrappers(in: body.html) == [entity("japan", "Japan")])
    #expect(body.html.hasSuffix("and then \(AnnotationHTML.entity("japan", "Japan")).</p>\n"))
}

@Test(arguments: [false, true])
func mentionsInRawHTMLBlocksAreNotLinked(unsafeHTML: Bool) {
    let markdown = "<div class=\"note\">\nMike Pompeo met Japan\n</div>\n\n<!--\nNorth Korea\n-->\n"
    let body = site.annotate(markdown, unsafeHTML: unsafeHTML)
    #expect(wrappers(in: body.html).isEmpty)
    #expect(body.annotation.mentions.isEmpty)
    #expect(body.html == cmarkHTML(markdown, unsafeHTML: unsafeHTML))
    #expect(body.html.contains("Mike Pompeo") == unsafeHTML)
}

@Test func mentionsInParagraphsAreLinked() {
    let body = site.annotate("Mike Pompeo flew to Japan.")
    #expect(wrappers(in: body.html) == [entity("mike-pompeo", "Mike Pompeo"), entity("japan", "Japan")])
}

@Test func mentionsInListItemsAreLinked() {
    let body = site.annotate("- Mike Pompeo\n- visited Japan\n\n1. then North Korea\n")
    #expect(wrappers(in: body.html) == [
        entity("mike-pompeo", "Mike Pompeo"), entity("japan", "Japan"), entity("north-korea", "North Korea"),
    ])
}

@Test func mentionsInBlockQuotesAreLinked() {
    let body = site.annotate("> Mike Pompeo said:\n>\n> - Japan is an ally.\n")
    #expect(wrappers(in: body.html) == [entity("mike-pompeo", "Mike Pompeo"), entity("japan", "Japan")])
}

@Test func mentionsInEmphasisAndStrongAreLinked() {
    let body = site.annotate("*Mike Pompeo* and **Japan** and ***North Korea***.")
    #expect(body.html.contains("<em>\(AnnotationHTML.entity("mike-pompeo", "Mike Pompeo"))</em>"))
    #expect(body.html.contains("<strong>\(AnnotationHTML.entity("japan", "Japan"))</strong>"))
    #expect(wrappers(in: body.html).map(\.target) == [.entity("mike-pompeo"), .entity("japan"), .entity("north-korea")])
}

@Test func mentionSpanningEmphasisBoundaryIsNotLinked() {
    // "Mike *Pompeo*": the full name crosses markup, so only the alias inside the emphasis matches.
    let body = site.annotate("Mike *Pompeo* spoke.")
    #expect(wrappers(in: body.html) == [entity("mike-pompeo", "Pompeo")])
}

// MARK: - 2. Case

@Test func capitalisedPhraseMatchesOnlyItsExactCaseInText() {
    let (html, result) = link("japan, JAPAN and Japan.")
    #expect(wrappers(in: html) == [entity("japan", "Japan")])
    #expect(result.mentions.count == 1)
}

@Test func lowercasePhraseMatchesInAnyCaseInText() {
    let builder = site.linkMentions(.all)
    let (html, _) = link("Forced-labor rulings; FORCED-LABOR RULINGS; forced-labor rulings; Denuclearization.", in: builder)
    #expect(wrappers(in: html) == [
        term("forced-labor-rulings", "Forced-labor rulings"), term("forced-labor-rulings", "FORCED-LABOR RULINGS"),
        term("forced-labor-rulings", "forced-labor rulings"), term("denuclearization", "Denuclearization"),
    ])
}

// MARK: - 3. Word boundaries

@Test func phraseInsideALongerWordIsNotLinked() {
    let body = site.annotate("The ROK team was BROKEN, not the ROKS.")
    #expect(wrappers(in: body.html) == [entity("south-korea", "ROK")])
}

@Test func phraseBeforeAnApostropheIsLinked() {
    let body = site.linkMentions(.all).annotate("Japan's view and Japan’s reply.")
    #expect(body.html == "<p>\(AnnotationHTML.entity("japan", "Japan"))’s view and \(AnnotationHTML.entity("japan", "Japan"))’s reply.</p>\n")
}

@Test func phraseFollowedByMoreLettersIsNotLinked() {
    let body = site.annotate("South Korean officials and Koreans.")
    #expect(wrappers(in: body.html).isEmpty)
    #expect(body.annotation.mentions.isEmpty)
}

@Test func hangulPhraseIsLinkedBeforeAParticle() {
    let body = site.annotate("강경화는 말했다.")
    #expect(body.html == "<p>\(AnnotationHTML.entity("kang-kyung-wha", "강경화"))는 말했다.</p>\n")
}

// MARK: - 4. Smart punctuation, folding, soft breaks

@Test func doubleHyphenInMarkdownMatchesADashedName() {
    let body = site.linkMentions(.all).annotate("Kang Kyung--wha and Kang Kyung–wha and Kang Kyung—wha.")
    #expect(wrappers(in: body.html) == [
        entity("kang-kyung-wha", "Kang Kyung–wha"), entity("kang-kyung-wha", "Kang Kyung–wha"),
        entity("kang-kyung-wha", "Kang Kyung—wha"),
    ])
}

@Test func apostropheVariantsMatchEachOther() {
    let curlyDeclared = SiteBuilder().entity("robert-obrien", "Robert O’Brien").linkMentions(.all)
    let markdown = "Robert O'Brien, Robert O’Brien."
    let expected = [entity("robert-obrien", "Robert O’Brien"), entity("robert-obrien", "Robert O’Brien")]
    #expect(wrappers(in: site.linkMentions(.all).annotate(markdown).html) == expected)
    #expect(wrappers(in: curlyDeclared.annotate(markdown).html) == expected)
}

@Test func softLineBreakCountsAsASpace() {
    let body = site.annotate("Then Mike\nPompeo spoke.")
    #expect(body.html == "<p>Then \(AnnotationHTML.entity("mike-pompeo", "Mike\nPompeo")) spoke.</p>\n")
    #expect(body.annotation.mentions.map(slice) == ["Mike Pompeo"])
}

@Test func runsOfWhiteSpaceMatchOneSpace() {
    let body = site.annotate("Mike   Pompeo spoke.")
    #expect(wrappers(in: body.html) == [entity("mike-pompeo", "Mike   Pompeo")])
}

// MARK: - 5. Leftmost-longest

@Test func longestPhraseWinsOverItsSuffix() {
    let body = site.linkMentions(.all).annotate("North Korea and Korea.")
    #expect(wrappers(in: body.html) == [entity("north-korea", "North Korea"), entity("korea", "Korea")])
}

@Test func leftmostLongestAppliesAcrossEntitiesAndTerms() {
    let builder = SiteBuilder()
        .entity("maximum-pressure-campaign", "Maximum Pressure Campaign")
        .entity("mike-pompeo", "Mike Pompeo")
        .term("maximum-pressure", "maximum pressure", definition: "A sanctions policy.")
        .term("pompeo-doctrine", "Pompeo Doctrine", definition: "A policy.")
    let body = builder.annotate("The Maximum Pressure Campaign used maximum pressure. Mike Pompeo Doctrine.")
    #expect(wrappers(in: body.html) == [
        entity("maximum-pressure-campaign", "Maximum Pressure Campaign"), term("maximum-pressure", "maximum pressure"),
        entity("mike-pompeo", "Mike Pompeo"),
    ])
}

// MARK: - 6. Ambiguity

private let twoKims = SiteBuilder()
    .entity("kim-jong-un", "Kim Jong-un", aliases: ["Kim"])
    .entity("kim-yo-jong", "Kim Yo-jong", aliases: ["Kim"])

@Test func ambiguousPhraseIsNeverLinked() {
    let body = twoKims.annotate("Kim met Kim Jong-un.")
    #expect(wrappers(in: body.html) == [entity("kim-jong-un", "Kim Jong-un")])
    #expect(body.annotation.mentions.map(\.target) == [.entity("kim-jong-un")])
}

@Test func ambiguousMentionWarnsNamingBothFilesAndSuggestingAnExplicitLink() throws {
    let body = twoKims.annotate("The envoy met Kim.", path: "Content/briefings/b.md")
    #expect(body.annotation.diagnostics.count == 1)
    let warning = try #require(body.annotation.diagnostics.first)
    #expect(warning.severity == .warning)
    #expect(warning.path == "Content/briefings/b.md")
    #expect(warning.message.contains("'Kim'"))
    #expect(warning.message.contains("Content/entities/kim-jong-un.md"))
    #expect(warning.message.contains("Content/entities/kim-yo-jong.md"))
    #expect(warning.message.contains("[Kim](entity:kim-jong-un)"))
    #expect(warning.message.contains("[Kim](entity:kim-yo-jong)"))
}

@Test func everyAmbiguousMentionWarnsAtItsFileLineAndColumn() {
    // The body starts on file line 5, so body line 3 is file line 7.
    let markdown = "Talks began.\n\nThe envoy met Kim on Monday.\nLater, Kim left; Émile saw Kim.\n"
    let body = twoKims.annotate(markdown, firstLine: 5)
    let locations = body.annotation.diagnostics.map { [$0.line, $0.column] }
    #expect(locations == [[7, 15], [8, 8], [8, 28]])
    #expect(body.annotation.diagnostics.allSatisfy { $0.severity == .warning })
}

@Test func ambiguousMentionColumnCountsSourceCharactersAfterSmartPunctuationAndEntities() {
    // Smart quotes, dashes and character references make the rendered text longer or shorter
    // than the source; the column must still point at "Kim" in the file.
    let markdown = "He said \"yes\" -- then Kim left.\nTom &amp; Kim.\n"
    let body = twoKims.annotate(markdown, firstLine: 1)
    let locations = body.annotation.diagnostics.map { [$0.line, $0.column] }
    #expect(locations == [[1, 23], [2, 11]])
}

@Test func ambiguousMentionColumnIsRightOnIndentedContinuationLines() {
    // cmark's own inline positions are off on continuation lines of list items and paragraphs.
    let markdown = "- first\n  then Kim\n\n> quoted\n> by Kim\n"
    let body = twoKims.annotate(markdown, firstLine: 1)
    let locations = body.annotation.diagnostics.map { [$0.line, $0.column] }
    #expect(locations == [[2, 8], [5, 6]])
}

@Test func ambiguousMentionColumnIsRightOnContinuationLinesWithLeadingSpaceOrQuoteMarkers() {
    // cmark counts inline columns on later lines from the line's content, plus the first line's
    // indentation; the diagnostic must count from the start of the file's line.
    let markdown = "Kim said\n   and Kim\n\n  Kim  \nthen Kim\n\n> a\n>    b Kim\n"
    let body = twoKims.annotate(markdown, firstLine: 1)
    let locations = body.annotation.diagnostics.map { [$0.line, $0.column] }
    #expect(locations == [[1, 1], [2, 8], [4, 3], [5, 6], [8, 8]])
}

@Test func entityAndTermClaimingOnePhraseAreAmbiguous() {
    let builder = SiteBuilder()
        .entity("summit-org", "Summit")
        .term("summit", "summit", definition: "A meeting of leaders.")
    let body = builder.annotate("The Summit was a summit.")
    #expect(wrappers(in: body.html).isEmpty)
    #expect(body.annotation.diagnostics.count == 2)
    #expect(body.annotation.diagnostics.allSatisfy {
        $0.message.contains("Content/entities/summit-org.md") && $0.message.contains("Content/glossary/summit.md")
            && $0.message.contains("(glossary:summit)")
    })
}

// MARK: - 7. Own page

@Test func entityPageDoesNotLinkItselfButLinksOthers() {
    let body = site.linkMentions(.all).annotate(
        "Mike Pompeo met Kang Kyung-wha. Pompeo left.", path: "Content/entities/mike-pompeo.md",
        ownTarget: .entity("mike-pompeo"))
    #expect(wrappers(in: body.html) == [entity("kang-kyung-wha", "Kang Kyung-wha")])
    #expect(body.annotation.linkedTargets == [.entity("kang-kyung-wha")])
    #expect(body.annotation.mentions.map(\.target) == [.entity("kang-kyung-wha")])
}

@Test func glossaryEntryDoesNotLinkItsOwnTerm() {
    let body = site.annotate("Denuclearization of North Korea.", path: "Content/glossary/denuclearization.md",
                             ownTarget: .term("denuclearization"))
    #expect(wrappers(in: body.html) == [entity("north-korea", "North Korea")])
}

@Test func ownTargetIsHonouredByTheLinkerDirectly() {
    let (html, result) = link("Japan and Korea.", ownTarget: .entity("japan"))
    #expect(wrappers(in: html) == [entity("korea", "Korea")])
    #expect(result.linkedTargets == [.entity("korea")])
}

// MARK: - 8. link_mentions

@Test func linkMentionsFirstLinksOnlyTheFirstMentionOfEachTargetPerPage() {
    let body = site.linkMentions(.first).annotate("Pompeo met Japan. Pompeo left.\n\n- Mike Pompeo and Japan returned.\n")
    #expect(wrappers(in: body.html) == [entity("mike-pompeo", "Pompeo"), entity("japan", "Japan")])
    #expect(body.annotation.linkedTargets == [.entity("mike-pompeo"), .entity("japan")])
}

@Test func linkMentionsAllLinksEveryMention() {
    let body = site.linkMentions(.all).annotate("Pompeo met Japan. Pompeo left.\n\n- Mike Pompeo and Japan returned.\n")
    #expect(wrappers(in: body.html) == [
        entity("mike-pompeo", "Pompeo"), entity("japan", "Japan"), entity("mike-pompeo", "Pompeo"),
        entity("mike-pompeo", "Mike Pompeo"), entity("japan", "Japan"),
    ])
    #expect(body.annotation.linkedTargets == [.entity("mike-pompeo"), .entity("japan")])
}

@Test func explicitLinkCountsAsTheFirstMention() {
    let body = site.annotate("[The secretary](entity:mike-pompeo) arrived. Mike Pompeo spoke.")
    #expect(wrappers(in: body.html) == [entity("mike-pompeo", "The secretary")])
}

@Test func textInHeadingsLinksAndCodeIsNeverTheFirstMention() {
    let markdown = "# Mike Pompeo\n\n[Mike Pompeo](https://example.com/) `Mike Pompeo` ![Mike Pompeo](p.png)\n\nThen Mike Pompeo spoke.\n"
    let body = site.annotate(markdown)
    #expect(wrappers(in: body.html) == [entity("mike-pompeo", "Mike Pompeo")])
    #expect(body.html.contains("<p>Then \(AnnotationHTML.entity("mike-pompeo", "Mike Pompeo")) spoke.</p>"))
}

@Test func ownPageMentionDoesNotUseUpTheFirstMention() {
    // Not linking the page's own entity must not stop another target's first mention.
    let body = site.annotate("Japan and Pompeo.", ownTarget: .entity("japan"))
    #expect(wrappers(in: body.html) == [entity("mike-pompeo", "Pompeo")])
}

// MARK: - 9. Explicit links

@Test func explicitEntityLinkRendersWithTheAutomaticShape() {
    let body = site.annotate("Met [the *secretary*](entity:mike-pompeo).")
    #expect(body.html == "<p>Met \(AnnotationHTML.entity("mike-pompeo", "the <em>secretary</em>")).</p>\n")
    #expect(body.annotation.linkedTargets == [.entity("mike-pompeo")])
    #expect(body.annotation.diagnostics.isEmpty)
}

@Test func explicitGlossaryLinkRendersWithTheAutomaticShape() {
    let body = site.annotate("On [giving up nukes](glossary:denuclearization).")
    #expect(body.html == "<p>On \(AnnotationHTML.term("denuclearization", "giving up nukes", title: "Giving up nuclear weapons.")).</p>\n")
    #expect(body.annotation.linkedTargets == [.term("denuclearization")])
}

@Test func explicitArticleAndBriefingLinksBecomeRelativeLinks() {
    let body = site.annotate("See [the report](article:afp-talks) and [our note](briefing:2019-07-11-talks).")
    #expect(body.html == "<p>See <a href=\"../../articles/afp-talks/\">the report</a> and <a href=\"../../briefings/2019-07-11-talks/\">our note</a>.</p>\n")
    #expect(body.annotation.diagnostics.isEmpty)
}

@Test func explicitArticleLinkFromTheRootPageHasNoPrefix() {
    let body = site.annotate("[the report](article:afp-talks)", root: "")
    #expect(body.html == "<p><a href=\"articles/afp-talks/\">the report</a></p>\n")
}

@Test func explicitLinkTextIsNotSearchedForOtherMentions() {
    let body = site.annotate("[Japan's envoy](entity:mike-pompeo) left.")
    #expect(wrappers(in: body.html) == [entity("mike-pompeo", "Japan’s envoy")])
}

@Test(arguments: [
    ("entity", "nobody"), ("glossary", "nothing"), ("article", "no-article"), ("briefing", "no-briefing"),
])
func unknownExplicitLinkSlugIsAnErrorAtTheLinksLineAndColumn(kind: String, slug: String) {
    let markdown = "First paragraph.\n\nSee the [report](\(kind):\(slug)) here.\n"
    let body = site.annotate(markdown, path: "Content/briefings/b.md", firstLine: 5)
    #expect(body.annotation.diagnostics.count == 1)
    let error = body.annotation.diagnostics.first
    #expect(error?.severity == .error)
    #expect(error?.path == "Content/briefings/b.md")
    #expect(error?.line == 7)
    #expect(error?.column == 9)
    #expect(error?.message.contains("'\(slug)'") == true)
}

@Test func unknownSlugColumnCountsCharactersNotBytes() {
    // "Über 강경화 " is 9 characters but 15 bytes: the link starts at character 10.
    let markdown = "Über 강경화 [x](entity:nobody)\n"
    let body = site.annotate(markdown, firstLine: 3)
    #expect(body.annotation.diagnostics.map { [$0.line, $0.column] } == [[3, 10]])
}

@Test func unknownSlugInABlockQuoteOnALaterLineIsLocated() {
    let markdown = "> One line,\n> and *then* [x](glossary:nothing).\n"
    let body = site.annotate(markdown, firstLine: 10)
    #expect(body.annotation.diagnostics.map { [$0.line, $0.column] } == [[11, 14]])
}

@Test func unknownSlugOnAContinuationLineIsLocatedInTheFilesLine() {
    let markdown = "Kim said\n   see [x](entity:nobody)\n\n  Indented  \nhard [y](article:nothing)\n"
    let body = site.annotate(markdown, firstLine: 1)
    #expect(body.annotation.diagnostics.map { [$0.line, $0.column] } == [[2, 8], [5, 6]])
}

@Test func explicitLinksInHeadingsAreResolvedAndChecked() {
    let body = site.annotate("## Talks with [the secretary](entity:mike-pompeo) and [x](glossary:nothing)\n\nMike Pompeo spoke.\n")
    #expect(body.html.hasPrefix("<h2>Talks with \(AnnotationHTML.entity("mike-pompeo", "the secretary")) and "))
    #expect(body.annotation.diagnostics.map { [$0.line, $0.column] } == [[5, 55]])
    // A heading is never the first mention: the paragraph's mention is still linked.
    #expect(body.html.contains("<p>\(AnnotationHTML.entity("mike-pompeo", "Mike Pompeo")) spoke.</p>"))
}

@Test func entityNoneRendersPlainTextAndSuppressesAutoLinkingThere() {
    let body = site.annotate("[Mike Pompeo](entity:none) said so.")
    #expect(body.html == "<p>Mike Pompeo said so.</p>\n")
    #expect(body.annotation.mentions.isEmpty)
    #expect(body.annotation.diagnostics.isEmpty)
}

@Test func entityNoneIsNotTheFirstMention() {
    let body = site.annotate("[Mike Pompeo](entity:none) said so; Mike Pompeo left.")
    #expect(body.html == "<p>Mike Pompeo said so; \(AnnotationHTML.entity("mike-pompeo", "Mike Pompeo")) left.</p>\n")
}

// MARK: - 10. HTML shape

@Test(arguments: ["../../", ""])
func entityWrapperHasTheSpecifiedShape(root: String) {
    let body = site.annotate("Japan.", root: root)
    #expect(body.html == "<p><a class=\"entity\" data-entity=\"japan\" href=\"\(root)entities/japan/\">Japan</a>.</p>\n")
}

@Test(arguments: ["../../", ""])
func termWrapperHasTheSpecifiedShapeWithAnEscapedDefinition(root: String) {
    let builder = SiteBuilder().term("cvid", "CVID", definition: "\"Complete\" <verifiable> & 'irreversible'")
    let body = builder.annotate("Talk of CVID.", root: root)
    #expect(body.html == "<p>Talk of <a class=\"term\" data-term=\"cvid\" href=\"\(root)glossary/#cvid\" title=\"&quot;Complete&quot; &lt;verifiable&gt; &amp; &#39;irreversible&#39;\">CVID</a>.</p>\n")
}

@Test func wrappedTextIsStillEscapedByCmark() {
    let builder = SiteBuilder().entity("at-t", "AT&T", kind: .organization)
    let body = builder.annotate("AT&amp;T and <b>x</b>.")
    #expect(body.html == "<p>\(AnnotationHTML.entity("at-t", "AT&amp;T")) and <!-- raw HTML omitted -->x<!-- raw HTML omitted -->.</p>\n")
}

// MARK: - 11. Removing the wrappers gives cmark's rendering

private let propertyInputs = [
    "Mike Pompeo met *Kang Kyung-wha* and **North Korea**'s envoy.",
    "- Japan\n- [the secretary](entity:mike-pompeo)\n  - Korea and denuclearization\n",
    "> \"Mike Pompeo\" -- said ROK... and Japan's\n> South Korea\n>\n> > nested DPRK\n",
    "AT&amp;T, &copy; Japan & <Korea> \\*not emphasis\\* North\nKorea.",
    "Raw <span class=\"x\">Japan</span> and <!-- Korea --> here.\n\n<div>\nJapan\n</div>\n",
    "# Japan\n\nForced-labor rulings, `Japan`, ![Japan](j.png) and Japan.  \nHard break Mike\nPompeo.\n",
    "1. Kang Kyung--wha said 강경화는\n2. [glossary](glossary:denuclearization) and [x](entity:none)\n",
    "Smart 'quotes' and \"double\" and don't -- Robert O'Brien --- dashes.\n\n***\n\n    code Japan\n",
]

@Test(arguments: propertyInputs)
func removingWrappersGivesCmarksOwnRendering(markdown: String) {
    let body = site.linkMentions(.all).annotate(markdown)
    #expect(removingAnnotationWrappers(body.html) == cmarkHTML(markdownWithoutExplicitLinks(markdown)))
}

@Test(arguments: propertyInputs)
func removingWrappersAndParagraphIDsGivesCmarksRenderingForArticles(markdown: String) {
    let body = site.linkMentions(.all).annotate(markdown, path: "Content/articles/a.md", numberParagraphs: true)
    let stripped = removingParagraphIDs(removingAnnotationWrappers(body.html))
    #expect(stripped == cmarkHTML(markdownWithoutExplicitLinks(markdown)))
}

@Test func articleParagraphsAreNumberedInOrder() {
    let body = site.annotate("Japan.\n\n> quoted\n\nSecond.\n\n- item\n\nThird.\n", numberParagraphs: true)
    #expect(body.html.hasPrefix("<p id=\"p1\">"))
    #expect(body.html.contains("<p id=\"p2\">Second.</p>"))
    #expect(body.html.contains("<p id=\"p3\">Third.</p>"))
    #expect(body.html.contains("<blockquote>\n<p>quoted</p>"))
}

@Test func removingWrappersMatchesTheCmarkCommandLine() throws {
    let cmark = "/usr/bin/cmark"
    guard FileManager.default.isExecutableFile(atPath: cmark) else { return }
    let inputs = [propertyInputs[0], propertyInputs[2], propertyInputs[3], propertyInputs[4]]
    for markdown in inputs {
        let body = site.linkMentions(.all).annotate(markdown)
        let expected = try runCmark(cmark, arguments: ["--smart"], input: markdown)
        #expect(removingAnnotationWrappers(body.html) == expected)
    }
}

@Test func wrapperRemovalHelperKeepsOtherLinks() {
    let html = "<p><a href=\"x\">a <a class=\"entity\" data-entity=\"k\" href=\"y\">K</a></a> <a class=\"term\" title=\"t\">T</a></p>"
    #expect(removingAnnotationWrappers(html) == "<p><a href=\"x\">a K</a> T</p>")
}

/// The Markdown with explicit `entity:`/`glossary:` links turned into their text, which is what
/// cmark renders once the wrappers (which replace those links) are removed.
private func markdownWithoutExplicitLinks(_ markdown: String) -> String {
    markdown.replacing(#/\[([^\]]*)\]\((?:entity|glossary):[a-z0-9-]+\)/#) { String($0.output.1) }
}

private func runCmark(_ path: String, arguments: [String], input: String) throws -> String {
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

// MARK: - 12. Mentions recorded

@Test func mentionsCarryTheParagraphTextAndTheirUTF8Range() {
    let markdown = "Über *emphasis* \"quoted\" `code` [link](https://x.org) 강경화는 met\nMike Pompeo and **Japan**."
    let body = site.annotate(markdown)
    let mentions = body.annotation.mentions
    #expect(mentions.map(slice) == ["강경화", "Mike Pompeo", "Japan"])
    #expect(mentions.map(\.target) == [.entity("kang-kyung-wha"), .entity("mike-pompeo"), .entity("japan")])
    #expect(mentions.allSatisfy { $0.paragraph == "Über emphasis “quoted” code link 강경화는 met Mike Pompeo and Japan." })
}

@Test func mentionOfAnExplicitLinkCoversItsText() {
    let body = site.annotate("Before, [the *envoy*](entity:mike-pompeo) came.\n\n> Then North Korea.\n")
    let mentions = body.annotation.mentions
    #expect(mentions.map(slice) == ["the envoy", "North Korea"])
    #expect(mentions.map(\.paragraph) == ["Before, the envoy came.", "Then North Korea."])
}

@Test func linkedTargetsAreInFirstAppearanceOrder() {
    let body = site.linkMentions(.all).annotate(
        "Japan and denuclearization.\n\n- Korea, Japan\n\n[x](entity:mike-pompeo) and Korea.\n")
    #expect(body.annotation.linkedTargets == [
        .entity("japan"), .term("denuclearization"), .entity("korea"), .entity("mike-pompeo"),
    ])
}

@Test func everyMentionIsRecordedEvenWhenOnlyTheFirstIsLinked() {
    let body = site.linkMentions(.first).annotate("Japan, Japan.\n\nJapan again.\n")
    #expect(wrappers(in: body.html).count == 1)
    #expect(body.annotation.mentions.map(slice) == ["Japan", "Japan", "Japan"])
    #expect(body.annotation.linkedTargets == [.entity("japan")])
}

@Test func firstParagraphIsThePlainTextOfTheFirstParagraph() {
    let body = site.annotate("# Title\n\n*Mike* Pompeo \"said\"\nso.\n\nSecond.\n")
    #expect(body.firstParagraph == "Mike Pompeo “said” so.")
}
