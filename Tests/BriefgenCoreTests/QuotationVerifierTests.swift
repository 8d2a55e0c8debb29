import Testing
@testable import BriefgenCore

/// The AFP article of the example content, as cmark renders its paragraphs with smart punctuation.
private let afp = "2019-07-11-pompeo-japan-korea"
private let afpParagraphs = [
    "WASHINGTON: US Secretary of State Mike Pompeo voiced hope Thursday for better cooperation between Japan and South Korea as Seoul raised concerns over Tokyo’s restrictions of exports crucial to its tech sector.",
    "South Korea said Foreign Minister Kang Kyung-wha raised the increasingly tense row between the fellow US allies during a telephone call with Pompeo.",
    "The top US diplomat stressed “the importance of US-Japan-ROK trilateral cooperation,” the State Department said, referring to the South by its official name, the Republic of Korea.",
    "Pompeo also spoke to Kang about seeking the denuclearization of North Korea, with diplomacy set to resume after President Donald Trump’s dramatic walk across the military border into the authoritarian state on June 30.",
    "Japan said last week it would end expedited shipments of chemical compounds used by South Korean companies in the manufacture of microchips and smartphones.",
    "Tokyo is angry at South Korean court rulings that Japanese firms must compensate forced laborers from Japan’s 1910-1945 rule of the peninsula.",
    "Japan says that claims over the colonial period – which elicits strong emotions among Koreans – were resolved when Tokyo signed a treaty in 1965 to establish diplomatic relations with Seoul.",
    "Kang told Pompeo that Japan’s trade restrictions “not only harm South Korean companies but disturb the global supply system,” the South Korean foreign ministry said.",
    "“It is undesirable in light of the friendly and cooperative relations between South Korea and Japan and trilateral cooperation among South Korea, the United States and Japan,” it said in a statement.",
    "Two South Korean companies alone, Samsung Electronics and SK Hynix, account for almost two-thirds of global chip production.",
    "Senior South Korean official Kim Hyun-chong, on a visit to Washington, said the United States wanted high-level three-way talks to resolve the spat, according to the Yonhap news agency.",
    "Pompeo is expected to meet both of his counterparts around the end of the month when foreign ministers of the ASEAN bloc of Southeast Asian nations as well as other Asian powers convene in Bangkok.—AFP",
].enumerated().map { SourceParagraph(article: afp, number: $0.offset + 1, text: $0.element) }

private func verify(_ quotation: String, in articles: [String] = [afp], sources: [SourceParagraph] = afpParagraphs) -> QuotationVerdict {
    QuotationVerifier(index: SourceIndex(sources)).verify(quotation, in: articles)
}

/// The source text each range of a verified quotation covers, sliced from the paragraph's UTF-8.
private func matchedTexts(_ verdict: QuotationVerdict, sources: [SourceParagraph] = afpParagraphs) -> [String]? {
    guard case .verified(let match) = verdict,
        let paragraph = sources.first(where: { $0.article == match.article && $0.number == match.paragraph })
    else { return nil }
    let bytes = Array(paragraph.text.utf8)
    return match.ranges.map { String(decoding: bytes[$0], as: UTF8.self) }
}

private func match(_ verdict: QuotationVerdict) -> QuotationMatch? {
    if case .verified(let match) = verdict { return match }
    return nil
}

private func nearest(_ verdict: QuotationVerdict) -> NearestPassage? {
    if case .notFound(let nearest, _) = verdict { return nearest }
    return nil
}

private func isNotFound(_ verdict: QuotationVerdict) -> Bool {
    if case .notFound = verdict { return true }
    return false
}

@Suite struct QuotationVerifierTests {
    // MARK: The example content

    /// Every checked quotation of the three example briefings, as the extractor hands them over.
    @Test(arguments: [
        "“Tokyo is angry at South Korean court rulings that Japanese firms must compensate forced laborers from Japan’s 1910-1945 rule of the peninsula.”",
        "Japan says that claims over the colonial period – which elicits strong emotions among Koreans – were resolved when Tokyo signed a treaty in 1965 to establish diplomatic relations with Seoul.",
        "“undesirable in light of the friendly and cooperative relations between South Korea and Japan”",
        "“elicits strong emotions among Koreans”",
        "“The top US diplomat stressed ‘the importance of US-Japan-ROK trilateral cooperation,’ the State Department said.”",
        "“voiced hope Thursday for better cooperation between Japan and South Korea”",
        "“undesirable in light of the friendly and cooperative relations between South Korea and Japan … trilateral cooperation among South Korea, the United States and Japan”",
        "Senior South Korean official Kim Hyun-chong, on a visit to Washington, said the United States wanted high-level three-way talks to resolve the spat, according to the Yonhap news agency.",
        "“also spoke to Kang about seeking the denuclearization of North Korea”",
        "“dramatic walk across the military border into the authoritarian state”",
        "Pompeo is expected to meet both of his counterparts around the end of the month when foreign ministers of the ASEAN bloc of Southeast Asian nations as well as other Asian powers convene in Bangkok.",
        "“[Japan] would end expedited shipments of chemical compounds used by South Korean companies in the manufacture of microchips and smartphones”",
        "Two South Korean companies alone, Samsung Electronics and SK Hynix, account for almost two-thirds of global chip production.",
        "“not only harm South Korean companies but disturb the global supply system”",
    ])
    func everyQuotationOfTheExampleBriefingsVerifies(_ quotation: String) {
        #expect(match(verify(quotation))?.article == afp)
    }

    @Test func blockQuoteParagraphVerifiesAndItsRangeLeavesOutTheFinalFullStop() {
        let verdict = verify("Japan says that claims over the colonial period – which elicits strong emotions among Koreans – were resolved when Tokyo signed a treaty in 1965 to establish diplomatic relations with Seoul.")
        #expect(match(verdict)?.paragraph == 7)
        #expect(matchedTexts(verdict) == [String(afpParagraphs[6].text.dropLast())])
    }

    // MARK: Normalisation

    @Test func straightQuotationMarksAndApostrophesEqualCurlyOnes() {
        let verdict = verify("\"Kang told Pompeo that Japan's trade restrictions \"not only harm South Korean companies\"")
        #expect(matchedTexts(verdict) == ["Kang told Pompeo that Japan’s trade restrictions “not only harm South Korean companies"])
    }

    @Test func nestedQuotationInSingleQuotesMatchesDoubleQuotesInTheSource() {
        let verdict = verify("“The top US diplomat stressed ‘the importance of US-Japan-ROK trilateral cooperation,’ the State Department said.”")
        #expect(match(verdict)?.paragraph == 3)
        #expect(matchedTexts(verdict) == ["The top US diplomat stressed “the importance of US-Japan-ROK trilateral cooperation,” the State Department said"])
    }

    @Test func allDashesCompareEqual() {
        #expect(match(verify("the colonial period — which elicits strong emotions among Koreans - were resolved")) != nil)
        #expect(match(verify("the colonial period ‒ which elicits strong emotions among Koreans − were resolved")) != nil)
        #expect(match(verify("from Japan’s 1910–1945 rule of the peninsula")) != nil)
    }

    @Test func runOfDashesCountsAsOneDash() {
        #expect(match(verify("the colonial period -- which elicits strong emotions among Koreans")) != nil)
        #expect(match(verify("the colonial period ——— which elicits strong emotions among Koreans")) != nil)
    }

    @Test func decomposedAccentMatchesPrecomposedOneAndBack() {
        let precomposed = [SourceParagraph(article: "cafe", number: 1, text: "The caf\u{E9} owner said the r\u{E9}sum\u{E9} was false.")]
        let decomposedQuotation = verify("caf\u{65}\u{301} owner said the re\u{301}sume\u{301}", in: ["cafe"], sources: precomposed)
        #expect(matchedTexts(decomposedQuotation, sources: precomposed) == ["caf\u{E9} owner said the r\u{E9}sum\u{E9}"])

        let decomposed = [SourceParagraph(article: "cafe", number: 1, text: "The cafe\u{301} owner said the re\u{301}sume\u{301} was false.")]
        let precomposedQuotation = verify("caf\u{E9} owner said the r\u{E9}sum\u{E9}", in: ["cafe"], sources: decomposed)
        let texts = matchedTexts(precomposedQuotation, sources: decomposed)
        #expect(texts?.first?.unicodeScalars.elementsEqual("cafe\u{301} owner said the re\u{301}sume\u{301}".unicodeScalars) == true)
    }

    @Test func runsOfWhiteSpaceCompareAsOneSpace() {
        #expect(match(verify("not only  harm\nSouth\u{A0}Korean \t companies")) != nil)
    }

    @Test func rangeCoversTheOriginalTextOfCollapsedRuns() {
        let sources = [SourceParagraph(article: "runs", number: 1, text: "A  period \u{2014}\u{2014} which  elicits emotion.")]
        let verdict = verify("period - which elicits", in: ["runs"], sources: sources)
        #expect(matchedTexts(verdict, sources: sources) == ["period \u{2014}\u{2014} which  elicits"])
    }

    @Test func edgePunctuationAndQuotationMarksAreIgnoredAndLeftOutOfTheRange() {
        let verdict = verify("“not only harm South Korean companies but disturb the global supply system,”")
        #expect(matchedTexts(verdict) == ["not only harm South Korean companies but disturb the global supply system"])
    }

    @Test func caseOfTheFirstLetterIsIgnored() {
        let verdict = verify("“Not only harm South Korean companies")
        #expect(matchedTexts(verdict) == ["not only harm South Korean companies"])
        #expect(match(verify("it is undesirable in light of the friendly")) != nil)
    }

    @Test func caseOfOtherLettersIsNotIgnored() {
        #expect(isNotFound(verify("not only Harm South Korean companies")))
        #expect(isNotFound(verify("NOT only harm South Korean companies")))
    }

    @Test func matchStartsAndEndsAtWordBoundaries() {
        #expect(isNotFound(verify("arm South Korean companies but disturb")))
        #expect(isNotFound(verify("not only harm South Korean compan")))
    }

    // MARK: Editorial marks

    @Test(arguments: ["...", "…", ". . .", "[...]", "[…]"])
    func eachEllipsisFormSplitsTheQuotationIntoPartsInOrder(_ ellipsis: String) {
        let verdict = verify("“undesirable in light of the friendly and cooperative relations between South Korea and Japan \(ellipsis) trilateral cooperation among South Korea,”")
        #expect(match(verdict)?.paragraph == 9)
        #expect(matchedTexts(verdict) == ["undesirable in light of the friendly and cooperative relations between South Korea and Japan",
                                          "trilateral cooperation among South Korea"])
    }

    @Test func multiplePartsGiveOneRangeEachInOrder() throws {
        let verdict = verify("Kang told Pompeo … trade restrictions … South Korean companies … the global supply system")
        let ranges = try #require(match(verdict)?.ranges)
        #expect(ranges.count == 4)
        #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound < $1.lowerBound })
        #expect(matchedTexts(verdict) == ["Kang told Pompeo", "trade restrictions", "South Korean companies", "the global supply system"])
    }

    @Test func ellipsisAtTheStartOrEndIsIgnored() {
        #expect(matchedTexts(verify("“…not only harm South Korean companies…”")) == ["not only harm South Korean companies"])
        #expect(matchedTexts(verify("[...] not only harm South Korean companies . . .")) == ["not only harm South Korean companies"])
    }

    @Test func partsOutOfOrderAreNotVerified() {
        #expect(isNotFound(verify("trilateral cooperation among South Korea … the friendly and cooperative relations")))
    }

    @Test func ellipsisJoiningTwoParagraphsIsNotVerified() {
        #expect(isNotFound(verify("not only harm South Korean companies … It is undesirable in light of the friendly")))
    }

    @Test func quotationRunningAcrossTwoParagraphsIsNotVerified() {
        #expect(isNotFound(verify("the South Korean foreign ministry said. It is undesirable in light of the friendly")))
    }

    @Test func insertionStandsForOneWord() {
        let verdict = verify("Japan said last week [Tokyo] would end expedited shipments")
        #expect(matchedTexts(verdict) == ["Japan said last week it would end expedited shipments"])
    }

    @Test func insertionStandsForSixWords() {
        let verdict = verify("Kang told [the minister] only harm South Korean companies")
        #expect(matchedTexts(verdict) == ["Kang told Pompeo that Japan’s trade restrictions “not only harm South Korean companies"])
    }

    @Test func insertionStandsForNoWord() {
        let verdict = verify("it would end [all] expedited shipments of chemical compounds")
        #expect(matchedTexts(verdict) == ["it would end expedited shipments of chemical compounds"])
    }

    @Test func insertionCannotStandForSevenWords() {
        #expect(isNotFound(verify("Kang [the minister] only harm South Korean companies")))
    }

    @Test func adjacentInsertionsEachStandForUpToSixWords() {
        let verdict = verify("Kang told [the][minister][of][foreign][affairs][said][that][the] only harm South Korean companies")
        #expect(matchedTexts(verdict) == ["Kang told Pompeo that Japan’s trade restrictions “not only harm South Korean companies"])
    }

    @Test func insertionGluedToAWordStandsForTheRestOfIt() {
        #expect(matchedTexts(verify("that Japan[ese] firms must compensate")) == ["that Japanese firms must compensate"])
    }

    @Test func insertionAtTheStartIsLeftOutOfTheRange() {
        let verdict = verify("“[Japan] would end expedited shipments of chemical compounds”")
        #expect(matchedTexts(verdict) == ["would end expedited shipments of chemical compounds"])
    }

    @Test func bracketedLetterStandsForItselfInEitherCase() {
        let verdict = verify("the State Department said, [R]eferring to the South by its official name")
        #expect(matchedTexts(verdict) == ["the State Department said, referring to the South by its official name"])
        #expect(match(verify("[T]he top US diplomat stressed")) != nil)
        #expect(isNotFound(verify("the State Department said, [R]Eferring to the South")))
    }

    @Test func sicIsDropped() {
        #expect(matchedTexts(verify("that Japanese firms [sic] must compensate forced laborers")) == ["that Japanese firms must compensate forced laborers"])
        #expect(match(verify("that Japanese firms [SIC] must compensate forced laborers")) != nil)
    }

    // MARK: Which occurrence

    @Test func firstOccurrenceWinsWithinAnArticle() {
        let sentence = "The ministry said the talks would resume."
        let sources = [
            SourceParagraph(article: "repeat", number: 1, text: "Nothing to see here."),
            SourceParagraph(article: "repeat", number: 3, text: "Again: \(sentence)"),
            SourceParagraph(article: "repeat", number: 2, text: "\(sentence) Later, \(sentence)"),
        ]
        let verdict = verify("the ministry said the talks would resume", in: ["repeat"], sources: sources)
        #expect(match(verdict) == QuotationMatch(article: "repeat", paragraph: 2, ranges: [0..<(sentence.utf8.count - 1)]))
    }

    @Test func firstListedArticleWins() {
        let sources = [
            SourceParagraph(article: "first", number: 5, text: "The ministry said the talks would resume."),
            SourceParagraph(article: "second", number: 1, text: "The ministry said the talks would resume."),
        ]
        let verdict = verify("The ministry said the talks would resume.", in: ["second", "first"], sources: sources)
        #expect(match(verdict)?.article == "second")
    }

    @Test func quotationFoundOnlyOutsideTheAllowedArticlesReportsWhereItIs() {
        let sources = afpParagraphs + [
            SourceParagraph(article: "yonhap", number: 1, text: "Seoul summoned the ambassador."),
            SourceParagraph(article: "yonhap", number: 2, text: "Officials said the envoy was told to convey a “strong protest” to Tokyo."),
        ]
        let verdict = verify("the envoy was told to convey a ‘strong protest’", sources: sources)
        guard case .notFound(_, let elsewhere) = verdict else {
            Issue.record("verified against the wrong article")
            return
        }
        #expect(elsewhere?.article == "yonhap")
        #expect(elsewhere?.paragraph == 2)
    }

    // MARK: Nearest passage

    @Test func changedWordIsReportedAsTheDifference() throws {
        let passage = try #require(nearest(verify("not only harms South Korean companies but disturb the global supply system")))
        #expect(passage.article == afp)
        #expect(passage.paragraph == 8)
        #expect(passage.differences == ["source has \"harm\", quotation has \"harms\""])
    }

    @Test func droppedNegationIsReported() throws {
        let passage = try #require(nearest(verify("Kang told Pompeo that Japan’s trade restrictions only harm South Korean companies")))
        #expect(passage.paragraph == 8)
        #expect(passage.differences == ["source has \"not\", which the quotation leaves out"])
    }

    @Test func addedWordIsReported() throws {
        let passage = try #require(nearest(verify("not only seriously harm South Korean companies")))
        #expect(passage.differences == ["quotation has \"seriously\", which the source does not"])
    }

    @Test func omissionOfSeveralWordsIsReportedAsOneLeftOutRun() throws {
        let passage = try #require(nearest(verify("Japan says that claims were resolved when Tokyo signed a treaty")))
        #expect(passage.paragraph == 7)
        #expect(passage.differences == ["source has \"over the colonial period – which elicits strong emotions among Koreans –\", which the quotation leaves out"])
    }

    @Test func nearestPassageIncludesTheWholeOmission() throws {
        let passage = try #require(nearest(verify("Japan says that claims were resolved when Tokyo signed a treaty")))
        #expect(passage.excerpt == "Japan says that claims over the colonial period – which elicits strong emotions among Koreans – were resolved when Tokyo signed a treaty…")
    }

    @Test func additionOfSeveralWordsIsReportedAsOneAddedRun() throws {
        let passage = try #require(nearest(verify("not only seriously and lastingly harm South Korean companies")))
        #expect(passage.differences == ["quotation has \"seriously and lastingly\", which the source does not"])
    }

    @Test func commaDroppedWithALeftOutClauseIsPartOfTheSameDifference() throws {
        let passage = try #require(nearest(verify("Senior South Korean official Kim Hyun-chong said the United States wanted high-level three-way talks")))
        #expect(passage.paragraph == 11)
        #expect(passage.differences == ["source has \"Hyun-chong, on a visit to Washington\", quotation has \"Hyun-chong\""])
    }

    @Test func wordsLeftOutAroundAQuotedWordAreTwoDifferencesNotAChangedWord() throws {
        let passage = try #require(nearest(verify("Pompeo is expected to meet both of his counterparts when ministers of the ASEAN bloc")))
        #expect(passage.differences == ["source has \"around the end of the month\", which the quotation leaves out",
                                        "source has \"foreign\", which the quotation leaves out"])
    }

    @Test func reorderedWordsAreNotVerified() {
        let verdict = verify("only not harm South Korean companies but disturb the global supply system")
        #expect(isNotFound(verdict))
        #expect(nearest(verdict)?.paragraph == 8)
    }

    @Test func consecutiveChangedWordsAreGroupedIntoOneDifference() throws {
        let passage = try #require(nearest(verify("not only damage North Korean companies but disturb the global supply system")))
        #expect(passage.differences == ["source has \"harm South\", quotation has \"damage North\""])
    }

    @Test func differencesBeyondThreeAreCounted() throws {
        let passage = try #require(nearest(verify("Japan said last month it would stop expedited deliveries of chemical compounds made by South Korean companies")))
        #expect(passage.paragraph == 5)
        #expect(passage.differences == [
            "source has \"week\", quotation has \"month\"",
            "source has \"end\", quotation has \"stop\"",
            "source has \"shipments\", quotation has \"deliveries\"",
            "and 1 more difference",
        ])
    }

    @Test func caseAndPunctuationDifferencesAreShownAsWritten() throws {
        let passage = try #require(nearest(verify("not only Harm South Korean companies, but disturb")))
        #expect(passage.differences == ["source has \"harm\", quotation has \"Harm\"",
                                        "source has \"companies\", quotation has \"companies,\""])
    }

    @Test func excerptShowsTheAlignedWordsAsWrittenAndWhereTheParagraphGoesOn() throws {
        let passage = try #require(nearest(verify("not only harms South Korean companies")))
        #expect(passage.excerpt == "…“not only harm South Korean companies…")
        let whole = try #require(nearest(verify("Two South Korean companies alone, Samsung Electronics and SK Hynix, account for almost two thirds of global chip production")))
        #expect(whole.excerpt == afpParagraphs[9].text)
    }

    @Test func fabricatedQuotationIsNotVerified() {
        let verdict = verify("Pompeo announced sanctions against both governments on Friday")
        guard case .notFound(_, let elsewhere) = verdict else {
            Issue.record("a fabricated quotation verified")
            return
        }
        #expect(elsewhere == nil)
    }

    @Test func fabricatedQuotationSharingOnlyStopWordsHasNoNearestPassage() {
        #expect(verify("zebras graze on the hills of Mars every spring") == .notFound(nearest: nil, elsewhere: nil))
        #expect(verify("Pompeo announced sanctions against both governments on Friday") == .notFound(nearest: nil, elsewhere: nil))
    }

    @Test func quotationSharingNoWordWithTheSourcesHasNoNearestPassage() {
        #expect(verify("zebras quietly graze") == .notFound(nearest: nil, elsewhere: nil))
    }

    @Test func withoutKnownArticlesTheNearestPassageComesFromTheWholeIndex() throws {
        let passage = try #require(nearest(verify("not only harms South Korean companies", in: [])))
        #expect(passage.paragraph == 8)
        #expect(passage.differences == ["source has \"harm\", quotation has \"harms\""])
        #expect(nearest(verify("not only harms South Korean companies", in: ["no-such-article"]))?.paragraph == 8)
    }

    @Test func quotationWithoutTextIsNotVerified() {
        #expect(verify("“ … ”") == .notFound(nearest: nil, elsewhere: nil))
    }
}
