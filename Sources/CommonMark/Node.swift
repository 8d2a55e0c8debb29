import CCmark

/// The kinds of node in a cmark tree.
public enum NodeType: Sendable, Hashable {
    case document, blockQuote, list, item, codeBlock, htmlBlock, customBlock, paragraph, heading,
        thematicBreak
    case text, softBreak, lineBreak, code, htmlInline, customInline, emphasis, strong, link, image
    case unknown

    init(_ raw: cmark_node_type) {
        switch raw {
        case CMARK_NODE_DOCUMENT: self = .document
        case CMARK_NODE_BLOCK_QUOTE: self = .blockQuote
        case CMARK_NODE_LIST: self = .list
        case CMARK_NODE_ITEM: self = .item
        case CMARK_NODE_CODE_BLOCK: self = .codeBlock
        case CMARK_NODE_HTML_BLOCK: self = .htmlBlock
        case CMARK_NODE_CUSTOM_BLOCK: self = .customBlock
        case CMARK_NODE_PARAGRAPH: self = .paragraph
        case CMARK_NODE_HEADING: self = .heading
        case CMARK_NODE_THEMATIC_BREAK: self = .thematicBreak
        case CMARK_NODE_TEXT: self = .text
        case CMARK_NODE_SOFTBREAK: self = .softBreak
        case CMARK_NODE_LINEBREAK: self = .lineBreak
        case CMARK_NODE_CODE: self = .code
        case CMARK_NODE_HTML_INLINE: self = .htmlInline
        case CMARK_NODE_CUSTOM_INLINE: self = .customInline
        case CMARK_NODE_EMPH: self = .emphasis
        case CMARK_NODE_STRONG: self = .strong
        case CMARK_NODE_LINK: self = .link
        case CMARK_NODE_IMAGE: self = .image
        default: self = .unknown
        }
    }
}

/// A position in the Markdown source: 1-based line and column (cmark counts bytes in the column).
public struct SourcePosition: Sendable, Hashable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

/// A view of one node in a `Document`'s tree. It keeps its document alive, and is only valid
/// while the node is in that tree.
public struct Node {
    let pointer: OpaquePointer
    let document: Document

    init(pointer: OpaquePointer, document: Document) {
        self.pointer = pointer
        self.document = document
    }

    private func wrap(_ pointer: OpaquePointer?) -> Node? {
        pointer.map { Node(pointer: $0, document: document) }
    }

    public var type: NodeType { NodeType(cmark_node_get_type(pointer)) }
    public var parent: Node? { wrap(cmark_node_parent(pointer)) }
    public var firstChild: Node? { wrap(cmark_node_first_child(pointer)) }
    public var next: Node? { wrap(cmark_node_next(pointer)) }

    /// The direct children, read before iteration starts: surgery on them is safe meanwhile.
    public var children: [Node] {
        var result: [Node] = []
        var child = firstChild
        while let current = child {
            result.append(current)
            child = current.next
        }
        return result
    }

    /// Where the node starts in the source, when cmark recorded it (blocks always; inlines often not).
    public var start: SourcePosition? {
        let line = Int(cmark_node_get_start_line(pointer))
        guard line > 0 else { return nil }
        return SourcePosition(line: line, column: max(1, Int(cmark_node_get_start_column(pointer))))
    }

    /// The text of text, code, code block and raw HTML nodes.
    public var literal: String? {
        get { cmark_node_get_literal(pointer).map { String(cString: $0) } }
        nonmutating set { cmark_node_set_literal(pointer, newValue) }
    }

    /// The destination of a link or image.
    public var url: String? {
        get { cmark_node_get_url(pointer).map { String(cString: $0) } }
        nonmutating set { cmark_node_set_url(pointer, newValue) }
    }

    /// The text a reader sees in this node and its descendants: text and code literals, soft
    /// and hard breaks as spaces; markup and raw HTML left out.
    public var plainText: String {
        var result = ""
        appendPlainText(to: &result)
        return result
    }

    private func appendPlainText(to result: inout String) {
        switch type {
        case .text, .code:
            result += literal ?? ""
        case .softBreak, .lineBreak:
            result += " "
        case .htmlInline, .htmlBlock:
            break
        default:
            for child in children { child.appendPlainText(to: &result) }
        }
    }

    /// The document's HTML for this node and its descendants alone.
    public func renderHTML() -> String {
        Document.render(pointer, flags: document.options.renderFlags)
    }
}

// MARK: - Surgery

extension Node {
    /// Splits a text node at a UTF-8 byte offset, leaving the first part here and returning a
    /// new text node holding the rest, inserted right after this one.
    @discardableResult
    public func splitText(atUTF8Offset offset: Int) -> Node? {
        guard type == .text, let text = literal else { return nil }
        let bytes = Array(text.utf8)
        guard offset > 0, offset < bytes.count else { return nil }
        let head = String(decoding: bytes[..<offset], as: UTF8.self)
        let tail = String(decoding: bytes[offset...], as: UTF8.self)
        guard let rest = cmark_node_new(CMARK_NODE_TEXT) else { return nil }
        cmark_node_set_literal(rest, tail)
        cmark_node_set_literal(pointer, head)
        cmark_node_insert_after(pointer, rest)
        return wrap(rest)
    }

    /// Wraps this node and its following siblings up to and including `last` in a new custom
    /// inline node that renders `enter` before and `exit` after its children, verbatim.
    @discardableResult
    public func wrapInCustomInline(through last: Node, enter: String, exit: String) -> Node? {
        guard let wrapper = Self.newCustomInline(enter: enter, exit: exit) else { return nil }
        cmark_node_insert_before(pointer, wrapper)
        var current: OpaquePointer? = pointer
        while let node = current {
            let following = node == last.pointer ? nil : cmark_node_next(node)
            cmark_node_append_child(wrapper, node)
            current = following
        }
        return wrap(wrapper)
    }

    /// Turns this node (a link, say) into a custom inline rendering `enter`, then its children,
    /// then `exit`. The children keep their place; the old node is freed.
    @discardableResult
    public func replaceWithCustomInline(enter: String, exit: String) -> Node? {
        replace(with: Self.newCustomInline(enter: enter, exit: exit))
    }

    /// Turns this block (a block quote, say) into a custom block rendering `enter`, then its
    /// children, then `exit`, so that it can carry attributes cmark does not write. The old node is freed.
    @discardableResult
    public func replaceWithCustomBlock(enter: String, exit: String) -> Node? {
        replace(with: Self.newCustom(CMARK_NODE_CUSTOM_BLOCK, enter: enter, exit: exit))
    }

    private func replace(with wrapper: OpaquePointer?) -> Node? {
        guard let wrapper else { return nil }
        cmark_node_insert_before(pointer, wrapper)
        for child in children { cmark_node_append_child(wrapper, child.pointer) }
        cmark_node_free(pointer)
        return wrap(wrapper)
    }

    /// Wraps the part of this block's `plainText` between two UTF-8 offsets in a custom inline
    /// rendering `enter` and `exit` verbatim, splitting text nodes at the edges. When the edges lie
    /// at different depths (one inside emphasis, one outside), the wrapper grows to the nearest
    /// siblings that hold both. Code spans, links, images and custom inlines are never split: an edge inside one
    /// takes in all of it (the outermost, when they nest), so that markup with links of its own
    /// (a citation, say) never ends up nested in another link, and nothing is lost in an image's alt
    /// text, which cmark renders as plain text. Returns false when the range does not fit the text.
    @discardableResult
    public func wrapPlainText(_ range: Range<Int>, enter: String, exit: String) -> Bool {
        guard !range.isEmpty, let first = leaf(containing: range.lowerBound, edge: .start),
            let last = leaf(containing: range.upperBound, edge: .end)
        else { return false }
        let startLink = outermostLinkOrImage(holding: first.node)
        let endLink = outermostLinkOrImage(holding: last.node)
        var startNode = startLink ?? first.node
        if startLink == nil, first.offset > 0, let rest = first.node.splitText(atUTF8Offset: first.offset) {
            startNode = rest
        }
        let endNode: Node
        if let endLink {
            endNode = endLink
        } else {
            // When both edges are in one text node, its end now lies in the part split off for the start.
            let sameNode = last.node.pointer == first.node.pointer
            endNode = sameNode ? startNode : last.node
            endNode.splitText(atUTF8Offset: sameNode ? last.offset - first.offset : last.offset)
        }
        guard let (from, through) = Self.siblings(enclosing: startNode, and: endNode) else { return false }
        return from.wrapInCustomInline(through: through, enter: enter, exit: exit) != nil
    }

    /// The outermost link, image or custom inline (which may be a link made by annotation) between
    /// `node` and this node that holds `node`, if any.
    private func outermostLinkOrImage(holding node: Node) -> Node? {
        var outermost: Node?
        var current = node.parent
        while let candidate = current, candidate.pointer != pointer {
            if [.link, .image, .customInline].contains(candidate.type) { outermost = candidate }
            current = candidate.parent
        }
        return outermost
    }

    /// The text leaf (text, code or break) holding a UTF-8 offset of this node's `plainText`,
    /// and the offset inside that leaf.
    public func leaf(atPlainTextOffset offset: Int) -> (node: Node, offset: Int)? {
        leaf(containing: offset, edge: .start)
    }

    private enum Edge { case start, end }

    /// The text leaf holding `offset` of this node's `plainText`, and the offset inside it. At a
    /// boundary between leaves, a range's start belongs to the later leaf and its end to the earlier.
    private func leaf(containing offset: Int, edge: Edge) -> (node: Node, offset: Int)? {
        var position = 0
        var found: (Node, Int)?
        func visit(_ node: Node) -> Bool {
            switch node.type {
            case .text, .code, .softBreak, .lineBreak:
                let length = node.type == .text || node.type == .code ? (node.literal ?? "").utf8.count : 1
                let fits = edge == .start ? offset < position + length : offset <= position + length
                if offset >= position && fits && (edge == .start || offset > position || length == 0) {
                    found = (node, offset - position)
                    return true
                }
                position += length
            case .htmlInline, .htmlBlock:
                break
            default:
                for child in node.children where visit(child) { return true }
            }
            return false
        }
        _ = visit(self)
        return found
    }

    /// The nearest pair of siblings that hold `start` and `end` (each itself or an ancestor).
    private static func siblings(enclosing start: Node, and end: Node) -> (Node, Node)? {
        var startChain: [Node] = []
        var current: Node? = start
        while let node = current {
            startChain.append(node)
            current = node.parent
        }
        var endAncestor: Node? = end
        while let candidate = endAncestor {
            if let parent = candidate.parent, let index = startChain.firstIndex(where: { $0.parent?.pointer == parent.pointer }) {
                return (startChain[index], candidate)
            }
            endAncestor = candidate.parent
        }
        return nil
    }

    /// Replaces this node with its children, as if its markup were not there, and frees it.
    public func unwrapChildren() {
        for child in children { cmark_node_insert_before(pointer, child.pointer) }
        cmark_node_free(pointer)
    }

    private static func newCustomInline(enter: String, exit: String) -> OpaquePointer? {
        newCustom(CMARK_NODE_CUSTOM_INLINE, enter: enter, exit: exit)
    }

    private static func newCustom(_ type: cmark_node_type, enter: String, exit: String) -> OpaquePointer? {
        guard let node = cmark_node_new(type) else { return nil }
        cmark_node_set_on_enter(node, enter)
        cmark_node_set_on_exit(node, exit)
        return node
    }
}
