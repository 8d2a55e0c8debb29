/// Who mentions what: built from every annotated page of the site, read by the entity and
/// glossary pages ("mentioned in", with the sentences) and by briefing pages ("in this briefing").
public struct CrossReferenceIndex: Sendable {
    /// One page's mentions of one target.
    public struct Citation: Sendable {
        public var page: PageID
        /// Each distinct sentence holding a mention, as HTML with the mention in `<mark>`.
        public var sentences: [String]
    }

    private var citations: [AnnotationTarget: [Citation]] = [:]

    private struct SentenceKey: Hashable {
        var target: AnnotationTarget
        var sentence: String
    }

    /// `pages` in the order their citations should be listed (briefings newest first, then the rest).
    public init(pages: [(id: PageID, annotation: AnnotationResult)]) {
        for (page, annotation) in pages {
            var sentences: [AnnotationTarget: [String]] = [:]
            var seen = Set<SentenceKey>()
            var order: [AnnotationTarget] = []
            for mention in annotation.mentions {
                let sentence = Sentence.highlighted(in: mention.paragraph, range: mention.utf8Range)
                if sentences[mention.target] == nil { order.append(mention.target) }
                if seen.insert(SentenceKey(target: mention.target, sentence: sentence)).inserted {
                    sentences[mention.target, default: []].append(sentence)
                }
            }
            for target in order {
                citations[target, default: []].append(Citation(page: page, sentences: sentences[target] ?? []))
            }
        }
    }

    /// The pages mentioning `target`, in page order.
    public func citations(of target: AnnotationTarget) -> [Citation] {
        citations[target] ?? []
    }
}
