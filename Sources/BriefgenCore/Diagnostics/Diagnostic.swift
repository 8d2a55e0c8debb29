import Foundation

/// How serious a diagnostic is: errors fail the build, warnings do not.
public enum Severity: String, Sendable, Hashable, Comparable {
    case warning
    case error

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        lhs == .warning && rhs == .error
    }
}

/// A problem found in the input, located in a file (path relative to the site root) and, where
/// known, a 1-based line and column counted over the whole file.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public var severity: Severity
    public var path: String
    public var line: Int?
    public var column: Int?
    public var message: String
    /// Further lines of explanation (the nearest passage to a misquotation, say), printed indented
    /// below the first line so that tools reading `PATH:LINE:COLUMN:` lines are not disturbed.
    public var notes: [String]

    public init(_ severity: Severity, _ message: String, path: String, line: Int? = nil, column: Int? = nil, notes: [String] = []) {
        self.severity = severity
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        self.notes = notes
    }

    public static func error(_ message: String, path: String, line: Int? = nil, column: Int? = nil, notes: [String] = []) -> Diagnostic {
        Diagnostic(.error, message, path: path, line: line, column: column, notes: notes)
    }

    public static func warning(_ message: String, path: String, line: Int? = nil, column: Int? = nil, notes: [String] = []) -> Diagnostic {
        Diagnostic(.warning, message, path: path, line: line, column: column, notes: notes)
    }

    /// How diagnostics name a file: relative to the site root when inside it, else in full.
    public static func path(of url: URL, relativeTo root: URL) -> String {
        let path = url.standardizedFileURL.path
        let rootPath = root.standardizedFileURL.path
        let prefix = rootPath.hasSuffix("/") ? rootPath : rootPath + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    /// `PATH:LINE:COLUMN: error: MESSAGE`, or `PATH: error: MESSAGE` without a line, then the notes.
    public var description: String {
        var location = path
        if let line {
            location += ":\(line):\(column ?? 1)"
        }
        return (["\(location): \(severity.rawValue): \(message)"] + notes.map { "    " + $0 }).joined(separator: "\n")
    }
}

extension Diagnostic: Comparable {
    /// By path, then line and column, so reports read top to bottom through each file.
    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        (lhs.path, lhs.line ?? 0, lhs.column ?? 0, lhs.message) < (rhs.path, rhs.line ?? 0, rhs.column ?? 0, rhs.message)
    }
}

/// The diagnostics gathered by the stages of one build.
public struct Diagnostics: Sendable {
    public private(set) var all: [Diagnostic] = []

    public init() {}

    public mutating func append(_ diagnostic: Diagnostic) {
        all.append(diagnostic)
    }

    public mutating func append(contentsOf diagnostics: [Diagnostic]) {
        all.append(contentsOf: diagnostics)
    }

    public var hasErrors: Bool { all.contains { $0.severity == .error } }

    /// Sorted by location, each reported once.
    public var sorted: [Diagnostic] {
        var seen = Set<Diagnostic>()
        return all.sorted().filter { seen.insert($0).inserted }
    }
}
