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

    /// The heading level (1–6) of a heading node, 0 otherwise.
    public var headingLevel: Int { Int(cmark_node_get_heading_level(pointer)) }

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
        guard let wrapper = Self.newCustomInline(enter: enter, exit: exit) else { return nil }
        cmark_node_insert_before(pointer, wrapper)
        for child in children { cmark_node_append_child(wrapper, child.pointer) }
        cmark_node_free(pointer)
        return wrap(wrapper)
    }

    /// Replaces this node with its children, as if its markup were not there, and frees it.
    public func unwrapChildren() {
        for child in children { cmark_node_insert_before(pointer, child.pointer) }
        cmark_node_free(pointer)
    }

    private static func newCustomInline(enter: String, exit: String) -> OpaquePointer? {
        guard let node = cmark_node_new(CMARK_NODE_CUSTOM_INLINE) else { return nil }
        cmark_node_set_on_enter(node, enter)
        cmark_node_set_on_exit(node, exit)
        return node
    }
}
