import CCmark
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Options that change how Markdown is parsed and rendered.
public struct MarkdownOptions: Sendable, Hashable {
    /// Turn straight quotes into curly ones, `--` into en dashes, `...` into ellipses.
    public var smartPunctuation: Bool
    /// Pass raw HTML and dangerous URLs through instead of dropping them.
    public var unsafeHTML: Bool

    public init(smartPunctuation: Bool = true, unsafeHTML: Bool = false) {
        self.smartPunctuation = smartPunctuation
        self.unsafeHTML = unsafeHTML
    }

    var parseFlags: Int32 {
        smartPunctuation ? CMARK_OPT_SMART : CMARK_OPT_DEFAULT
    }

    var renderFlags: Int32 {
        unsafeHTML ? CMARK_OPT_UNSAFE : CMARK_OPT_DEFAULT
    }
}

/// A parsed CommonMark document. It owns the cmark node tree and frees it when released;
/// `Node` values are views into the tree and must not outlive it.
///
/// A document is not thread-safe: keep each one inside a single task.
public final class Document {
    let root: OpaquePointer
    /// The options the document was parsed with; rendering uses them too.
    public let options: MarkdownOptions

    /// Parses `markdown`; cmark accepts any input, so this cannot fail.
    public init(markdown: String, options: MarkdownOptions = MarkdownOptions()) {
        self.options = options
        let bytes = Array(markdown.utf8)
        let parsed = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.flatMap { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    cmark_parse_document($0, buffer.count, options.parseFlags)
                }
            }
        }
        if let parsed {
            root = parsed
        } else {
            // An empty buffer has no base address; cmark still gives a document for "".
            root = cmark_parse_document("", 0, options.parseFlags)
        }
        cmark_consolidate_text_nodes(root)
    }

    deinit {
        cmark_node_free(root)
    }

    /// The document node.
    public var node: Node { Node(pointer: root, document: self) }

    /// Renders the whole document as cmark's HTML renderer does.
    public func renderHTML() -> String {
        Self.render(root, flags: options.renderFlags)
    }

    /// Renders the document with an `id` on each top-level paragraph, numbered from 1,
    /// so that other pages can link to a paragraph (`#p1`, `#p2`, …). Apart from the
    /// attribute the output is what `renderHTML()` gives.
    public func renderHTML(paragraphID: (Int) -> String) -> String {
        var html = ""
        var paragraphNumber = 0
        for block in node.children {
            guard block.type == .paragraph else {
                html += Self.render(block.pointer, flags: options.renderFlags)
                continue
            }
            paragraphNumber += 1
            html += "<p id=\"\(paragraphID(paragraphNumber))\">"
            for inline in block.children {
                html += Self.render(inline.pointer, flags: options.renderFlags)
            }
            html += "</p>\n"
        }
        return html
    }

    static func render(_ pointer: OpaquePointer, flags: Int32) -> String {
        guard let cString = cmark_render_html(pointer, flags) else { return "" }
        defer { free(cString) }
        return String(cString: cString)
    }
}
