import CommonMark

/// A content file's Markdown body after parsing, annotation and rendering.
public struct AnnotatedBody: Sendable {
    public var html: String
    /// The text of the first paragraph, the default summary of a briefing.
    public var firstParagraph: String?
    public var annotation: AnnotationResult

    /// Parses `source` with smart punctuation, annotates it for a page whose root prefix is
    /// `root`, and renders it; `numberParagraphs` gives top-level paragraphs ids `p1`, `p2`, …
    public static func make(
        _ source: MarkdownSource, options: MarkdownOptions, index: AnnotationIndex,
        root: String, ownTarget: AnnotationTarget?, numberParagraphs: Bool
    ) -> AnnotatedBody {
        let document = Document(markdown: source.markdown, options: options)
        let firstParagraph = document.node.children.first { $0.type == .paragraph }?.plainText
        var linker = Linker(index: index, root: root, ownTarget: ownTarget, source: source)
        let annotation = linker.annotate(document)
        let html = numberParagraphs ? document.renderHTML { "p\($0)" } : document.renderHTML()
        return AnnotatedBody(html: html, firstParagraph: firstParagraph, annotation: annotation)
    }
}
