import Foundation
import Yams

/// A content file split into its YAML front matter and Markdown body.
struct SplitFile {
    var yaml: String
    /// The file line of the YAML block's first line: YAML line L is file line L + yamlFirstLine - 1.
    var yamlFirstLine: Int
    var body: String
    var bodyFirstLine: Int

    /// Splits `text` at the `---` lines; nil (with a diagnostic) when the block is missing or unclosed.
    static func split(_ text: String, path: String, diagnostics: inout [Diagnostic]) -> SplitFile? {
        // "\r\n" is one Character in Swift, so Windows line endings are split on explicitly.
        var lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }[...]
        guard let opening = lines.first, opening.trimmingTrailingCarriageReturn() == "---" else {
            let message = text.isEmpty
                ? "empty file: expected front matter between '---' lines"
                : "missing front matter: the file must start with a '---' line"
            diagnostics.append(.error(message, path: path, line: 1, column: 1))
            return nil
        }
        lines = lines.dropFirst()
        guard let closing = lines.firstIndex(where: { ["---", "..."].contains($0.trimmingTrailingCarriageReturn()) }) else {
            diagnostics.append(.error("front matter is not closed: add a '---' line after it", path: path, line: 1, column: 1))
            return nil
        }
        let yaml = lines[..<closing].joined(separator: "\n")
        let body = lines[(closing + 1)...].joined(separator: "\n")
        // `closing` indexes the original line array from 0, so its file line is closing + 1.
        return SplitFile(yaml: yaml, yamlFirstLine: 2, body: body, bodyFirstLine: closing + 2)
    }
}

extension Substring {
    func trimmingTrailingCarriageReturn() -> Substring {
        last == "\r" ? dropLast() : self
    }
}

/// Typed, located access to a YAML mapping (front matter or site.yml). Each accessor reports
/// a missing or ill-typed value as a diagnostic at the value's line in the file, and every key
/// that no accessor asked for is reported as unknown by `finish()`.
struct FrontMatter {
    let path: String
    private let lineOffset: Int
    private var entries: [(key: String, keyMark: Mark?, value: Node)] = []
    private var readKeys: Set<String> = []
    private(set) var diagnostics: [Diagnostic] = []
    /// The position of the block as a whole, for problems with no better place.
    private let blockLine: Int

    /// Parses `yaml`; nil (with the YAML error at its line in the file) when it is not a mapping.
    init?(yaml: String, path: String, firstLine: Int, diagnostics outer: inout [Diagnostic]) {
        self.path = path
        self.lineOffset = firstLine - 1
        self.blockLine = max(1, firstLine - 1)
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            outer.append(Self.diagnostic(for: error, path: path, lineOffset: lineOffset))
            return nil
        }
        switch root {
        case nil:
            break
        case .mapping(let mapping)?:
            for (key, value) in mapping {
                entries.append((key.string ?? "", key.mark, value))
            }
        case let other?:
            outer.append(.error("expected key: value pairs", path: path, line: other.mark.map { $0.line + lineOffset } ?? blockLine, column: other.mark?.column ?? 1))
            return nil
        }
    }

    private static func diagnostic(for error: Error, path: String, lineOffset: Int) -> Diagnostic {
        switch error {
        case let YamlError.scanner(context, problem, mark, _),
            let YamlError.parser(context, problem, mark, _),
            let YamlError.composer(context, problem, mark, _):
            let detail = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            return .error("invalid YAML: \(detail)", path: path, line: mark.line + lineOffset, column: mark.column)
        case let YamlError.duplicatedKeysInMapping(duplicates, context):
            return .error("duplicate key '\(duplicates.joined(separator: "', '"))'", path: path, line: context.mark.line + lineOffset, column: context.mark.column)
        default:
            return .error("invalid YAML: \(error)", path: path, line: lineOffset + 1, column: 1)
        }
    }

    private func location(_ mark: Mark?) -> (line: Int, column: Int) {
        guard let mark else { return (blockLine, 1) }
        return (mark.line + lineOffset, mark.column)
    }

    private mutating func report(_ message: String, at mark: Mark?) {
        let (line, column) = location(mark)
        diagnostics.append(.error(message, path: path, line: line, column: column))
    }

    private mutating func entry(_ key: String) -> (keyMark: Mark?, value: Node)? {
        readKeys.insert(key)
        guard let found = entries.first(where: { $0.key == key }) else { return nil }
        if case .scalar(let scalar) = found.value, scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
            return nil
        }
        return (found.keyMark, found.value)
    }

    /// A string value; numbers and other plain scalars read as written.
    mutating func string(_ key: String, required: Bool = false) -> Located<String>? {
        guard let (keyMark, value) = entry(key) else {
            if required {
                // A key written without a value is reported where it is written.
                if let written = entries.first(where: { $0.key == key }) {
                    report("required key '\(key)' has no value", at: written.keyMark)
                } else {
                    report("missing required key '\(key)'", at: nil)
                }
            }
            return nil
        }
        guard case .scalar(let scalar) = value else {
            report("'\(key)' must be a single value, not a \(Self.shape(of: value))", at: value.mark ?? keyMark)
            return nil
        }
        if required && scalar.string.trimmingCharacters(in: .whitespaces).isEmpty {
            report("required key '\(key)' has no value", at: keyMark)
            return nil
        }
        let (line, column) = location(value.mark ?? keyMark)
        return Located(scalar.string, line: line, column: column)
    }

    /// A list of strings; a single string is an error, so that `tags: a, b` is not read as one tag.
    mutating func stringList(_ key: String) -> [Located<String>] {
        guard let (keyMark, value) = entry(key) else { return [] }
        guard case .sequence(let sequence) = value else {
            report("'\(key)' must be a list (e.g. [a, b] or one '- item' per line), not a \(Self.shape(of: value))", at: value.mark ?? keyMark)
            return []
        }
        var result: [Located<String>] = []
        for item in sequence {
            guard case .scalar(let scalar) = item else {
                report("each item of '\(key)' must be a single value, not a \(Self.shape(of: item))", at: item.mark)
                continue
            }
            let (line, column) = location(item.mark)
            result.append(Located(scalar.string, line: line, column: column))
        }
        return result
    }

    mutating func bool(_ key: String) -> Bool? {
        guard let text = string(key) else { return nil }
        switch text.value.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            diagnostics.append(.error("'\(key)' must be true or false, not '\(text.value)'", path: path, line: text.line, column: text.column))
            return nil
        }
    }

    mutating func integer(_ key: String, in range: ClosedRange<Int>) -> Int? {
        guard let text = string(key) else { return nil }
        guard let value = Int(text.value), range.contains(value) else {
            diagnostics.append(.error("'\(key)' must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text.value)'", path: path, line: text.line, column: text.column))
            return nil
        }
        return value
    }

    mutating func date(_ key: String, required: Bool = false) -> ContentDate? {
        guard let text = string(key, required: required) else { return nil }
        guard let date = ContentDate(text.value) else {
            diagnostics.append(.error("'\(key)' must be a date written YYYY-MM-DD, not '\(text.value)'", path: path, line: text.line, column: text.column))
            return nil
        }
        return date
    }

    /// One of an enumeration's raw values; `aliases` maps other spellings (YAML's `false` for `off`).
    mutating func choice<Choice: RawRepresentable & CaseIterable>(_ key: String, aliases: [String: Choice] = [:]) -> Choice? where Choice.RawValue == String {
        guard let text = string(key) else { return nil }
        if let value = Choice(rawValue: text.value) ?? aliases[text.value] { return value }
        let allowed = Choice.allCases.map(\.rawValue).joined(separator: ", ")
        diagnostics.append(.error("'\(key)' must be one of \(allowed), not '\(text.value)'", path: path, line: text.line, column: text.column))
        return nil
    }

    /// Reports a value that has the right type but is not acceptable.
    mutating func reportInvalid(_ message: String, at value: Located<String>) {
        diagnostics.append(.error(message, path: path, line: value.line, column: value.column))
    }

    /// Reports every key no accessor asked for as a warning.
    mutating func finish() {
        for entry in entries where !readKeys.contains(entry.key) {
            let (line, column) = location(entry.keyMark)
            diagnostics.append(.warning("unknown key '\(entry.key)' is ignored", path: path, line: line, column: column))
        }
    }

    private static func shape(of node: Node) -> String {
        switch node {
        case .scalar: "single value"
        case .mapping: "mapping"
        case .sequence: "list"
        case .alias: "alias"
        }
    }
}
