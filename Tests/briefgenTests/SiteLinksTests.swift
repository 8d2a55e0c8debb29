import Foundation
import Testing

// The end-to-end tests trust SiteLinks to find broken links; these show that it does.

private func withOutput(_ pages: [String: String], _ body: (URL) throws -> Void) throws {
    let output = FileManager.default.temporaryDirectory.appendingPathComponent("briefgen-links-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: output) }
    for (path, text) in pages {
        let url = output.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }
    try body(output)
}

@Test func linkCheckerAcceptsFilesFoldersWithIndexAndExistingAnchors() throws {
    try withOutput([
        "index.html": ##"<a href="a/">a</a> <a href="a/index.html#x">x</a> <img src="img/logo.png"> <a href="#top">top</a> <p id="top"></p> <a href="https://example.org/">ext</a>"##,
        "a/index.html": #"<h1 id="x">A</h1><a href="../index.html">home</a><a href="../">home</a>"#,
        "img/logo.png": "png",
    ]) { output in
        let site = try SiteLinks(output: output)
        #expect(site.problems().isEmpty, "\(site.problems())")
        #expect(site.reachable(from: "index.html") == ["index.html", "a/index.html"])
    }
}

@Test func linkCheckerReportsEveryKindOfBrokenLink() throws {
    try withOutput([
        "index.html": ##"<a href="/abs/">abs</a> <a href="missing/">m</a> <a href="empty/">e</a> <a href="a/index.html#nope">f</a> <a href="../out.html">o</a>"##,
        "a/index.html": "<h1>A</h1>",
        "empty/readme.txt": "no index here",
        "404.html": #"<a href="/">home</a>"#,
    ]) { output in
        let problems = try SiteLinks(output: output).problems()
        #expect(problems.count == 5, "\(problems)")
        #expect(problems.contains { $0.contains("/abs/") && $0.contains("absolute") })
        #expect(problems.contains { $0.contains("missing/") })
        #expect(problems.contains { $0.contains("empty/") })
        #expect(problems.contains { $0.contains("#nope") })
        #expect(problems.contains { $0.contains("../out.html") && $0.contains("outside") })
        #expect(!problems.contains { $0.hasPrefix("404.html") })
    }
}
