import CommonMark

/// A mention found on a page: its target and the text of the paragraph it stands in, so the
/// entity and glossary pages can quote the sentence around it.
/// Every mention is recorded, linked or not: with `link_mentions: first` only the first is a link.
public struct Mention: Sendable, Hashable {
    public var target: AnnotationTarget
    /// The paragraph's text as a reader sees it.
    public var paragraph: String
    /// Where the mention lies in `paragraph`, in UTF-8 bytes.
    public var utf8Range: Range<Int>
}

/// What annotating one page found.
public struct AnnotationResult: Sendable {
    public var mentions: [Mention] = []
    /// Every target linked on the page (at least once), in order of first appearance.
    public var linkedTargets: [AnnotationTarget] = []
    public var diagnostics: [Diagnostic] = []
}

/// Everything annotation needs to know about the site, built once per build and shared by all
/// pages: the compiled phrase matcher and the slugs explicit links may name.
public struct AnnotationIndex: Sendable {
    public let matcher: PhraseMatcher
    let entityNames: [String: String]
    let termDefinitions: [String: String]
    let articleSlugs: Set<String>
    let briefingSlugs: Set<String>
    let linkMentions: LinkMentions
    /// Which file declares each target, for ambiguity warnings.
    let declaringFiles: [AnnotationTarget: String]

    public init(site: Site) {
        var declarations: [PhraseDeclaration] = []
        var files: [AnnotationTarget: String] = [:]
        for entity in site.entities {
            let target = AnnotationTarget.entity(entity.slug.rawValue)
            files[target] = entity.body.path
            declarations += ([entity.name] + entity.aliases).map { PhraseDeclaration(phrase: $0, target: target) }
        }
        for term in site.terms {
            let target = AnnotationTarget.term(term.slug.rawValue)
            files[target] = term.body.path
            declarations += ([term.term] + term.aliases).map { PhraseDeclaration(phrase: $0, target: target) }
        }
        matcher = PhraseMatcher(declarations)
        declaringFiles = files
        entityNames = Dictionary(uniqueKeysWithValues: site.entities.map { ($0.slug.rawValue, $0.name) })
        termDefinitions = Dictionary(uniqueKeysWithValues: site.terms.map { ($0.slug.rawValue, $0.definition) })
        articleSlugs = Set(site.articles.map(\.slug.rawValue))
        briefingSlugs = Set(site.briefings.map(\.slug.rawValue))
        linkMentions = site.config.linkMentions
    }

    func file(of target: AnnotationTarget) -> String {
        declaringFiles[target] ?? "?"
    }
}

/// Annotates one page's cmark tree: wraps entity and term mentions in links, resolves explicit
/// `entity:`, `glossary:`, `article:` and `briefing:` links, and reports what it found.
///
/// Only text in paragraphs (also inside block quotes and lists) is searched; headings, links,
/// images, code and raw HTML are left alone. The wrappers are cmark custom inline nodes, so
/// cmark still escapes the text and applies its safe mode as usual.
public struct Linker {
    let index: AnnotationIndex
    /// The relative prefix from the page to the site root, e.g. `../../`.
    let root: String
    /// The page's own entity or term: never linked from its own page.
    let ownTarget: AnnotationTarget?
    let locator: SourceLocator

    private var result = AnnotationResult()
    private var linked = Set<AnnotationTarget>()

    init(index: AnnotationIndex, root: String, ownTarget: AnnotationTarget?, locator: SourceLocator) {
        self.index = index
        self.root = root
        self.ownTarget = ownTarget
        self.locator = locator
    }

    /// Annotates `document` in place.
    public mutating func annotate(_ document: Document) -> AnnotationResult {
        visitBlock(document.node)
        return result
    }

    // MARK: - Walking the tree

    private mutating func visitBlock(_ node: Node) {
        switch node.type {
        case .paragraph:
            var context = ParagraphContext(text: node.plainText)
            visitInlines(of: node, context: &context)
        case .heading:
            resolveExplicitLinks(inHeading: node)
        case .document, .blockQuote, .list, .item, .customBlock:
            for child in node.children { visitBlock(child) }
        default:
            break
        }
    }

    /// Headings are never searched for mentions, and a link in one is never a "first mention",
    /// but their explicit links are resolved and checked like any other.
    private mutating func resolveExplicitLinks(inHeading node: Node) {
        for child in node.children {
            switch child.type {
            case .link: resolveExplicitLink(child, paragraph: nil, offset: 0)
            case .emphasis, .strong: resolveExplicitLinks(inHeading: child)
            default: break
            }
        }
    }

    /// Tracks how far into the paragraph's plain text the walk has come, so each mention knows
    /// its place in the paragraph, and whether it is between an author's raw `<a …>` and `</a>`.
    private struct ParagraphContext {
        let text: String
        var offset = 0
        var rawLinkDepth = 0
    }

    private mutating func visitInlines(of parent: Node, context: inout ParagraphContext) {
        var run: [Node] = []
        for child in parent.children {
            switch child.type {
            case .text, .softBreak:
                run.append(child)
                continue
            default:
                break
            }
            annotateRun(run, context: &context)
            run = []
            switch child.type {
            case .emphasis, .strong:
                visitInlines(of: child, context: &context)
            case .link:
                let text = child.plainText
                resolveExplicitLink(child, paragraph: context.text, offset: context.offset)
                context.offset += text.utf8.count
            case .htmlInline:
                // Text inside a raw HTML link is link text: wrapping it would nest <a> in <a>.
                context.rawLinkDepth = max(0, context.rawLinkDepth + Self.rawLinkDepthChange(child.literal ?? ""))
            default:
                context.offset += child.plainText.utf8.count
            }
        }
        annotateRun(run, context: &context)
    }

    /// +1 for a raw `<a …>` start tag, -1 for `</a>`, 0 for any other raw inline HTML.
    private static func rawLinkDepthChange(_ html: String) -> Int {
        let lowered = html.prefix(4).lowercased()
        let tagName = lowered.hasPrefix("</") ? lowered.dropFirst(2) : lowered.hasPrefix("<") ? lowered.dropFirst() : ""
        guard tagName.first == "a", tagName.dropFirst().first.map({ $0 == ">" || $0.isWhitespace }) ?? true else { return 0 }
        return lowered.hasPrefix("</") ? -1 : 1
    }

    /// Finds and wraps mentions in a run of adjacent text and soft-break nodes, which the reader
    /// sees as one stretch of text ("Mike⏎Pompeo" is one mention).
    private mutating func annotateRun(_ run: [Node], context: inout ParagraphContext) {
        guard !run.isEmpty else { return }
        let pieces = run.map { $0.type == .text ? ($0.literal ?? "") : " " }
        let text = pieces.joined()
        let runStart = context.offset
        context.offset += text.utf8.count
        guard context.rawLinkDepth == 0 else { return }

        var wraps: [(match: PhraseMatch, target: AnnotationTarget)] = []
        for match in index.matcher.matches(in: text) {
            guard let target = match.target else {
                warnAmbiguous(match, run: run, pieces: pieces)
                continue
            }
            guard target != ownTarget else { continue }
            let alreadyLinked = linked.contains(target)
            record(target, paragraph: context.text, range: (runStart + match.utf8Range.lowerBound)..<(runStart + match.utf8Range.upperBound))
            // Later mentions still count for cross-references, but `first` links only one.
            if index.linkMentions == .first && alreadyLinked { continue }
            wraps.append((match, target))
        }
        // Wrap from the end so that earlier byte offsets stay valid while nodes are split.
        var nodes = run
        var starts = Self.offsets(of: pieces)
        for (match, target) in wraps.reversed() {
            guard let (first, last) = isolate(match.utf8Range, nodes: &nodes, starts: &starts) else { continue }
            let (enter, exit) = wrapperTags(for: target)
            first.wrapInCustomInline(through: last, enter: enter, exit: exit)
        }
    }

    private static func offsets(of pieces: [String]) -> [Int] {
        var starts: [Int] = []
        var offset = 0
        for piece in pieces {
            starts.append(offset)
            offset += piece.utf8.count
        }
        return starts
    }

    /// Splits text nodes so that `range` covers whole nodes, and returns the first and last of them.
    /// `nodes` and `starts` are kept describing the nodes before the range, which is all that
    /// later (earlier-placed) ranges need.
    private func isolate(_ range: Range<Int>, nodes: inout [Node], starts: inout [Int]) -> (Node, Node)? {
        guard let lastIndex = starts.lastIndex(where: { $0 < range.upperBound }),
            let firstIndex = starts.lastIndex(where: { $0 <= range.lowerBound })
        else { return nil }
        let last = nodes[lastIndex]
        if last.type == .text {
            last.splitText(atUTF8Offset: range.upperBound - starts[lastIndex])
        }
        var first = nodes[firstIndex]
        let headLength = range.lowerBound - starts[firstIndex]
        if headLength > 0, let rest = first.splitText(atUTF8Offset: headLength) {
            let endNode = firstIndex == lastIndex ? rest : last
            nodes.removeSubrange((firstIndex + 1)...)
            starts.removeSubrange((firstIndex + 1)...)
            first = rest
            return (first, endNode)
        }
        nodes.removeSubrange(firstIndex...)
        starts.removeSubrange(firstIndex...)
        return (first, last)
    }

    private mutating func record(_ target: AnnotationTarget, paragraph: String, range: Range<Int>) {
        if linked.insert(target).inserted {
            result.linkedTargets.append(target)
        }
        result.mentions.append(Mention(target: target, paragraph: paragraph, utf8Range: range))
    }

    // MARK: - HTML

    private func wrapperTags(for target: AnnotationTarget) -> (enter: String, exit: String) {
        switch target {
        case .entity(let slug):
            return ("<a class=\"entity\" data-entity=\"\(slug)\" href=\"\(root)entities/\(slug)/\">", "</a>")
        case .term(let slug):
            let definition = HTML.escape(index.termDefinitions[slug] ?? "")
            return ("<a class=\"term\" data-term=\"\(slug)\" href=\"\(root)glossary/#\(slug)\" title=\"\(definition)\">", "</a>")
        }
    }

    // MARK: - Explicit links

    /// `paragraph` is nil in headings, where the link is resolved but not recorded as a mention.
    private mutating func resolveExplicitLink(_ link: Node, paragraph: String?, offset: Int) {
        guard let url = link.url, let colon = url.firstIndex(of: ":") else { return }
        let scheme = String(url[..<colon])
        let slug = String(url[url.index(after: colon)...])
        let range = offset..<(offset + link.plainText.utf8.count)
        switch scheme {
        case "entity" where slug == "none":
            link.replaceWithCustomInline(enter: "", exit: "")
        case "entity":
            guard index.entityNames[slug] != nil else { return reportUnknown("entity", slug, at: link) }
            explicitlyLink(link, to: .entity(slug), paragraph: paragraph, range: range)
        case "glossary":
            guard index.termDefinitions[slug] != nil else { return reportUnknown("glossary term", slug, at: link) }
            explicitlyLink(link, to: .term(slug), paragraph: paragraph, range: range)
        case "article":
            guard index.articleSlugs.contains(slug) else { return reportUnknown("article", slug, at: link) }
            link.url = "\(root)articles/\(slug)/"
        case "briefing":
            guard index.briefingSlugs.contains(slug) else { return reportUnknown("briefing", slug, at: link) }
            link.url = "\(root)briefings/\(slug)/"
        default:
            break
        }
    }

    private mutating func explicitlyLink(_ link: Node, to target: AnnotationTarget, paragraph: String?, range: Range<Int>) {
        let (enter, exit) = wrapperTags(for: target)
        link.replaceWithCustomInline(enter: enter, exit: exit)
        if target != ownTarget, let paragraph {
            record(target, paragraph: paragraph, range: range)
        }
    }

    // MARK: - Diagnostics

    private mutating func reportUnknown(_ kind: String, _ slug: String, at link: Node) {
        let (line, column) = locator.location(of: link, byteOffset: 0)
        let folder = kind == "glossary term" ? "glossary" : kind == "entity" ? "entities" : "\(kind)s"
        result.diagnostics.append(.error("unknown \(kind) '\(slug)' in link: no file Content/\(folder)/\(slug).md", path: locator.source.path, line: line, column: column))
    }

    private mutating func warnAmbiguous(_ match: PhraseMatch, run: [Node], pieces: [String]) {
        let starts = Self.offsets(of: pieces)
        let nodeIndex = starts.lastIndex { $0 <= match.utf8Range.lowerBound } ?? 0
        let (line, column) = locator.location(of: run[nodeIndex], byteOffset: match.utf8Range.lowerBound - starts[nodeIndex])
        let files = match.ambiguousTargets.map { index.file(of: $0) }.joined(separator: " and ")
        let suggestion = match.ambiguousTargets.map { target -> String in
            switch target {
            case .entity(let slug): "[\(match.phrase)](entity:\(slug))"
            case .term(let slug): "[\(match.phrase)](glossary:\(slug))"
            }
        }.joined(separator: " or ")
        result.diagnostics.append(.warning("ambiguous mention '\(match.phrase)' is claimed by \(files): not linked; write \(suggestion) to choose", path: locator.source.path, line: line, column: column))
    }
}
