/// How diagnostics are printed: one `PATH:LINE:COLUMN: error: MESSAGE` line each (notes indented
/// below), coloured only for a terminal, and a closing count.
public struct DiagnosticFormatter: Sendable {
    public var colour: Bool

    public init(colour: Bool) {
        self.colour = colour
    }

    /// Colour only when standard error is a terminal that can show it, and never with NO_COLOR set
    /// (https://no-color.org: any non-empty value).
    public static func wantsColour(isTerminal: Bool, environment: [String: String]) -> Bool {
        isTerminal && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
    }

    public func format(_ diagnostic: Diagnostic) -> String {
        guard colour else { return diagnostic.description }
        let plain = Diagnostic(diagnostic.severity, "", path: diagnostic.path, line: diagnostic.line, column: diagnostic.column)
        let location = String(plain.description.dropLast(": \(diagnostic.severity.rawValue): ".count))
        let severity = diagnostic.severity == .error ? "\u{1B}[1;31merror:\u{1B}[0m" : "\u{1B}[1;33mwarning:\u{1B}[0m"
        let notes = diagnostic.notes.map { "\n    \u{1B}[2m\($0)\u{1B}[0m" }.joined()
        return "\u{1B}[1m\(location):\u{1B}[0m \(severity) \(diagnostic.message)\(notes)"
    }

    /// `2 errors, 1 warning`
    public static func summary(errors: Int, warnings: Int) -> String {
        "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
    }
}
