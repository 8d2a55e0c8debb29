import Testing
@testable import BriefgenCore

/// The matched substrings of `text`, for readable expectations.
private func matchedTexts(_ matcher: PhraseMatcher, in text: String) -> [String] {
    let bytes = Array(text.utf8)
    return matcher.matches(in: text).map { String(decoding: bytes[$0.utf8Range], as: UTF8.self) }
}

private func entities(_ phrases: String...) -> PhraseMatcher {
    PhraseMatcher(phrases.map { PhraseDeclaration(phrase: $0, target: .entity($0.lowercased())) })
}

// MARK: - Case

@Test func lowercasePhraseMatchesAtSentenceStart() {
    let matcher = PhraseMatcher([PhraseDeclaration(phrase: "forced-labor rulings", target: .term("flr"))])
    #expect(matchedTexts(matcher, in: "Forced-labor rulings were issued.") == ["Forced-labor rulings"])
}

@Test func lowercasePhraseMatchesInCapitals() {
    let matcher = PhraseMatcher([PhraseDeclaration(phrase: "forced-labor rulings", target: .term("flr"))])
    #expect(matchedTexts(matcher, in: "FORCED-LABOR RULINGS") == ["FORCED-LABOR RULINGS"])
    #expect(matcher.matches(in: "FORCED-LABOR RULINGS").first?.target == .term("flr"))
}

@Test func capitalisedPhraseMatchesOnlyItsExactCase() {
    let matcher = entities("Kim")
    #expect(matchedTexts(matcher, in: "Kim said") == ["Kim"])
    #expect(matchedTexts(matcher, in: "kim and KIM").isEmpty)
}

// MARK: - Boundaries

@Test func phraseInsideAWordIsNotFound() {
    #expect(matchedTexts(entities("ROK"), in: "BROKEN ROKS").isEmpty)
}

@Test func phraseIsFoundBeforeEitherApostrophe() {
    #expect(matchedTexts(entities("Japan"), in: "Japan's and Japan’s") == ["Japan", "Japan"])
}

@Test func phraseFollowedByMoreLettersIsNotFound() {
    #expect(matchedTexts(entities("South Korea"), in: "South Korean officials").isEmpty)
    #expect(matchedTexts(entities("Korea"), in: "Koreans").isEmpty)
}

@Test func phraseBetweenPunctuationIsFound() {
    #expect(matchedTexts(entities("Korea"), in: "(Korea), “Korea”.") == ["Korea", "Korea"])
}

@Test func hangulPhraseMatchesBeforeParticle() {
    let matcher = PhraseMatcher([PhraseDeclaration(phrase: "강경화", target: .entity("kang-kyung-wha"))])
    #expect(matchedTexts(matcher, in: "강경화는 말했다") == ["강경화"])
    #expect(matcher.matches(in: "강경화는").first?.utf8Range == 0..<9)
}

@Test func japanesePhrasesNeedNoBoundaryAtKanaOrHanEdges() {
    let matcher = entities("東京", "トヨタ")
    #expect(matchedTexts(matcher, in: "東京都のトヨタは") == ["東京", "トヨタ"])
}

@Test func latinEdgeOfMixedScriptPhraseStillNeedsBoundary() {
    #expect(matchedTexts(entities("K-팝"), in: "OK-팝").isEmpty)
    #expect(matchedTexts(entities("K-팝"), in: "K-팝은") == ["K-팝"])
}

// MARK: - Folding

@Test func dashVariantsCompareEqual() {
    let matcher = PhraseMatcher([PhraseDeclaration(phrase: "forced-labor rulings", target: .term("flr"))])
    for dash in ["-", "\u{2010}", "\u{2011}", "\u{2012}", "–", "—", "\u{2015}", "\u{2212}"] {
        #expect(matchedTexts(matcher, in: "forced\(dash)labor rulings") == ["forced\(dash)labor rulings"])
    }
}

@Test func declaredDashVariantMatchesPlainHyphen() {
    #expect(matchedTexts(entities("Trump–Kim summit"), in: "the Trump-Kim summit") == ["Trump-Kim summit"])
}

@Test func apostropheVariantsCompareEqual() {
    let matcher = entities("People's Republic")
    for apostrophe in ["'", "’", "‘", "\u{02BC}"] {
        #expect(matchedTexts(matcher, in: "People\(apostrophe)s Republic") == ["People\(apostrophe)s Republic"])
    }
}

@Test func whitespaceRunMatchesOneSpaceAndRangeCoversIt() {
    let matcher = entities("Mike Pompeo")
    #expect(matchedTexts(matcher, in: "said Mike\nPompeo.") == ["Mike\nPompeo"])
    #expect(matchedTexts(matcher, in: "Mike \t Pompeo") == ["Mike \t Pompeo"])
    #expect(matchedTexts(matcher, in: "Mike\u{00A0}Pompeo") == ["Mike\u{00A0}Pompeo"])
}

@Test func declaredPhraseWhitespaceIsTrimmedAndCollapsed() {
    #expect(matchedTexts(entities("  Mike \n Pompeo "), in: "Mike Pompeo") == ["Mike Pompeo"])
    #expect(entities("  Mike \n Pompeo ").matches(in: "Mike Pompeo").first?.phrase == "Mike \n Pompeo")
}

@Test func emptyPhrasesAreIgnored() {
    let matcher = entities("", "   ", "Korea")
    #expect(matchedTexts(matcher, in: " Korea ") == ["Korea"])
}

@Test func rangesAreUTF8ByteOffsetsOfTheOriginalText() {
    // "Séoul — “" is 14 bytes: é, — and “ take 2, 3 and 3.
    let match = entities("Korea").matches(in: "Séoul — “Korea”").first
    #expect(match?.utf8Range == 14..<19)
}

// MARK: - Leftmost-longest

@Test func longestPhraseWinsAtTheSameStart() {
    let matches = entities("Korea", "North Korea").matches(in: "North Korea")
    #expect(matches.map(\.target) == [.entity("north korea")])
    #expect(matches.first?.utf8Range == 0..<11)
}

@Test func matchesComeLeftToRight() {
    let matcher = entities("Korea", "North Korea")
    #expect(matchedTexts(matcher, in: "the Korea and North Korea") == ["Korea", "North Korea"])
    #expect(matcher.matches(in: "the Korea and North Korea").map(\.target) == [.entity("korea"), .entity("north korea")])
}

@Test func leftmostMatchWinsOverALongerLaterOne() {
    let matcher = entities("North Korea", "Korea Strait")
    #expect(matchedTexts(matcher, in: "North Korea Strait") == ["North Korea"])
}

@Test func longestMatchSpansEntitiesAndTermsTogether() {
    let matcher = PhraseMatcher([
        PhraseDeclaration(phrase: "Korea", target: .entity("korea")),
        PhraseDeclaration(phrase: "korea discount", target: .term("korea-discount")),
    ])
    #expect(matcher.matches(in: "the Korea discount").map(\.target) == [.term("korea-discount")])
}

@Test func longerPhraseFailingItsBoundaryFallsBackToShorter() {
    let matcher = entities("Korea", "Korea Strai")
    #expect(matchedTexts(matcher, in: "Korea Strait") == ["Korea"])
}

// MARK: - Ambiguity

@Test func samePhraseForTwoEntitiesIsAmbiguous() {
    let matcher = PhraseMatcher([
        PhraseDeclaration(phrase: "Kim", target: .entity("kim-jong-un")),
        PhraseDeclaration(phrase: "Kim", target: .entity("kim-yo-jong")),
    ])
    #expect(matcher.ambiguities == [PhraseAmbiguity(phrases: ["Kim"],
                                                    targets: [.entity("kim-jong-un"), .entity("kim-yo-jong")])])
    let match = matcher.matches(in: "Kim said").first
    #expect(match?.target == nil)
    #expect(match?.ambiguousTargets == [.entity("kim-jong-un"), .entity("kim-yo-jong")])
    #expect(match?.phrase == "Kim")
}

@Test func lowercaseTermAndCapitalisedEntityAreAmbiguous() {
    let matcher = PhraseMatcher([
        PhraseDeclaration(phrase: "kim", target: .term("kim")),
        PhraseDeclaration(phrase: "Kim", target: .entity("kim-jong-un")),
    ])
    #expect(matcher.ambiguities == [PhraseAmbiguity(phrases: ["Kim", "kim"],
                                                    targets: [.entity("kim-jong-un"), .term("kim")])])
    #expect(matcher.matches(in: "kim").first?.ambiguousTargets == [.entity("kim-jong-un"), .term("kim")])
    #expect(matcher.matches(in: "Kim").first?.target == nil)
}

@Test func differentlyCapitalisedPhrasesAreNotAmbiguous() {
    let matcher = PhraseMatcher([
        PhraseDeclaration(phrase: "Kim", target: .entity("kim")),
        PhraseDeclaration(phrase: "KIM", target: .entity("korea-institute")),
    ])
    #expect(matcher.ambiguities.isEmpty)
    #expect(matcher.matches(in: "Kim of KIM").map(\.target) == [.entity("kim"), .entity("korea-institute")])
}

@Test func nameRepeatedAsAliasOfSameTargetIsNotAmbiguous() {
    let matcher = PhraseMatcher([
        PhraseDeclaration(phrase: "Pompeo", target: .entity("mike-pompeo")),
        PhraseDeclaration(phrase: "Pompeo", target: .entity("mike-pompeo")),
        PhraseDeclaration(phrase: "pompeo", target: .entity("mike-pompeo")),
    ])
    #expect(matcher.ambiguities.isEmpty)
    #expect(matcher.matches(in: "Pompeo").first?.target == .entity("mike-pompeo"))
}

@Test func ambiguityFoldsDashesBeforeComparing() {
    let matcher = PhraseMatcher([
        PhraseDeclaration(phrase: "Trump-Kim summit", target: .entity("a")),
        PhraseDeclaration(phrase: "Trump–Kim  summit", target: .entity("b")),
    ])
    #expect(matcher.ambiguities.map(\.targets) == [[.entity("a"), .entity("b")]])
}

@Test func ambiguousGroupsFormTransitively() {
    let matcher = PhraseMatcher([
        PhraseDeclaration(phrase: "Kim", target: .entity("a")),
        PhraseDeclaration(phrase: "kim", target: .term("b")),
        PhraseDeclaration(phrase: "KIM", target: .entity("c")),
    ])
    #expect(matcher.ambiguities == [PhraseAmbiguity(phrases: ["KIM", "Kim", "kim"],
                                                    targets: [.entity("a"), .entity("c"), .term("b")])])
}

@Test func ambiguousMatchStillConsumesItsText() {
    let matcher = PhraseMatcher([
        PhraseDeclaration(phrase: "North Korea", target: .entity("dprk")),
        PhraseDeclaration(phrase: "North Korea", target: .entity("north-korea")),
        PhraseDeclaration(phrase: "Korea", target: .entity("korea")),
    ])
    let matches = matcher.matches(in: "North Korea")
    #expect(matches.count == 1)
    #expect(matches.first?.utf8Range == 0..<11)
    #expect(matches.first?.target == nil)
}

@Test func ambiguitiesAreSortedAndDeterministic() {
    let declarations = [
        PhraseDeclaration(phrase: "Moon", target: .entity("moon-b")),
        PhraseDeclaration(phrase: "Kim", target: .entity("kim-b")),
        PhraseDeclaration(phrase: "Moon", target: .entity("moon-a")),
        PhraseDeclaration(phrase: "Kim", target: .entity("kim-a")),
    ]
    let first = PhraseMatcher(declarations).ambiguities
    #expect(first.map(\.phrases) == [["Kim"], ["Moon"]])
    #expect(first.map(\.targets) == [[.entity("kim-a"), .entity("kim-b")], [.entity("moon-a"), .entity("moon-b")]])
    #expect(PhraseMatcher(declarations.reversed()).ambiguities == first)
}

// MARK: - Unicode and scale

@Test func precomposedAccentedPhraseMatchesPrecomposedText() {
    let matcher = entities("Zürich", "café society")
    #expect(matchedTexts(matcher, in: "In Zürich, Café Society met.") == ["Zürich", "Café Society"])
    #expect(matchedTexts(matcher, in: "Zürichsee").isEmpty)
}

@Test func matchingTenThousandPhrasesFindsTheRightOne() {
    var declarations = (0..<10_000).map { PhraseDeclaration(phrase: "Person \($0)", target: .entity("p\($0)")) }
    declarations.append(PhraseDeclaration(phrase: "Person 4242 Junior", target: .entity("junior")))
    let matcher = PhraseMatcher(declarations)
    let matches = matcher.matches(in: "Met Person 7777, then Person 4242 Junior and Person 42.")
    #expect(matches.map(\.target) == [.entity("p7777"), .entity("junior"), .entity("p42")])
    #expect(matcher.ambiguities.isEmpty)
}

@Test func emptyMatcherAndEmptyTextFindNothing() {
    #expect(PhraseMatcher([]).matches(in: "Korea").isEmpty)
    #expect(entities("Korea").matches(in: "").isEmpty)
}
