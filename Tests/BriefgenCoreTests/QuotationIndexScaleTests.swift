import Testing
@testable import BriefgenCore

/// A deterministic generator, so that the synthetic sources are the same on every run.
private struct SplitMix64 {
    var state: UInt64

    mutating func next(below bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}

/// 400 articles of 30 paragraphs of 50 to 90 words from a vocabulary of 3,000.
private func syntheticArticles(_ random: inout SplitMix64) -> [[[String]]] {
    let syllables = ["ka", "ro", "mi", "te", "sun", "lo", "va", "der", "pi", "nu", "sho", "gre", "tal", "be", "xi"]
    let vocabulary = (0..<3_000).map { _ in (0..<(2 + random.next(below: 3))).map { _ in syllables[random.next(below: syllables.count)] }.joined() }
    return (0..<400).map { _ in
        (0..<30).map { _ in
            (0..<(50 + random.next(below: 41))).map { position in
                let word = vocabulary[random.next(below: vocabulary.count)]
                switch random.next(below: 12) {
                case 0: return word + ","
                case 1: return word + "."
                case 2: return "“" + word + "”"
                default: return position == 0 ? word.prefix(1).uppercased() + word.dropFirst() : word
                }
            }
        }
    }
}

@Suite struct QuotationIndexScaleTests {
    @Test func indexOfTwelveThousandParagraphsVerifiesAThousandQuotations() {
        var random = SplitMix64(state: 2019)
        let articles = syntheticArticles(&random)
        let slug = { (article: Int) in "article-\(article)" }
        let paragraphs = articles.enumerated().flatMap { article, paragraphs in
            paragraphs.enumerated().map { SourceParagraph(article: slug(article), number: $0.offset + 1, text: $0.element.joined(separator: " ")) }
        }
        #expect(paragraphs.count == 12_000)
        let verifier = QuotationVerifier(index: SourceIndex(paragraphs))

        for quotationNumber in 0..<1_000 {
            let article = random.next(below: articles.count), paragraph = random.next(below: 30)
            let words = articles[article][paragraph]
            let start = random.next(below: words.count - 14), end = start + 8 + random.next(below: 7)
            switch quotationNumber % 4 {
            case 0:
                let quotation = words[start..<end].joined(separator: " ")
                let verdict = verifier.verify(quotation, in: [slug(article)])
                guard case .verified(let match) = verdict, match.ranges.count == 1,
                    let found = paragraphs.first(where: { $0.article == match.article && $0.number == match.paragraph })
                else {
                    Issue.record("not verified: \(quotation)")
                    continue
                }
                let matched = String(decoding: Array(found.text.utf8)[match.ranges[0]], as: UTF8.self)
                let withoutEdgePunctuation = quotation.drop(while: \.isPunctuation).reversed().drop(while: \.isPunctuation).reversed()
                #expect(matched == String(withoutEdgePunctuation))
            case 1:
                let quotation = words[start..<(start + 4)].joined(separator: " ") + " … " + words[(start + 6)..<end].joined(separator: " ")
                guard case .verified(let match) = verifier.verify(quotation, in: [slug(article)]) else {
                    Issue.record("not verified: \(quotation)")
                    continue
                }
                #expect(match.ranges.count == 2)
            case 2:
                var altered = Array(words[start..<end])
                altered[3] = "zzq\(quotationNumber)"
                guard case .notFound(let nearest, let elsewhere) = verifier.verify(altered.joined(separator: " "), in: [slug(article)]) else {
                    Issue.record("an altered quotation verified")
                    continue
                }
                #expect(elsewhere == nil)
                #expect(nearest?.paragraph == paragraph + 1)
                #expect(nearest?.differences.first?.hasSuffix("quotation has \"zzq\(quotationNumber)\"") == true)
            default:
                let quotation = words[start..<end].joined(separator: " ")
                let other = slug((article + 1) % articles.count)
                guard case .notFound(_, let elsewhere) = verifier.verify(quotation, in: [other]) else {
                    Issue.record("verified in the wrong article: \(quotation)")
                    continue
                }
                #expect(elsewhere?.article == slug(article))
            }
        }
    }
}
