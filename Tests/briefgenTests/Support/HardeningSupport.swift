import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Helpers for HardeningTests.swift: runs with a time limit (and under a shell, for resource
// limits), an audit of generated HTML for anything that could run as script, and file helpers.

/// One run of a command with a time limit.
struct TimedRun: CustomStringConvertible {
    var result: RunResult
    var seconds: Double
    /// The run was still going at the limit and was terminated.
    var timedOut: Bool

    var description: String { (timedOut ? "TIMED OUT after \(Int(seconds)) s\n" : "") + result.description }
}

extension Sandbox {
    /// Runs `executable` (by default briefgen) with `arguments` from the sandbox folder, killing it
    /// after `limit` seconds.
    func runTimed(_ arguments: [String], executable: URL? = nil, limit: Double) throws -> TimedRun {
        let program = try executable ?? #require(Paths.executable, "briefgen executable not found")
        return try launch(program, arguments, currentDirectory: base, limit: limit)
    }

    /// `briefgen build --root <root>` run by /bin/sh after `shellSetup` (e.g. `ulimit -f 64`), with
    /// SIGXFSZ ignored so that going over a file-size limit makes write() fail instead of killing.
    func buildUnderShell(_ shellSetup: String, _ extra: [String] = [], limit: Double = 120) throws -> TimedRun {
        let executable = try #require(Paths.executable, "briefgen executable not found")
        let script = "trap '' XFSZ; \(shellSetup); exec \"$0\" \"$@\""
        return try runTimed(["-c", script, executable.path, "build", "--root", root.path] + extra, executable: URL(fileURLWithPath: "/bin/sh"), limit: limit)
    }

    /// Writes `text` at `relative` under the site root, creating folders.
    func put(_ relative: String, _ text: String) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// A symbolic link at `relative` under the root, pointing at `destination` as written.
    func symlink(_ relative: String, to destination: String) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: destination)
    }
}

/// Finds what in generated HTML could run as script or shows that escaping failed: a raw `<` that
/// starts no tag, a `<script>`/`<iframe>`/`<object>`/`<embed>` element, an `on…` event attribute,
/// an attribute value that is not double-quoted or holds a raw `<`, `>` or `"`, and an `href`/`src`
/// whose scheme is javascript:, vbscript:, file: or data: (other than the images cmark allows).
enum HTMLAudit {
    static let forbiddenElements: Set<String> = ["script", "iframe", "object", "embed", "frame", "frameset", "applet", "base"]

    static func problems(in html: String, page: String = "") -> [String] {
        let bytes = Array(html.utf8)
        var problems: [String] = []
        var index = 0
        func at(_ offset: Int) -> UInt8? { offset < bytes.count ? bytes[offset] : nil }
        func lower(_ byte: UInt8) -> UInt8 { (65...90).contains(byte) ? byte + 32 : byte }
        func startsWith(_ text: String, at offset: Int) -> Bool {
            let needle = Array(text.utf8)
            guard offset + needle.count <= bytes.count else { return false }
            return (0..<needle.count).allSatisfy { lower(bytes[offset + $0]) == needle[$0] }
        }
        func find(_ text: String, from offset: Int) -> Int? {
            var cursor = offset
            while cursor < bytes.count {
                if startsWith(text, at: cursor) { return cursor }
                cursor += 1
            }
            return nil
        }
        func isNameByte(_ byte: UInt8) -> Bool {
            (97...122).contains(lower(byte)) || (48...57).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "_")
        }
        func isSpace(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 || byte == 10 || byte == 13 || byte == 12 }
        func context(_ offset: Int) -> String {
            let from = max(0, offset - 40)
            let to = min(bytes.count, offset + 60)
            return String(decoding: bytes[from..<to], as: UTF8.self).replacingOccurrences(of: "\n", with: "⏎")
        }
        func report(_ message: String, _ offset: Int) {
            problems.append("\(page): \(message) near «\(context(offset))»")
        }

        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: ">") {
                report("raw '>' outside a tag", index)
                index += 1
                continue
            }
            guard byte == UInt8(ascii: "<") else {
                index += 1
                continue
            }
            if startsWith("<!--", at: index) {
                guard let end = find("-->", from: index + 4) else {
                    report("unclosed comment", index)
                    break
                }
                index = end + 3
                continue
            }
            if startsWith("<!doctype", at: index) {
                index = (find(">", from: index) ?? bytes.count - 1) + 1
                continue
            }
            let closing = at(index + 1) == UInt8(ascii: "/")
            var cursor = index + (closing ? 2 : 1)
            let nameStart = cursor
            guard let first = at(cursor), (97...122).contains(lower(first)) else {
                report("raw '<' that starts no tag", index)
                index += 1
                continue
            }
            while let next = at(cursor), isNameByte(next) { cursor += 1 }
            let name = String(decoding: bytes[nameStart..<cursor].map(lower), as: UTF8.self)
            if forbiddenElements.contains(name) { report("<\(closing ? "/" : "")\(name)> element", index) }
            // Attributes.
            var closed = false
            while let next = at(cursor) {
                if isSpace(next) {
                    cursor += 1
                    continue
                }
                if next == UInt8(ascii: ">") {
                    closed = true
                    cursor += 1
                    break
                }
                if next == UInt8(ascii: "/"), at(cursor + 1) == UInt8(ascii: ">") {
                    closed = true
                    cursor += 2
                    break
                }
                if closing {
                    report("junk in a closing tag", cursor)
                    break
                }
                let attributeStart = cursor
                while let byte = at(cursor), isNameByte(byte) { cursor += 1 }
                guard cursor > attributeStart else {
                    report("broken attribute", cursor)
                    break
                }
                let attribute = String(decoding: bytes[attributeStart..<cursor].map(lower), as: UTF8.self)
                if attribute.hasPrefix("on") { report("event attribute \(attribute)", attributeStart) }
                guard at(cursor) == UInt8(ascii: "=") else { continue }
                cursor += 1
                guard at(cursor) == UInt8(ascii: "\"") else {
                    report("attribute \(attribute) not double-quoted", attributeStart)
                    break
                }
                let valueStart = cursor + 1
                guard let valueEnd = bytes[valueStart...].firstIndex(of: UInt8(ascii: "\"")) else {
                    report("attribute \(attribute) never closed", attributeStart)
                    break
                }
                let value = String(decoding: bytes[valueStart..<valueEnd], as: UTF8.self)
                if value.contains("<") || value.contains(">") { report("raw < or > in attribute \(attribute)", attributeStart) }
                if attribute == "href" || attribute == "src" || attribute == "action" || attribute == "formaction" {
                    if let scheme = dangerousScheme(value) { report("\(attribute) with a \(scheme) URL", attributeStart) }
                }
                cursor = valueEnd + 1
                if let after = at(cursor), !isSpace(after), after != UInt8(ascii: ">"), after != UInt8(ascii: "/") {
                    report("attribute \(attribute) runs into the next one", cursor)
                }
            }
            if !closed {
                report("tag <\(name)> not closed", index)
                break
            }
            index = cursor
            // The content of style elements is CSS, not markup.
            if !closing && name == "style" {
                guard let end = find("</style", from: index) else {
                    report("unclosed style element", index)
                    break
                }
                index = end
            }
        }
        return problems
    }

    /// The scheme of a URL that would run script or reach local files, entities decoded.
    static func dangerousScheme(_ value: String) -> String? {
        let decoded = value.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&#58;", with: ":")
        let compact = String(decoded.lowercased().unicodeScalars.filter { $0.value > 0x20 }.map(Character.init))
        for scheme in ["javascript:", "vbscript:", "file:"] where compact.hasPrefix(scheme) { return scheme }
        if compact.hasPrefix("data:") {
            let allowed = ["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"]
            if !allowed.contains(where: compact.hasPrefix) { return "data:" }
        }
        return nil
    }
}

/// Whether standard error shows a crash or a stack trace rather than diagnostics.
func stderrShowsCrash(_ stderr: String) -> Bool {
    ["Fatal error", "Stack dump", "Backtrace", "Program crashed", "Current stack trace", "Segmentation fault", "Illegal instruction"]
        .contains { stderr.contains($0) }
}

/// The entries directly inside `folder`, hidden ones too, sorted.
func folderEntries(of folder: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
}
