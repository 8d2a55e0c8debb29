import Foundation

/// A small link checker for a generated site: every relative `href`/`src` of every HTML page must
/// name a file in the output (a folder counts when it has an index.html), and every `#fragment`
/// an element id of the page it points at.
struct SiteLinks {
    let output: URL
    /// Relative paths of the HTML files in the output.
    let pages: [String]
    private var texts: [String: String] = [:]

    init(output: URL) throws {
        self.output = output
        pages = try files(in: output).filter { $0.hasSuffix(".html") }
        for page in pages {
            texts[page] = try read(output.appendingPathComponent(page))
        }
    }

    func text(of page: String) -> String { texts[page] ?? "" }

    /// The values of every `href` and `src` attribute of `html`, entities decoded.
    static func references(in html: String) -> [String] {
        html.matches(of: #/(?:href|src)="([^"]*)"/#).map { decode(String($0.output.1)) }
    }

    /// The values of every `id` attribute of `html`.
    static func ids(in html: String) -> Set<String> {
        Set(html.matches(of: #/\sid="([^"]*)"/#).map { decode(String($0.output.1)) })
    }

    private static func decode(_ value: String) -> String {
        value.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    static func isExternal(_ reference: String) -> Bool {
        ["http://", "https://", "mailto:"].contains { reference.lowercased().hasPrefix($0) }
    }

    /// Where a relative reference from `page` leads: the output-relative file (a folder's
    /// index.html) and the fragment; nil when it climbs out of the output folder.
    static func resolve(_ reference: String, from page: String) -> (file: String, fragment: String?)? {
        var pathPart = reference
        var fragment: String?
        if let hash = reference.firstIndex(of: "#") {
            pathPart = String(reference[..<hash])
            fragment = String(reference[reference.index(after: hash)...])
        }
        if let query = pathPart.firstIndex(of: "?") { pathPart = String(pathPart[..<query]) }
        if pathPart.isEmpty { return (page, fragment) }
        var components = page.split(separator: "/").map(String.init).dropLast()
        let decoded = pathPart.removingPercentEncoding ?? pathPart
        for component in decoded.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..":
                guard !components.isEmpty else { return nil }
                components.removeLast()
            default: components.append(String(component))
            }
        }
        let joined = components.joined(separator: "/")
        return (decoded.hasSuffix("/") || decoded == "." || decoded == ".." ? (joined.isEmpty ? "" : joined + "/") + "index.html" : joined, fragment)
    }

    /// Every reference that does not resolve, as `PAGE: REFERENCE (why)`. References starting
    /// with `/` are reported as absolute, except in the pages of `absoluteAllowedIn`.
    func problems(absoluteAllowedIn: Set<String> = ["404.html"]) -> [String] {
        var problems: [String] = []
        for page in pages {
            for reference in Self.references(in: text(of: page)) where !Self.isExternal(reference) {
                if reference.hasPrefix("/") {
                    if !absoluteAllowedIn.contains(page) { problems.append("\(page): \(reference) (absolute)") }
                    continue
                }
                guard let resolved = Self.resolve(reference, from: page) else {
                    problems.append("\(page): \(reference) (outside the output)")
                    continue
                }
                var file = resolved.file
                let fragment = resolved.fragment
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: output.appendingPathComponent(file).path, isDirectory: &isFolder) else {
                    problems.append("\(page): \(reference) (no \(file))")
                    continue
                }
                if isFolder.boolValue {
                    file += "/index.html"
                    guard FileManager.default.fileExists(atPath: output.appendingPathComponent(file).path) else {
                        problems.append("\(page): \(reference) (folder without index.html)")
                        continue
                    }
                }
                if let fragment, !fragment.isEmpty, file.hasSuffix(".html"), !Self.ids(in: texts[file] ?? "").contains(fragment) {
                    problems.append("\(page): \(reference) (no id=\"\(fragment)\" in \(file))")
                }
            }
        }
        return problems
    }

    /// The pages reachable from `start` by following relative links.
    func reachable(from start: String) -> Set<String> {
        var seen: Set<String> = [start]
        var queue = [start]
        while let page = queue.popLast() {
            for reference in Self.references(in: text(of: page)) where !Self.isExternal(reference) && !reference.hasPrefix("/") {
                guard var file = Self.resolve(reference, from: page)?.file else { continue }
                if texts[file] == nil, texts[file + "/index.html"] != nil { file += "/index.html" }
                if texts[file] != nil, seen.insert(file).inserted { queue.append(file) }
            }
        }
        return seen
    }
}
