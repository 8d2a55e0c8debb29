/// What an annotation links to.
public enum AnnotationTarget: Hashable, Sendable, Comparable {
    /// An entity, by slug.
    case entity(String)
    /// A glossary term, by slug.
    case term(String)
}

/// One phrase as declared by a content file: an entity's name or alias, a term or its alias.
public struct PhraseDeclaration: Sendable, Hashable {
    /// The phrase as written in front matter, e.g. "Mike Pompeo" or "forced-labor rulings".
    public var phrase: String
    /// What a mention of the phrase links to.
    public var target: AnnotationTarget

    /// Creates a declaration of `phrase` meaning `target`.
    public init(phrase: String, target: AnnotationTarget) {
        self.phrase = phrase
        self.target = target
    }
}

/// Two or more entries claiming the same phrase, compared as it would match.
public struct PhraseAmbiguity: Sendable, Hashable {
    /// The declared spellings involved, sorted.
    public var phrases: [String]
    /// The distinct targets claiming them, sorted; always at least two.
    public var targets: [AnnotationTarget]

    /// Creates an ambiguity record.
    public init(phrases: [String], targets: [AnnotationTarget]) {
        self.phrases = phrases
        self.targets = targets
    }
}

/// One mention found by `PhraseMatcher.matches(in:)`.
public struct PhraseMatch: Sendable, Hashable {
    /// UTF-8 byte offsets into the text passed to `matches(in:)`.
    public var utf8Range: Range<Int>
    /// The single target, or nil when the matched phrase is ambiguous.
    public var target: AnnotationTarget?
    /// Set when ambiguous: every target claiming the phrase (sorted).
    public var ambiguousTargets: [AnnotationTarget]
    /// The declared phrase that matched (for diagnostics), e.g. "Kim".
    public var phrase: String

    /// Creates a match record.
    public init(utf8Range: Range<Int>, target: AnnotationTarget?, ambiguousTargets: [AnnotationTarget], phrase: String) {
        self.utf8Range = utf8Range
        self.target = target
        self.ambiguousTargets = ambiguousTargets
        self.phrase = phrase
    }
}

/// Finds mentions of every declared phrase of a site (SPEC §3) in one pass over a text.
///
/// All phrases are compiled once into a trie over folded scalars. The trie has two roots: one keyed
/// by exact scalars for phrases with capitals, one keyed by lowercased scalars for all-lowercase
/// phrases. Matching walks both from each word-boundary start, so the cost per text depends on
/// the text's length and the longest phrase, never on how many phrases there are.
public struct PhraseMatcher: Sendable {
    /// Children are kept sorted and binary-searched: faster than hashing for the few keys a node has.
    private struct Node: Sendable {
        var keys: [Unicode.Scalar] = []
        var children: [Int] = []
        var entries: [Int] = []

        func slot(of key: Unicode.Scalar) -> Int {
            var low = 0, high = keys.count
            while low < high {
                let middle = (low + high) / 2
                if keys[middle].value < key.value { low = middle + 1 } else { high = middle }
            }
            return low
        }

        func child(_ key: Unicode.Scalar) -> Int? {
            let slot = slot(of: key)
            return slot < keys.count && keys[slot] == key ? children[slot] : nil
        }
    }

    private struct Entry: Sendable {
        var phrase: String
        var target: AnnotationTarget
        var folded: [Unicode.Scalar]
        var caseSensitive: Bool
        /// Index into `groups` when another target claims the same phrase.
        var group: Int?
    }

    private static let exactRoot = 0
    private static let lowercaseRoot = 1

    private var nodes = [Node(), Node()]
    private var entries: [Entry] = []
    private var groups: [PhraseAmbiguity] = []

    /// Compiles `declarations` into one automaton. Blank phrases are ignored.
    public init(_ declarations: [PhraseDeclaration]) {
        for declaration in declarations {
            let trimmed = declaration.phrase.trimmingWhitespaceScalars()
            let folded = foldedScalars(trimmed).map(\.scalar)
            guard !folded.isEmpty else { continue }
            let caseSensitive = folded.contains { $0.properties.changesWhenLowercased }
            var node = caseSensitive ? Self.exactRoot : Self.lowercaseRoot
            for scalar in folded {
                let key = caseSensitive ? scalar : lowercased(scalar)
                if let next = nodes[node].child(key) {
                    node = next
                } else {
                    let slot = nodes[node].slot(of: key)
                    nodes[node].keys.insert(key, at: slot)
                    nodes[node].children.insert(nodes.count, at: slot)
                    node = nodes.count
                    nodes.append(Node())
                }
            }
            nodes[node].entries.append(entries.count)
            entries.append(Entry(phrase: trimmed, target: declaration.target, folded: folded,
                                 caseSensitive: caseSensitive))
        }
        groupAmbiguousEntries()
    }

    /// Every group of distinct targets claiming one phrase, sorted deterministically.
    public var ambiguities: [PhraseAmbiguity] { groups }

    /// Non-overlapping matches, left to right, leftmost-longest.
    public func matches(in text: String) -> [PhraseMatch] {
        let chars = foldedScalars(text)
        var result: [PhraseMatch] = []
        var start = 0
        while start < chars.count {
            guard canStart(at: start, in: chars), let found = longestMatch(at: start, in: chars) else {
                start += 1
                continue
            }
            result.append(match(from: start, to: found.end, entries: found.entries, in: chars))
            start = found.end
        }
        return result
    }

    private func longestMatch(at start: Int, in chars: [FoldedScalar]) -> (end: Int, entries: [Int])? {
        var best: (end: Int, entries: [Int])?
        for root in Self.exactRoot...Self.lowercaseRoot {
            var node = root
            var position = start
            while position < chars.count {
                let key = root == Self.exactRoot ? chars[position].scalar : chars[position].lower
                guard let next = nodes[node].child(key) else { break }
                node = next
                position += 1
                guard !nodes[node].entries.isEmpty, canEnd(at: position, in: chars) else { continue }
                if let current = best, current.end == position {
                    best = (position, current.entries + nodes[node].entries)
                } else if position > (best?.end ?? 0) {
                    best = (position, nodes[node].entries)
                }
            }
        }
        return best
    }

    /// All entries ending at one spot match the same text, so they compare equal pairwise and
    /// share one ambiguity group if any of them has one.
    private func match(from start: Int, to end: Int, entries matched: [Int], in chars: [FoldedScalar]) -> PhraseMatch {
        let representative = entries[matched[0]]
        let range = chars[start].utf8Start..<chars[end - 1].utf8End
        if let group = matched.lazy.compactMap({ self.entries[$0].group }).first {
            return PhraseMatch(utf8Range: range, target: nil, ambiguousTargets: groups[group].targets,
                               phrase: representative.phrase)
        }
        return PhraseMatch(utf8Range: range, target: representative.target, ambiguousTargets: [],
                           phrase: representative.phrase)
    }

    /// Links entries of different targets that would match the same text, then numbers the
    /// resulting groups in sorted order so diagnostics come out the same on every build.
    private mutating func groupAmbiguousEntries() {
        var parent = Array(entries.indices)
        func root(_ index: Int) -> Int {
            var index = index
            while parent[index] != index {
                parent[index] = parent[parent[index]]
                index = parent[index]
            }
            return index
        }
        // Entries can only compare equal if their lowercased forms are equal, so buckets stay tiny.
        var buckets: [[Unicode.Scalar]: [Int]] = [:]
        for (index, entry) in entries.enumerated() {
            buckets[entry.folded.map(lowercased), default: []].append(index)
        }
        var linked = Set<Int>()
        for bucket in buckets.values where bucket.count > 1 {
            for (offset, a) in bucket.enumerated() {
                for b in bucket[(offset + 1)...] where entries[a].target != entries[b].target {
                    let sameSpelling = entries[a].folded == entries[b].folded
                    guard sameSpelling || !entries[a].caseSensitive || !entries[b].caseSensitive else { continue }
                    parent[root(a)] = root(b)
                    linked.formUnion([a, b])
                }
            }
        }
        var members: [Int: [Int]] = [:]
        for index in linked.sorted() {
            members[root(index), default: []].append(index)
        }
        let sortedGroups = members.values.map { indices in
            (indices, PhraseAmbiguity(phrases: Set(indices.map { entries[$0].phrase }).sorted(),
                                      targets: Set(indices.map { entries[$0].target }).sorted()))
        }.sorted { lhs, rhs in
            lhs.1.phrases != rhs.1.phrases
                ? lhs.1.phrases.lexicographicallyPrecedes(rhs.1.phrases)
                : lhs.1.targets.lexicographicallyPrecedes(rhs.1.targets)
        }
        for (number, (indices, ambiguity)) in sortedGroups.enumerated() {
            groups.append(ambiguity)
            for index in indices { entries[index].group = number }
        }
    }
}

// MARK: - Folding and boundaries

/// One scalar of folded text, remembering which bytes of the original it stands for.
private struct FoldedScalar {
    var scalar: Unicode.Scalar
    var lower: Unicode.Scalar
    var utf8Start: Int
    var utf8End: Int
    var isWord: Bool
    var isCJK: Bool
}

/// Folds dashes and apostrophes to one spelling each and collapses white-space runs to one space.
private func foldedScalars(_ text: String) -> [FoldedScalar] {
    var result: [FoldedScalar] = []
    result.reserveCapacity(text.utf8.count)
    var offset = 0
    for original in text.unicodeScalars {
        let width = UTF8.width(original)
        defer { offset += width }
        let scalar = folded(original)
        if scalar == " ", let last = result.last, last.scalar == " " {
            result[result.count - 1].utf8End = offset + width
            continue
        }
        result.append(FoldedScalar(scalar: scalar, lower: lowercased(scalar), utf8Start: offset,
                                   utf8End: offset + width, isWord: isWordCharacter(scalar),
                                   isCJK: isCJK(scalar)))
    }
    return result
}

private func folded(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
    switch scalar.value {
    case 0x2D, 0x2010...0x2015, 0x2212: return "-"
    case 0x27, 0x2018, 0x2019, 0x02BC: return "'"
    case 0x09...0x0D, 0x20: return " "
    case 0x21...0x7E: return scalar
    default: return scalar.properties.isWhitespace ? " " : scalar
    }
}

/// Multi-scalar lowercase mappings (like "İ") are kept as they are, so folding never changes length.
private func lowercased(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
    if scalar.isASCII {
        return (0x41...0x5A).contains(scalar.value) ? Unicode.Scalar(UInt8(scalar.value + 0x20)) : scalar
    }
    guard scalar.properties.changesWhenLowercased else { return scalar }
    let mapping = scalar.properties.lowercaseMapping.unicodeScalars
    return mapping.count == 1 ? mapping[mapping.startIndex] : scalar
}

private func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.isASCII {
        return ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }
    switch scalar.properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
         .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber:
        return true
    default:
        return false
    }
}

/// Hangul, Han, Hiragana and Katakana, where particles attach without a space.
private func isCJK(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x1100...0x11FF, 0x3130...0x318F, 0xAC00...0xD7AF,
         0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF, 0x20000...0x2FA1F,
         0x3040...0x309F, 0x30A0...0x30FF, 0x31F0...0x31FF:
        return true
    default:
        return false
    }
}

/// A phrase may not start in the middle of a word, unless its first scalar is CJK. The first
/// scalar of any match equals `chars[index]` up to case, so the text alone decides.
private func canStart(at index: Int, in chars: [FoldedScalar]) -> Bool {
    index == 0 || chars[index].isCJK || !chars[index].isWord || !chars[index - 1].isWord
}

/// The mirror of `canStart`: `index` is one past the phrase's last scalar.
private func canEnd(at index: Int, in chars: [FoldedScalar]) -> Bool {
    index == chars.count || chars[index - 1].isCJK || !chars[index - 1].isWord || !chars[index].isWord
}

private extension String {
    func trimmingWhitespaceScalars() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
