import Foundation
import Testing
@testable import BriefgenCore

// SPEC §5 and §7: the output folder is replaced whole, only when briefgen owns it, never when it is
// the root, around it, or a source folder; a failed write leaves everything as it was.

/// One entry of a folder tree as the tests compare it.
private enum TreeEntry: Equatable, CustomStringConvertible {
    case file(contents: Data, permissions: Int, modified: Date?)
    case folder(permissions: Int, modified: Date?)
    case link(destination: String)

    var description: String {
        switch self {
        case .file(let contents, let permissions, _): "file \(contents.count) bytes, mode \(String(permissions, radix: 8))"
        case .folder(let permissions, _): "folder, mode \(String(permissions, radix: 8))"
        case .link(let destination): "link to \(destination)"
        }
    }
}

/// Every file, folder and symbolic link under `folder` (hidden ones too) by relative path, with
/// contents, permissions and modification times: equal snapshots mean nothing was touched.
private func snapshot(_ folder: URL) throws -> [String: TreeEntry] {
    var result: [String: TreeEntry] = [:]
    let manager = FileManager.default
    guard manager.fileExists(atPath: folder.path) else { return [:] }
    let enumerator = manager.enumerator(atPath: folder.path)
    while let relative = enumerator?.nextObject() as? String {
        let path = folder.appendingPathComponent(relative).path
        let attributes = try manager.attributesOfItem(atPath: path)
        let permissions = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
        let modified = attributes[.modificationDate] as? Date
        switch attributes[.type] as? FileAttributeType {
        case .typeDirectory?: result[relative] = .folder(permissions: permissions, modified: modified)
        case .typeSymbolicLink?: result[relative] = .link(destination: try manager.destinationOfSymbolicLink(atPath: path))
        default: result[relative] = .file(contents: try Data(contentsOf: URL(fileURLWithPath: path)), permissions: permissions, modified: modified)
        }
    }
    return result
}

/// A throw-away folder `base` holding a site root `base/site` with Content/, Templates/ and a
/// loose file, like a real checkout.
private struct WriterSandbox {
    let base: URL
    var root: URL { base.appendingPathComponent("site") }
    var content: URL { root.appendingPathComponent("Content") }
    var templates: URL { root.appendingPathComponent("Templates") }
    var output: URL { root.appendingPathComponent("Public") }

    init() throws {
        base = FileManager.default.temporaryDirectory.appendingPathComponent("briefgen-writer-\(UUID().uuidString)")
        try write("site/Content/site.yml", "title: Test\n")
        try write("site/Content/briefings/a.md", "---\ntitle: A\ndate: 2019-07-12\n---\n\nText.\n")
        try write("site/Templates/index.mustache", "{{site.title}}\n")
        try write("site/Templates/assets/style.css", "body { color: black; }\n")
        try write("site/README.md", "A site.\n")
    }

    func write(_ relative: String, _ text: String) throws {
        let url = base.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func writer(output: URL? = nil) -> SiteWriter {
        SiteWriter(output: output ?? self.output, root: root, protectedFolders: [content, templates])
    }

    func remove() {
        try? FileManager.default.removeItem(at: base)
    }
}

private let pages = [
    OutputFile(path: "index.html", text: "<p>home</p>\n"),
    OutputFile(path: "briefings/a/index.html", text: "<p>a</p>\n"),
    OutputFile(path: "search.json", text: "[]\n"),
]

private func permissions(_ url: URL) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
    return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
}

/// Asserts that `output` is refused, and that writing there anyway throws and touches nothing
/// anywhere in the sandbox.
private func expectRefusal(_ sandbox: WriterSandbox, output: URL, mentioning words: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
    let writer = sandbox.writer(output: output)
    let reason = writer.refusal()
    #expect(reason != nil, "output \(output.path) should be refused", sourceLocation: sourceLocation)
    for word in words {
        #expect(reason?.contains(word) == true, "refusal should mention \(word): \(reason ?? "nil")", sourceLocation: sourceLocation)
    }
    let before = try snapshot(sandbox.base)
    #expect(throws: (any Error).self, sourceLocation: sourceLocation) { try writer.write(pages, assets: sandbox.templates.appendingPathComponent("assets")) }
    #expect(try snapshot(sandbox.base) == before, "a refused write must touch nothing", sourceLocation: sourceLocation)
}

// MARK: - Refusals

@Test func refusesTheRootItself() throws {
    let sandbox = try WriterSandbox()
    defer { sandbox.remove() }
    try expectRefusal(sandbox, output: sandbox.root, mentioning: ["root"])
}

@Test func refusesTheRootWrittenWithDotSegments() throws {
    let sandbox = try WriterSandbox()
    defer { sandbox.remove() }
    try expectRefusal(sandbox, output: sandbox.content.appendingPathComponent(".."), mentioning: ["root"])
}

@Test func refusesAnAncestorOfTheRoot() throws {
    let sandbox = try WriterSandbox()
    defer { sandbox.remove() }
    try expectRefusal(sandbox, output: sandbox.base, mentioning: ["root"])
    // Only asked, never written: the file system root is an ancestor of every site.
    #expect(sandbox.writer(output: URL(fileURLWithPath: "/")).refusal() != nil)
}

@Test func refusesTheContentFolder() throws {
    let sandbox = try WriterSandbox()
    defer { sandbox.remove() }
    try expectRefusal(sandbox, output: sandbox.content, mentioning: ["Content"])
}

@Test func refusesAFolderInsideTheContentFolder() throws {
    let sandbox = try WriterSandbox()
    defer { sandbox.remove() }
    try expectRefusal(sandbox, output: sandbox.content.appendingPathComponent("briefings"), mentioning: ["Content"])
    try expectRefusal(sandbox, output: sandbox.content.appendingPathComponent("new-folder"), mentioning: ["Content"])
}

@Test func refusesTheTemplatesFolder() throws {
    let sandbox = try WriterSandbox()
    defer { sandbox.remove() }
    try expectRefusal(sandbox, output: sandbox.templates, mentioning: ["Templates"])
}

@Test func refusesAProtectedFolderOutsideTheRoot() throws {
    let sandbox = try WriterSandbox()
    defer { sandbox.remove() }
    try sandbox.write("shared/Templates/index.mustache", "x")
    let shared = sandbox.base.appendingPathComponent("shared/Templates")
    let writer = SiteWriter(output: shared, root: sandbox.root, protectedFolders: [sandbox.content, shared])
    #expect(writer.refusal() != nil)
    // A folder around a protected folder would swallow it too.
    let around = SiteWriter(output: sandbox.base.appendingPathComponent("shared"), root: sandbox.root, protectedFolders: [sandbox.content, shared])
    #expect(around.refusal() != nil)
}

@Test func refusesASymbolicLinkToTheContentFolder() throws {
    let sandbox = try WriterSandbox()
    defer { sandbox.remove() }
    let link = sandbox.base.appendingPathComponent("content-link")
    try FileManager.default.createSymbolicLink(at: link, withDestinationURL: sandbox.content)
    try expectRefusal(sandbox, output: link, mentioning: ["Content"])
}

@Test func refusesANonEmptyFolderWithoutTheMarker() throws {
    let sandbox = try WriterSandbox()
    defer { sandbox.remove() }
    try sandbox.write("site/Public/keep-me.txt", "precious\n")
    try expectRefusal(sandbox, output: sandbox.output, mentioning: [SiteWriter.markerName])
}

@Test func refusesAFolderHoldingOnlyHiddenFilesWithoutTheMarker() throws {
    let sandbox = try WriterSandbox()
    defer { sandbox.remove() }
    try sandbox.write("site/Public/.htaccess", "Options -Indexes\n")
    try expectRefusal(sandbox, output: sandbox.output, mentioning: [SiteWriter.markerName])
}

@Test func refusesAFile() throws {
    let sandbox = try WriterSandbox()
    defer { sandbox.remove() }
    try sandbox.write("site/Public", "not a folder\n")
    try expectRefusal(sandbox, output: sandbox.output, mentioning: ["file"])
}

@Test func acceptsAMissingOrEmptyFolder() throws {
    let sandbox = try WriterSandbox()
    defer { sandbox.remove() }
    #expect(sandbox.writer().refusal() == nil)
    #expect(sandbox.writer(output: sandbox.base.appendingPathComponent("elsewhere/deep/out")).refusal() == nil)
    try FileManager.default.createDirectory(at: sandbox.output, withIntermediateDirectories: true)
    #expect(sandbox.writer().refusal() == nil)
}

// MARK: - Writing

@Test func successfulWriteCreatesTheMarkerAndTheFiles() throws {
    let sandbox = try WriterSandbox()
    defer { sandbox.remove() }
    try sandbox.writer().write(pages, assets: sandbox.templates.appendingPathComponent("assets"))
    var isFolder: ObjCBool = false
    #expect(FileManager.default.fileExists(atPath: sandbox.output.appendingPathComponent(SiteWriter.markerName).path, isDirectory: &isFolder))
    for page in pages {
        #expect(try Data(contentsOf: sandbox.output.appendingPathComponent(page.path)) == Data(page.contents))
    }
    #expect(try String(contentsOf: sandbox.output.appendingPathComponent("assets/style.css"), encoding: .utf8) == "body { color: black; }\n")
    // The folder is now briefgen's: writing again is allowed.
    #expect(sandbox.writer().refusal() == nil)
}

@Test func writeLeavesNoStagingFoldersBehind() throws {
    let sandbox = try WriterSandbox()
    defer { sandbox.remove() }
    try sandbox.writer().write(pages, assets: nil)
    try sandbox.writer().write(pages, assets: nil)
    let names = try FileManager.default.contentsOfDirectory(atPath: sandbox.root.path).sorted()
    #expect(names == ["Content", "Public", "README.md", "Templates"])
}

@Test func filesAreWorldReadableAndFoldersWorldListable() throws {
    let sandbox = try WriterSandbox()
    defer { sandbox.remove() }
    // Asset sources that only their owner may read must still come out world-readable.
    try sandbox.write("site/Templates/assets/fonts/serif.woff2", "font")
    chmod(sandbox.templates.appendingPathComponent("assets/fonts/serif.woff2").path, 0o600)
    chmod(sandbox.templates.appendingPathComponent("assets/fonts").path, 0o700)
    try sandbox.writer().write(pages, assets: sandbox.templates.appendingPathComponent("assets"))
    #expect(try permissions(sandbox.output) == 0o755)
    for (path, entry) in try snapshot(sandbox.output) {
        switch entry {
        case .file(_, let mode, _): #expect(mode == 0o644, "\(path) has mode \(String(mode, radix: 8))")
        case .folder(let mode, _): #expect(mode == 0o755, "\(path) has mode \(String(mode, radix: 8))")
        case .link: Issue.record("unexpected symbolic link \(path)")
        }
    }
    #expect(FileManager.default.fileExists(atPath: sandbox.output.appendingPathComponent("assets/fonts/serif.woff2").path))
}

@Test func hiddenAssetFilesAreNotCopied() throws {
    let sandbox = try WriterSandbox()
    defer { sandbox.remove() }
    try sandbox.write("site/Templates/assets/.DS_Store", "junk")
    try sandbox.writer().write(pages, assets: sandbox.templates.appendingPathComponent("assets"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.output.appendingPathComponent("assets").path) == ["style.css"])
}

@Test func secondWriteReplacesStaleFiles() throws {
    let sandbox = try WriterSandbox()
    defer { sandbox.remove() }
    try sandbox.writer().write(pages, assets: nil)
    let second = [OutputFile(path: "index.html", text: "<p>new home</p>\n"), OutputFile(path: "briefings/b/index.html", text: "<p>b</p>\n")]
    try sandbox.writer().write(second, assets: nil)
    let files = try snapshot(sandbox.output).compactMap { path, entry -> String? in
        if case .file = entry { return path } else { return nil }
    }
    #expect(files.sorted() == [".briefgen/README", "briefings/b/index.html", "index.html"])
    #expect(!FileManager.default.fileExists(atPath: sandbox.output.appendingPathComponent("briefings/a").path))
    #expect(try String(contentsOf: sandbox.output.appendingPathComponent("index.html"), encoding: .utf8) == "<p>new home</p>\n")
}

@Test func writesIntoAnEmptyExistingFolder() throws {
    let sandbox = try WriterSandbox()
    defer { sandbox.remove() }
    try FileManager.default.createDirectory(at: sandbox.output, withIntermediateDirectories: true)
    try sandbox.writer().write(pages, assets: nil)
    #expect(FileManager.default.fileExists(atPath: sandbox.output.appendingPathComponent("index.html").path))
}

@Test(arguments: ["../escape.html", "briefings/../../escape.html", "/tmp/briefgen-escape.html", "a/./b.html", "", "a//b.html", "briefings/"])
func unsafeOutputPathThrowsAndLeavesThePreviousOutputByteIdentical(_ path: String) throws {
    let sandbox = try WriterSandbox()
    defer { sandbox.remove() }
    try sandbox.writer().write(pages, assets: sandbox.templates.appendingPathComponent("assets"))
    let output = try snapshot(sandbox.output)
    let sources = try snapshot(sandbox.content)
    let names = try FileManager.default.contentsOfDirectory(atPath: sandbox.root.path).sorted()
    let files = [OutputFile(path: "index.html", text: "<p>replaced</p>\n"), OutputFile(path: path, text: "escaped\n")]
    #expect(throws: (any Error).self) { try sandbox.writer().write(files, assets: nil) }
    #expect(try snapshot(sandbox.output) == output, "the previous output must stay byte-identical")
    #expect(try snapshot(sandbox.content) == sources)
    #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.root.path).sorted() == names, "no staging folder may be left behind")
    #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.base.path) == ["site"])
    #expect(!FileManager.default.fileExists(atPath: "/tmp/briefgen-escape.html"))
}

@Test func failedFirstWriteCreatesNoOutputFolder() throws {
    let sandbox = try WriterSandbox()
    defer { sandbox.remove() }
    let names = try FileManager.default.contentsOfDirectory(atPath: sandbox.root.path).sorted()
    #expect(throws: (any Error).self) { try sandbox.writer().write(pages + [OutputFile(path: "../x.html", text: "x")], assets: nil) }
    #expect(!FileManager.default.fileExists(atPath: sandbox.output.path))
    #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.root.path).sorted() == names)
}
