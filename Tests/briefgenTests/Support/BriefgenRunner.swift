import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing

/// Where the package, its fixtures and the built `briefgen` executable are, found without
/// depending on the current directory.
enum Paths {
    /// The package root: this file is Tests/briefgenTests/Support/BriefgenRunner.swift.
    static let package: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let fixtures = package.appendingPathComponent("Tests/Fixtures")
    static let templates = package.appendingPathComponent("Templates")
    static let exampleContent = package.appendingPathComponent("Content")

    /// The `briefgen` executable SwiftPM built next to the test bundle: on Linux the test binary
    /// itself sits in the build folder; on macOS it is inside `X.xctest/Contents/MacOS/`.
    static let executable: URL? = {
        var candidates: [URL] = []
        let testBinary = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).resolvingSymlinksInPath()
        candidates.append(testBinary.deletingLastPathComponent())
        for bundle in Bundle.allBundles where bundle.bundleURL.pathExtension == "xctest" {
            candidates.append(bundle.bundleURL.deletingLastPathComponent())
        }
        var folder = testBinary
        while folder.path != "/" {
            if folder.pathExtension == "xctest" { candidates.append(folder.deletingLastPathComponent()) }
            folder.deleteLastPathComponent()
        }
        return candidates.map { $0.appendingPathComponent("briefgen") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()
}

/// What one run of `briefgen` did.
struct RunResult: CustomStringConvertible {
    var status: Int32
    /// False when the process was killed by a signal (a crash).
    var exitedNormally: Bool
    var stdout: String
    var stderr: String

    var stderrLines: [String] { stderr.split(separator: "\n").map(String.init) }

    var description: String { "exit \(status)\(exitedNormally ? "" : " (signal)")\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }
}

/// A throw-away folder per test, so tests run in parallel; removed by `remove()`.
struct Sandbox {
    let base: URL
    /// The site root inside the sandbox.
    var root: URL { base.appendingPathComponent("site") }
    var output: URL { root.appendingPathComponent("Public") }
    var content: URL { root.appendingPathComponent("Content") }

    init() throws {
        base = FileManager.default.temporaryDirectory.appendingPathComponent("briefgen-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
    }

    /// A sandbox whose root is a copy of `Tests/Fixtures/<fixture>`. A fixture without
    /// Templates/ gets the real Templates/; a fixture with one gets the real templates with its
    /// own files laid over them (so a fixture holds only the template files it changes).
    init(fixture: String) throws {
        try self.init()
        let source = Paths.fixtures.appendingPathComponent(fixture)
        #expect(FileManager.default.fileExists(atPath: source.path), "missing fixture \(source.path)")
        try FileManager.default.copyItem(at: source, to: root)
        let ownTemplates = root.appendingPathComponent("Templates")
        if FileManager.default.fileExists(atPath: ownTemplates.path) {
            let overlay = base.appendingPathComponent("overlay")
            try FileManager.default.moveItem(at: ownTemplates, to: overlay)
            try FileManager.default.copyItem(at: Paths.templates, to: ownTemplates)
            try Self.overlay(overlay, onto: ownTemplates)
            try FileManager.default.removeItem(at: overlay)
        } else {
            try FileManager.default.copyItem(at: Paths.templates, to: ownTemplates)
        }
    }

    /// A sandbox whose root holds copies of the repository's own Content/ and Templates/.
    static func example() throws -> Sandbox {
        let sandbox = try Sandbox()
        try FileManager.default.createDirectory(at: sandbox.root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Paths.exampleContent, to: sandbox.content)
        try FileManager.default.copyItem(at: Paths.templates, to: sandbox.root.appendingPathComponent("Templates"))
        return sandbox
    }

    private static func overlay(_ source: URL, onto destination: URL) throws {
        let manager = FileManager.default
        guard let enumerator = manager.enumerator(atPath: source.path) else { return }
        while let relative = enumerator.nextObject() as? String {
            let from = source.appendingPathComponent(relative)
            let to = destination.appendingPathComponent(relative)
            var isFolder: ObjCBool = false
            _ = manager.fileExists(atPath: from.path, isDirectory: &isFolder)
            if isFolder.boolValue {
                try manager.createDirectory(at: to, withIntermediateDirectories: true)
            } else {
                if manager.fileExists(atPath: to.path) { try manager.removeItem(at: to) }
                try manager.copyItem(at: from, to: to)
            }
        }
    }

    func remove() {
        try? FileManager.default.removeItem(at: base)
    }

    /// Runs `briefgen` with `arguments` from `currentDirectory` (by default the sandbox folder, not
    /// the site root, so `--root` matters). A run still going after ten minutes is killed, so a
    /// hang fails its test instead of stalling the suite.
    func run(_ arguments: [String], currentDirectory: URL? = nil) throws -> RunResult {
        let executable = try #require(Paths.executable, "briefgen executable not found next to the test binary \(ProcessInfo.processInfo.arguments[0])")
        return try launch(executable, arguments, currentDirectory: currentDirectory ?? base, limit: 600).result
    }

    /// Runs `executable`, capturing its output through files so that neither pipe can fill up, and
    /// kills it after `limit` seconds.
    func launch(_ executable: URL, _ arguments: [String], currentDirectory: URL, limit: Double) throws -> TimedRun {
        let logs = base.appendingPathComponent("logs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: logs) }
        let stdoutURL = logs.appendingPathComponent("stdout")
        let stderrURL = logs.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        let stdout = try FileHandle(forWritingTo: stdoutURL)
        let stderr = try FileHandle(forWritingTo: stderrURL)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = currentDirectory
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdout
        process.standardError = stderr
        let start = Date()
        try process.run()
        var timedOut = false
        while process.isRunning {
            if Date().timeIntervalSince(start) > limit {
                timedOut = true
                // Not terminate(): the child inherits the test thread's signal mask, in which
                // SIGTERM may be blocked. SIGKILL cannot be.
                kill(process.processIdentifier, SIGKILL)
                break
            }
            usleep(20_000)
        }
        process.waitUntilExit()
        let seconds = Date().timeIntervalSince(start)
        try stdout.close()
        try stderr.close()
        let result = RunResult(status: process.terminationStatus, exitedNormally: process.terminationReason == .exit,
                               stdout: String(decoding: try Data(contentsOf: stdoutURL), as: UTF8.self),
                               stderr: String(decoding: try Data(contentsOf: stderrURL), as: UTF8.self))
        return TimedRun(result: result, seconds: seconds, timedOut: timedOut)
    }

    /// `briefgen build --root <root> …`
    func build(_ extra: [String] = []) throws -> RunResult {
        try run(["build", "--root", root.path] + extra)
    }
}

/// One entry of a folder tree as the tests compare it.
enum TreeEntry: Equatable {
    case file(Data)
    case folder
    case link(String)
}

/// Every file, folder and symbolic link under `folder` (hidden ones too) by relative path. With
/// `metadata`, permissions and modification times are part of each entry's key, so equal
/// snapshots mean nothing was touched; without, equal snapshots mean byte-identical trees.
func snapshot(_ folder: URL, metadata: Bool = false) throws -> [String: TreeEntry] {
    var result: [String: TreeEntry] = [:]
    let manager = FileManager.default
    guard let enumerator = manager.enumerator(atPath: folder.path) else { return [:] }
    while let relative = enumerator.nextObject() as? String {
        let path = folder.appendingPathComponent(relative).path
        let attributes = try manager.attributesOfItem(atPath: path)
        var key = relative
        if metadata {
            let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            key += " mode=\(String(mode, radix: 8)) mtime=\(modified)"
        }
        switch attributes[.type] as? FileAttributeType {
        case .typeDirectory?: result[key] = .folder
        case .typeSymbolicLink?: result[key] = .link(try manager.destinationOfSymbolicLink(atPath: path))
        default: result[key] = .file(try Data(contentsOf: URL(fileURLWithPath: path)))
        }
    }
    return result
}

/// The relative paths of the regular files under `folder`, sorted.
func files(in folder: URL) throws -> [String] {
    try snapshot(folder).compactMap { path, entry in
        if case .file = entry { return path } else { return nil }
    }.sorted()
}

func read(_ url: URL) throws -> String {
    String(decoding: try Data(contentsOf: url), as: UTF8.self)
}

func exists(_ url: URL) -> Bool {
    FileManager.default.fileExists(atPath: url.path)
}
