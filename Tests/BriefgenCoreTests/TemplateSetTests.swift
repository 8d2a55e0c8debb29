import Foundation
import Testing

@testable import BriefgenCore

/// A Templates/ folder with every page template, each overridable, in a fresh temporary folder.
private func templatesFolder(_ overrides: [String: String]) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("templates-\(UUID().uuidString)")
    var files = Dictionary(uniqueKeysWithValues: TemplateSet.pageTemplates.map { ("\($0).mustache", "<p>{{title}}</p>\n") })
    files.merge(overrides) { $1 }
    for (name, text) in files {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }
    return folder
}

private func load(_ overrides: [String: String]) throws -> (set: TemplateSet?, diagnostics: [Diagnostic]) {
    let folder = try templatesFolder(overrides)
    defer { try? FileManager.default.removeItem(at: folder) }
    var diagnostics: [Diagnostic] = []
    let set = TemplateSet.load(from: folder, displayPath: { "Templates/" + $0.lastPathComponent }, diagnostics: &diagnostics)
    return (set, diagnostics)
}

@Test func completeTemplateFolderLoadsWithoutDiagnostics() throws {
    let loaded = try load(["partials/head.mustache": "<title>{{title}}</title>", "index.mustache": "{{> partials/head}}"])
    #expect(loaded.set != nil)
    #expect(loaded.diagnostics.isEmpty)
}

@Test func sectionClosedWithTheWrongNameIsAnErrorAtItsLine() throws {
    let loaded = try load(["tag.mustache": "<h1>{{tag}}</h1>\n{{#items}}x{{/itemz}}\n"])
    #expect(loaded.set == nil)
    let error = try #require(loaded.diagnostics.first)
    #expect(error.severity == .error && error.path == "Templates/tag.mustache" && error.line == 2)
    #expect(error.message.contains("closed with the wrong name"))
}

@Test func unknownPartialIsAnErrorAtItsLineAndColumn() throws {
    let loaded = try load(["entity.mustache": "<main>\n  {{> partials/missing}}\n</main>\n"])
    #expect(loaded.set == nil)
    #expect(loaded.diagnostics.map(\.description) == [
        "Templates/entity.mustache:2:3: error: unknown partial 'partials/missing': no file partials/missing.mustache in the templates folder",
    ])
}

@Test func unknownPartialIsLocatedInWindowsLineEndings() throws {
    let loaded = try load(["entity.mustache": "<main>\r\n<p>\r\n</p>\r\n{{> nope}}\r\n"])
    #expect(loaded.diagnostics.first.map { ($0.line, $0.column) } ?? (0, 0) == (4, 1))
}

@Test func missingPageTemplateIsAnError() throws {
    let folder = try templatesFolder([:])
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.removeItem(at: folder.appendingPathComponent("glossary.mustache"))
    var diagnostics: [Diagnostic] = []
    #expect(TemplateSet.load(from: folder, displayPath: { $0.lastPathComponent }, diagnostics: &diagnostics) == nil)
    #expect(diagnostics.contains { $0.message == "missing template glossary.mustache" })
}
