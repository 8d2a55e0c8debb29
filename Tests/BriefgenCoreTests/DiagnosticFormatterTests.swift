import Testing

@testable import BriefgenCore

@Test func colourOnlyForATerminalWithoutNoColor() {
    #expect(DiagnosticFormatter.wantsColour(isTerminal: true, environment: [:]))
    #expect(!DiagnosticFormatter.wantsColour(isTerminal: false, environment: [:]))
    #expect(!DiagnosticFormatter.wantsColour(isTerminal: true, environment: ["NO_COLOR": "1"]))
    #expect(DiagnosticFormatter.wantsColour(isTerminal: true, environment: ["NO_COLOR": ""]))
    #expect(!DiagnosticFormatter.wantsColour(isTerminal: true, environment: ["TERM": "dumb"]))
}

@Test func plainFormatIsTheLocatedLineThenIndentedNotes() {
    let diagnostic = Diagnostic.error("quotation not found", path: "Content/briefings/a.md", line: 4, column: 7, notes: ["nearest passage", "source has \"a\""])
    #expect(DiagnosticFormatter(colour: false).format(diagnostic)
        == "Content/briefings/a.md:4:7: error: quotation not found\n    nearest passage\n    source has \"a\"")
}

@Test func colouredFormatKeepsTheSameTextBetweenEscapes() {
    let diagnostic = Diagnostic.warning("unknown key 'x' is ignored", path: "Content/site.yml", line: 2, column: 1)
    let coloured = DiagnosticFormatter(colour: true).format(diagnostic)
    let stripped = coloured.replacing(/\u{1B}\[[0-9;]*m/, with: "")
    #expect(coloured.contains("\u{1B}[1;33mwarning:"))
    #expect(stripped == diagnostic.description)
}

@Test func diagnosticWithoutALineHasNoLineInItsLocation() {
    let diagnostic = Diagnostic.error("content folder not found", path: "Content")
    #expect(DiagnosticFormatter(colour: false).format(diagnostic) == "Content: error: content folder not found")
    #expect(DiagnosticFormatter(colour: true).format(diagnostic).replacing(/\u{1B}\[[0-9;]*m/, with: "") == diagnostic.description)
}

@Test func summaryCountsErrorsAndWarningsInTheirNumber() {
    #expect(DiagnosticFormatter.summary(errors: 2, warnings: 1) == "2 errors, 1 warning")
    #expect(DiagnosticFormatter.summary(errors: 1, warnings: 0) == "1 error, 0 warnings")
}

@Test func diagnosticsAreSortedByPathThenLineAndPrintedOnce() {
    var diagnostics = Diagnostics()
    let late = Diagnostic.error("b", path: "Content/b.md", line: 9, column: 1)
    let early = Diagnostic.error("a", path: "Content/b.md", line: 2, column: 5)
    let other = Diagnostic.warning("c", path: "Content/a.md", line: 30, column: 1)
    diagnostics.append(contentsOf: [late, early, other, late])
    #expect(diagnostics.sorted == [other, early, late])
}
