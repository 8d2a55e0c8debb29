import Foundation
import Mustache

/// The Mustache templates of Templates/, parsed once per build. Template names are paths
/// relative to the folder without `.mustache` (`partials/head`), which is also how partials
/// and parents name them.
public struct TemplateSet: Sendable {
    let library: MustacheLibrary
    /// Templates every build renders: one per page kind.
    static let pageTemplates = ["index", "briefing", "article", "entities", "entity", "glossary", "tag", "404"]

    /// Loads every template, reporting syntax errors, references to missing partials and missing
    /// page templates at their file, line and column. Nil when any was found.
    public static func load(from directory: URL, displayPath: (URL) -> String, diagnostics: inout [Diagnostic]) -> TemplateSet? {
        let files = mustacheFiles(in: directory)
        if files.isEmpty {
            diagnostics.append(.error("no templates (*.mustache) found", path: displayPath(directory)))
            return nil
        }
        var library = MustacheLibrary()
        var texts: [(name: String, path: String, text: String)] = []
        var failed = false
        for (name, url) in files {
            let path = displayPath(url)
            guard let data = FileManager.default.contents(atPath: url.path), let text = String(validating: data, as: UTF8.self) else {
                diagnostics.append(.error("cannot read template as UTF-8 text", path: path))
                failed = true
                continue
            }
            do {
                library.register(try MustacheTemplate(string: text), named: name)
                texts.append((name, path, text))
            } catch let error as MustacheTemplate.ParserError {
                diagnostics.append(.error("template syntax error: \(describe(error.error))", path: path,
                                          line: error.context.lineNumber, column: error.context.columnNumber + 1))
                failed = true
            } catch {
                diagnostics.append(.error("template syntax error: \(error)", path: path))
                failed = true
            }
        }
        let names = Set(files.map(\.name))
        for template in texts {
            for reference in partialReferences(in: template.text) where !names.contains(reference.name) {
                diagnostics.append(.error("unknown partial '\(reference.name)': no file \(reference.name).mustache in the templates folder",
                                          path: template.path, line: reference.line, column: reference.column))
                failed = true
            }
        }
        for name in pageTemplates where !names.contains(name) {
            diagnostics.append(.error("missing template \(name).mustache", path: displayPath(directory)))
            failed = true
        }
        return failed ? nil : TemplateSet(library: library)
    }

    /// Renders the page template `name` with `context`.
    func render(_ name: String, _ context: Any) -> String {
        library.render(context, withTemplate: name) ?? ""
    }

    private static func mustacheFiles(in directory: URL) -> [(name: String, url: URL)] {
        guard let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else { return [] }
        let base = directory.standardizedFileURL.path
        var result: [(String, URL)] = []
        for case let url as URL in enumerator where url.pathExtension == "mustache" {
            let relative = url.standardizedFileURL.path.dropFirst(base.count).drop { $0 == "/" }
            result.append((String(relative.dropLast(".mustache".count)), url))
        }
        return result.sorted { $0.0 < $1.0 }
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case MustacheTemplate.Error.sectionCloseNameIncorrect: "a section is closed with the wrong name"
        case MustacheTemplate.Error.unfinishedName: "a tag is not closed"
        case MustacheTemplate.Error.expectedSectionEnd: "a section is not closed"
        case MustacheTemplate.Error.invalidSetDelimiter: "invalid set-delimiter tag"
        default: "\(error)"
        }
    }

    /// `{{> name}}` and `{{< name}}` tags, with their 1-based line and column.
    static func partialReferences(in text: String) -> [(name: String, line: Int, column: Int)] {
        var result: [(String, Int, Int)] = []
        for (lineIndex, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            var rest = line[...]
            while let open = rest.range(of: "{{") {
                let afterOpen = rest[open.upperBound...]
                guard let marker = afterOpen.first, marker == ">" || marker == "<",
                    let close = afterOpen.range(of: "}}")
                else {
                    rest = afterOpen
                    continue
                }
                let name = afterOpen[afterOpen.index(after: afterOpen.startIndex)..<close.lowerBound]
                    .trimmingCharacters(in: .whitespaces)
                let column = line.distance(from: line.startIndex, to: open.lowerBound) + 1
                if !name.isEmpty { result.append((name, lineIndex + 1, column)) }
                rest = afterOpen[close.upperBound...]
            }
        }
        return result
    }
}
