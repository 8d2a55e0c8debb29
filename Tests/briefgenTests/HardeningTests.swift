import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
#if canImport(FoundationXML)
import FoundationXML
#endif

// Hardening, end to end (issue 4, items 1 and 2; SPEC §2, §6, §7): the real `briefgen` executable
// on every mistake an editor can make, on content full of markup that tries to run as script, on
// output folders it must not touch, on write failures, and on very large sites.
// EndToEndTests.swift already covers: bad YAML, a missing briefing title, an unknown source, an
// unknown entity link, a bad slug with capitals and an underscore, a bad briefing date, invalid
// UTF-8, a site.yml without title, template syntax errors, missing partials, the basic output
// refusals, and a deleted briefing disappearing. This file adds the rest.

/// The suite (its name is what `swift test --filter Hardening` matches); the tests are in extensions.
@Suite struct HardeningTests {}

// MARK: - Shared checks

/// A run ended through exit() with a status below 128 and printed no crash or stack trace.
private func expectCleanExit(_ result: RunResult, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(result.exitedNormally, "briefgen was killed by a signal\n\(result)", sourceLocation: sourceLocation)
    #expect(result.status < 128, "\(result)", sourceLocation: sourceLocation)
    #expect(!stderrShowsCrash(result.stderr), "a crash or stack trace on standard error\n\(result)", sourceLocation: sourceLocation)
}

private func diagnosticLines(_ result: RunResult, _ severity: String) -> [String] {
    result.stderrLines.filter { $0.contains(": \(severity): ") }
}

/// The site root's copy of the minimal valid site's Content/, kept beside the case's own sources,
/// and a build of it into Public/: the "previous good build" a failed build must leave alone.
private func buildPreviousGoodOutput(_ sandbox: Sandbox, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let goodContent = sandbox.root.appendingPathComponent("GoodContent")
    let goodTemplates = sandbox.root.appendingPathComponent("GoodTemplates")
    try FileManager.default.copyItem(at: Paths.fixtures.appendingPathComponent("sites/minimal/Content"), to: goodContent)
    try FileManager.default.copyItem(at: Paths.templates, to: goodTemplates)
    let good = try sandbox.build(["--content", goodContent.path, "--templates", goodTemplates.path])
    #expect(good.status == 0, "\(good)", sourceLocation: sourceLocation)
    #expect(exists(sandbox.output.appendingPathComponent("briefings/2020-02-01-first-program/index.html")), sourceLocation: sourceLocation)
}

/// A removable sandbox, kept (and its path printed) when BRIEFGEN_HARDENING_KEEP is set, to rerun
/// a generated site by hand, e.g. with a release build.
private func finish(_ sandbox: Sandbox, _ label: String) {
    if ProcessInfo.processInfo.environment["BRIEFGEN_HARDENING_KEEP"] != nil {
        print("[hardening] \(label): kept \(sandbox.root.path)")
    } else {
        sandbox.remove()
    }
}

// MARK: - 1. The bad-input matrix

/// A site with one kind of mistake: a fixture under Tests/Fixtures/ (most under invalid/), possibly
/// changed by `setup` (for what git cannot hold well: symbolic links, backslashes in names).
struct BadInput: Sendable, CustomTestStringConvertible {
    var name: String
    /// Relative to Tests/Fixtures/; `invalid/<name>` unless given.
    var fixture: String? = nil
    /// Each expected error and warning as the start of a line of standard error: the path relative
    /// to the root, line and column when known, and the message naming the key, slug or phrase.
    var errors: [String] = []
    var warnings: [String] = []
    /// For warnings-only cases: files of the output and a text each must contain.
    var outputContains: [String: [String]] = [:]
    /// For warnings-only cases: texts that must appear in no output file.
    var outputLacks: [String] = []
    var setup: (@Sendable (Sandbox) throws -> Void)? = nil

    var testDescription: String { name }
    var fixturePath: String { fixture ?? "invalid/\(name)" }
    var expectedStatus: Int32 { errors.isEmpty ? 0 : 1 }

    func sandbox() throws -> Sandbox {
        let sandbox = try Sandbox(fixture: fixturePath)
        try setup?(sandbox)
        return sandbox
    }
}

private let secretBriefing = """
    ---
    title: "SECRETLEAK briefing from outside the root"
    date: 2020-01-09
    ---

    SECRETLEAK text that must never be published.

    """

private let validBriefing = """
    ---
    title: "A valid briefing"
    date: 2020-01-03
    ---

    Nothing wrong with this one.

    """

private let badInputs: [BadInput] = [
    BadInput(name: "front-matter-not-closed", errors: [
        "Content/briefings/2020-01-02-unclosed.md:1:1: error: front matter is not closed",
    ]),
    BadInput(name: "missing-front-matter", errors: [
        "Content/briefings/2020-01-02-no-front-matter.md:1:1: error: missing front matter",
    ]),
    BadInput(name: "missing-key-per-kind", errors: [
        "Content/articles/2020-01-01-undated-article.md:1:1: error: missing required key 'date'",
        "Content/briefings/2020-01-02-undated-briefing.md:1:1: error: missing required key 'date'",
        "Content/entities/nameless.md:1:1: error: missing required key 'name'",
        "Content/glossary/no-definition.md:1:1: error: missing required key 'definition'",
        "Content/glossary/no-term.md:1:1: error: missing required key 'term'",
    ]),
    BadInput(name: "wrong-type-list", errors: [
        "Content/briefings/2020-01-02-tags-string.md:4:7: error: 'tags' must be a list",
        "Content/entities/kim.md:3:10: error: 'aliases' must be a list",
        "Content/glossary/tariff.md:3:10: error: 'aliases' must be a list (e.g. [a, b] or one '- item' per line), not a mapping",
    ]),
    BadInput(name: "bad-date-article", errors: [
        "Content/articles/2020-01-01-bad-month.md:4:7: error: 'date' must be a date written YYYY-MM-DD, not '2020-13-01'",
        "Content/articles/2020-01-02-date-list.md:3:7: error: 'date' must be a single value, not a list",
    ]),
    BadInput(name: "empty-file", errors: [
        "Content/briefings/2020-01-02-empty.md:1:1: error: empty file",
    ]),
    BadInput(name: "slug-capitals", errors: [
        "Content/briefings/2020-01-02-Trade-Talks.md: error: invalid file name '2020-01-02-Trade-Talks'",
    ]),
    BadInput(name: "slug-space", errors: [
        "Content/briefings/2020-01-02 trade talks.md: error: invalid file name '2020-01-02 trade talks'",
    ]),
    BadInput(name: "slug-dots", errors: [
        "Content/briefings/a..b.md: error: invalid file name 'a..b'",
    ], warnings: [
        "Content/briefings/..md: warning: hidden file '..md' ignored",
    ]),
    BadInput(name: "slug-backslash", fixture: "hardening/base", errors: [
        "Content/briefings/back\\slash.md: error: invalid file name 'back\\slash'",
    ], setup: { sandbox in
        try sandbox.put("Content/briefings/back\\slash.md", validBriefing)
    }),
    BadInput(name: "duplicate-slug-extensions", errors: [
        "Content/briefings/2020-01-02-same.md: error: duplicate slug '2020-01-02-same': Content/briefings/2020-01-02-same.markdown has it too",
    ]),
    BadInput(name: "unknown-link-targets", errors: [
        "Content/briefings/2020-01-02-dangling-links.md:6:8: error: unknown briefing 'no-such-briefing' in link",
        "Content/briefings/2020-01-02-dangling-links.md:8:59: error: unknown article 'no-such-article' in link",
        "Content/briefings/2020-01-02-dangling-links.md:9:9: error: unknown glossary term 'no-such-term' in link",
        "Content/briefings/2020-01-02-dangling-links.md:11:3: error: unknown briefing '../../etc/passwd' in link",
        "Content/entities/somebody.md:5:19: error: unknown entity 'ghost' in link",
    ]),
    BadInput(name: "tag-without-letters", errors: [
        "Content/briefings/2020-01-02-dot-tags.md:4:15: error: tag '..' has no letters or digits",
        "Content/briefings/2020-01-02-dot-tags.md:4:21: error: tag '/' has no letters or digits",
    ]),
    BadInput(name: "article-url-not-http", errors: [
        "Content/articles/2020-01-01-script-url.md:4:6: error: 'url' must be an absolute http(s) URL (the original article's address), not 'javascript:alert(document.cookie)'",
        "Content/articles/2020-01-02-data-url.md:4:6: error: 'url' must be an absolute http(s) URL (the original article's address), not 'data:text/html;",
        "Content/articles/2020-01-03-relative-url.md:4:6: error: 'url' must be an absolute http(s) URL (the original article's address), not '//example.org/protocol-relative'",
    ]),
    BadInput(name: "empty-content", errors: [
        "Content: error: the content folder is empty: add site.yml",
    ]),
    BadInput(name: "site-yml-only", errors: [
        "Content: error: no content: add Markdown files under articles/, briefings/, entities/ or glossary/",
    ]),
    BadInput(name: "site-yml-symlink-outside-root", fixture: "hardening/base", errors: [
        "Content/site.yml: error: site.yml is a symbolic link pointing outside the site root: not followed",
    ], setup: { sandbox in
        let outside = sandbox.base.appendingPathComponent("outside/site.yml")
        try FileManager.default.createDirectory(at: outside.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("title: SECRETLEAK site\n".utf8).write(to: outside)
        try FileManager.default.removeItem(at: sandbox.content.appendingPathComponent("site.yml"))
        try sandbox.symlink("Content/site.yml", to: outside.path)
    }),
    // Warnings only: the build succeeds.
    BadInput(name: "ambiguous-phrase", warnings: [
        "Content/briefings/2020-01-02-two-kims.md:6:1: warning: ambiguous mention 'Kim' is claimed by Content/entities/kim-jong-un.md and Content/entities/kim-yo-jong.md: not linked; write [Kim](entity:kim-jong-un) or [Kim](entity:kim-yo-jong) to choose",
        "Content/briefings/2020-01-02-two-kims.md:7:8: warning: ambiguous mention 'Kim' is claimed by",
        "Content/briefings/2020-01-02-two-kims.md:9:5: warning: ambiguous mention 'Embargo' is claimed by Content/entities/embargo-office.md and Content/glossary/embargo.md",
    ], outputContains: [
        // Leftmost-longest: "Kim Jong Un" is not ambiguous; the lone "Kim"s stay text.
        "briefings/2020-01-02-two-kims/index.html": [
            "<p>Kim met the envoys on Monday.\nLater, Kim left for Wonsan.</p>",
            "The Embargo was discussed; <a class=\"entity\" data-entity=\"kim-jong-un\" href=\"../../entities/kim-jong-un/\">Kim Jong Un</a> spoke.",
        ],
    ], outputLacks: ["data-entity=\"kim-yo-jong\"", "data-term=\"embargo\"", "data-entity=\"embargo-office\""]),
    BadInput(name: "unknown-keys", warnings: [
        "Content/articles/2020-01-01-article.md:4:1: warning: unknown key 'publisher'",
        "Content/briefings/2020-01-02-briefing.md:4:1: warning: unknown key 'category'",
        "Content/entities/someone.md:3:1: warning: unknown key 'born'",
        "Content/glossary/tariff.md:4:1: warning: unknown key 'see_also'",
        "Content/site.yml:2:1: warning: unknown key 'colour'",
    ], outputContains: ["briefings/2020-01-02-briefing/index.html": ["A briefing"]]),
    BadInput(name: "symlinks-outside-root", fixture: "hardening/base", warnings: [
        "Content/briefings/2020-01-05-leak-absolute.md: warning: symbolic link points outside the site root: not followed",
        "Content/briefings/2020-01-06-leak-relative.md: warning: symbolic link points outside the site root: not followed",
        "Content/briefings/2020-01-07-leak-chain.md: warning: symbolic link points outside the site root: not followed",
        "Content/glossary/secret-term.md: warning: symbolic link points outside the site root: not followed",
    ], outputContains: [
        // A link that stays inside the root is followed.
        "briefings/2020-01-03-shared/index.html": ["Nothing wrong with this one."],
    ], outputLacks: ["SECRETLEAK", "leak-absolute", "leak-relative", "leak-chain", "secret-term"], setup: { sandbox in
        let outside = sandbox.base.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside.appendingPathComponent("glossary"), withIntermediateDirectories: true)
        try Data(secretBriefing.utf8).write(to: outside.appendingPathComponent("secret-briefing.md"))
        try Data("---\nterm: SECRETLEAK term\ndefinition: \"SECRETLEAK definition\"\n---\n".utf8)
            .write(to: outside.appendingPathComponent("glossary/secret-term.md"))
        let secret = outside.appendingPathComponent("secret-briefing.md").path
        try sandbox.symlink("Content/briefings/2020-01-05-leak-absolute.md", to: secret)
        try sandbox.symlink("Content/briefings/2020-01-06-leak-relative.md", to: "../../../outside/secret-briefing.md")
        // Through a hidden link that itself stays inside: every link on the way is resolved.
        try sandbox.symlink("Content/briefings/.hop.md", to: secret)
        try sandbox.symlink("Content/briefings/2020-01-07-leak-chain.md", to: ".hop.md")
        // A whole content folder linked to outside the root.
        try FileManager.default.removeItem(at: sandbox.content.appendingPathComponent("glossary"))
        try sandbox.symlink("Content/glossary", to: outside.appendingPathComponent("glossary").path)
        try sandbox.put("Shared/2020-01-03-shared.md", validBriefing)
        try sandbox.symlink("Content/briefings/2020-01-03-shared.md", to: "../../Shared/2020-01-03-shared.md")
    }),
    BadInput(name: "broken-symlinks", fixture: "hardening/base", warnings: [
        "Content/briefings/2020-01-05-gone.md: warning: broken symbolic link '2020-01-05-gone.md': ignored",
        "Content/entities/loop.md: warning: broken symbolic link 'loop.md': ignored",
    ], outputContains: ["briefings/2020-01-02-talks/index.html": ["The talks resume"]], setup: { sandbox in
        try sandbox.symlink("Content/briefings/2020-01-05-gone.md", to: "../../nowhere/gone.md")
        try sandbox.symlink("Content/entities/loop.md", to: "loop.md")
    }),
]

/// Status, the located diagnostics (each expected line, and no other error or warning), no crash.
private func expectDiagnostics(_ result: RunResult, _ input: BadInput, sourceLocation: SourceLocation = #_sourceLocation) {
    expectCleanExit(result, sourceLocation: sourceLocation)
    #expect(result.status == input.expectedStatus, "\(result)", sourceLocation: sourceLocation)
    for line in input.errors + input.warnings {
        #expect(result.stderrLines.contains { $0.hasPrefix(line) }, "expected a line starting\n\(line)\n\(result)", sourceLocation: sourceLocation)
    }
    #expect(diagnosticLines(result, "error").count == input.errors.count, "one error per problem expected\n\(result)", sourceLocation: sourceLocation)
    #expect(diagnosticLines(result, "warning").count == input.warnings.count, "one warning per problem expected\n\(result)", sourceLocation: sourceLocation)
}

/// For a warnings-only case, the output of the site as the case describes it.
private func expectOutput(_ sandbox: Sandbox, _ input: BadInput, sourceLocation: SourceLocation = #_sourceLocation) throws {
    #expect(exists(sandbox.output.appendingPathComponent("index.html")), sourceLocation: sourceLocation)
    for (path, texts) in input.outputContains {
        let text = (try? read(sandbox.output.appendingPathComponent(path))) ?? ""
        for expected in texts {
            #expect(text.contains(expected), "\(path) lacks \(expected)\n\(text)", sourceLocation: sourceLocation)
        }
    }
    for path in try files(in: sandbox.output) {
        let text = try read(sandbox.output.appendingPathComponent(path))
        for forbidden in input.outputLacks {
            #expect(!text.contains(forbidden) && !path.contains(forbidden), "\(path) shows \(forbidden)", sourceLocation: sourceLocation)
        }
    }
}

extension HardeningTests {
    @Test(arguments: badInputs)
    func hardeningBadInputOnAFirstBuild(_ input: BadInput) throws {
        let sandbox = try input.sandbox()
        defer { sandbox.remove() }
        let before = try snapshot(sandbox.base, metadata: true)

        // `check` reports the same and writes nothing.
        let check = try sandbox.run(["check", "--root", sandbox.root.path])
        expectDiagnostics(check, input)
        #expect(try snapshot(sandbox.base, metadata: true) == before, "check wrote something")

        let result = try sandbox.build()
        expectDiagnostics(result, input)
        if input.expectedStatus == 0 {
            try expectOutput(sandbox, input)
        } else {
            #expect(!exists(sandbox.output), "a failed first build must not create the output folder")
            #expect(try snapshot(sandbox.base, metadata: true) == before, "a failed build must touch nothing")
        }
    }

    @Test(arguments: badInputs)
    func hardeningBadInputOverAPreviousBuild(_ input: BadInput) throws {
        let sandbox = try input.sandbox()
        defer { sandbox.remove() }
        try buildPreviousGoodOutput(sandbox)
        let before = try snapshot(sandbox.base, metadata: true)

        let result = try sandbox.build()
        expectDiagnostics(result, input)
        if input.expectedStatus == 0 {
            // Warnings only: the new site replaced the previous one whole.
            #expect(!exists(sandbox.output.appendingPathComponent("briefings/2020-02-01-first-program")))
            #expect(exists(sandbox.output.appendingPathComponent(".briefgen")))
            try expectOutput(sandbox, input)
            #expect(folderEntries(of: sandbox.root).allSatisfy { !$0.contains("briefgen-") }, "staging folders left behind: \(folderEntries(of: sandbox.root))")
        } else {
            #expect(try snapshot(sandbox.base, metadata: true) == before, "a failed build must leave the previous output (and everything else) as it was")
        }
    }
}

// MARK: - 2. Safe output: front matter full of markup

private let payload = "\"><script>alert(1)</script>&'"
/// `marker` + the payload as the templates (Mustache) and briefgen's own HTML escaping write it.
private func escaped(_ marker: String) -> String {
    marker + "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;&#39;"
}

extension HardeningTests {
    @Test func hardeningHostileFrontMatterIsEscapedInEveryPageAttributeAndSearchIndex() throws {
        let sandbox = try Sandbox(fixture: "hardening/hostile-front-matter")
        defer { sandbox.remove() }
        let result = try sandbox.build()
        expectCleanExit(result)
        #expect(result.status == 0, "\(result)")
        #expect(diagnosticLines(result, "error").isEmpty && diagnosticLines(result, "warning").isEmpty, "\(result)")
        let output = sandbox.output

        // Nothing anywhere carries the payload unescaped, and no page has a script element, an event
        // attribute, a broken attribute or a dangerous URL.
        let written = try files(in: output)
        for path in written {
            let text = try read(output.appendingPathComponent(path))
            #expect(!text.contains("<script>alert(1)"), "raw payload in \(path)")
            #expect(!text.lowercased().contains("<script"), "a script element in \(path)")
            if path.hasSuffix(".html") {
                let problems = HTMLAudit.problems(in: text, page: path)
                #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
            }
        }

        let briefing = "briefings/2020-01-02-hostile-briefing/index.html"
        let article = "articles/2020-01-01-hostile-article/index.html"
        let entity = "entities/hostile-entity/index.html"
        let tag = "tags/btag-script-alert-1-script/index.html"
        let every = ["index.html", briefing, article, "entities/index.html", entity, "glossary/index.html", tag, "404.html"]
        #expect(written.contains(tag), "the tag page is named from the tag's letters and digits only: \(written)")
        let shownIn: [(marker: String, pages: [String])] = [
            ("SITETITLE", every),
            ("LANG", every),
            ("SITEDESC", ["index.html"]),
            ("BTITLE", ["index.html", briefing, tag, article, entity, "glossary/index.html"]),
            ("BSUMMARY", ["index.html", briefing, tag]),
            ("BAUTHOR", [briefing]),
            ("BTAG", ["index.html", briefing, tag]),
            ("ATITLE", [article, "index.html", briefing]),
            ("AOUTLET", [article, "index.html", briefing]),
            ("ADATELINE", [article]),
            ("AURL", [article]),
            ("ENAME", [entity, "entities/index.html", briefing]),
            ("ESUMMARY", [entity, "entities/index.html"]),
            ("EALIAS", [entity]),
            ("TERM", ["glossary/index.html", briefing]),
            ("TDEF", ["glossary/index.html", briefing]),
            ("TALIAS", ["glossary/index.html"]),
            ("BASEURL", ["404.html"]),
        ]
        for (marker, pages) in shownIn {
            for page in pages {
                #expect(try read(output.appendingPathComponent(page)).contains(escaped(marker)), "\(page) does not show \(marker) escaped")
            }
        }
        // In attributes, whole and quoted.
        func page(_ path: String) throws -> String { try read(output.appendingPathComponent(path)) }
        #expect(try page("index.html").contains("<html lang=\"\(escaped("LANG"))\">"))
        #expect(try page("index.html").contains("<meta name=\"description\" content=\"\(escaped("SITEDESC"))\">"))
        #expect(try page(briefing).contains("<meta name=\"description\" content=\"\(escaped("BSUMMARY"))\">"))
        #expect(try page(entity).contains("<meta name=\"description\" content=\"\(escaped("ESUMMARY"))\">"))
        #expect(try page(briefing).contains("<a class=\"term\" data-term=\"hostile-term\" href=\"../../glossary/#hostile-term\" title=\"\(escaped("TDEF"))\">term</a>"))
        #expect(try page(article).contains("<a href=\"https://example.org/\(escaped("AURL"))\">Original article</a>"))
        #expect(try page("404.html").contains("href=\"https://example.org/\(escaped("BASEURL"))/\""))
        #expect(try page(tag).contains("<title>Tag: \(escaped("BTAG")) · \(escaped("SITETITLE"))</title>"))

        // search.json: valid JSON that cannot close a script element, holding the values exactly.
        let searchData = try Data(contentsOf: output.appendingPathComponent("search.json"))
        #expect(!searchData.contains(UInt8(ascii: "<")) && !searchData.contains(UInt8(ascii: ">")), "raw < or > in search.json")
        let entries = try #require(try JSONSerialization.jsonObject(with: searchData) as? [[String: Any]])
        func entry(_ kind: String) throws -> [String: Any] { try #require(entries.first { $0["kind"] as? String == kind }) }
        #expect(try entry("briefing")["title"] as? String == "BTITLE" + payload)
        #expect(try entry("briefing")["summary"] as? String == "BSUMMARY" + payload)
        #expect(try entry("briefing")["tags"] as? [String] == ["BTAG" + payload])
        #expect(try entry("article")["title"] as? String == "ATITLE" + payload)
        #expect(try entry("article")["summary"] as? String == "AOUTLET\(payload), ADATELINE\(payload)")
        #expect(try entry("entity")["title"] as? String == "ENAME" + payload)
        #expect(try entry("entity")["summary"] as? String == "ESUMMARY" + payload)
        #expect(try entry("entity")["entities"] as? [String] == ["EALIAS" + payload])
        #expect(try entry("term")["title"] as? String == "TERM" + payload)
        #expect(try entry("term")["summary"] as? String == "TDEF" + payload)
        #expect(try entry("term")["terms"] as? [String] == ["TALIAS" + payload])

        // XML outputs (feed.xml, sitemap.xml: base_url is set), when the build writes them, parse.
        #if canImport(FoundationXML) || canImport(Darwin)
        for path in written where path.hasSuffix(".xml") {
            let parser = XMLParser(data: try Data(contentsOf: output.appendingPathComponent(path)))
            #expect(parser.parse(), "\(path) is not well-formed XML: \(String(describing: parser.parserError))")
        }
        #endif
    }

    @Test func hardeningEveryPageOfValidFixturesPassesTheHTMLAudit() throws {
        for fixture in ["hardening/base", "hardening/path-escape", "sites/minimal"] {
            let sandbox = try Sandbox(fixture: fixture)
            defer { sandbox.remove() }
            #expect(try sandbox.build(["--drafts"]).status == 0)
            for path in try files(in: sandbox.output) where path.hasSuffix(".html") {
                let problems = HTMLAudit.problems(in: try read(sandbox.output.appendingPathComponent(path)), page: "\(fixture): \(path)")
                #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
            }
        }
    }
}

// MARK: - 2. Safe output: raw HTML and dangerous links

private let rawBriefing = "briefings/2020-01-02-raw/index.html"

extension HardeningTests {
    @Test func hardeningRawHTMLAndDangerousLinksAreDroppedByDefault() throws {
        let sandbox = try Sandbox(fixture: "hardening/raw-html")
        defer { sandbox.remove() }
        let result = try sandbox.build()
        expectCleanExit(result)
        #expect(result.status == 0, "\(result)")
        for path in try files(in: sandbox.output) {
            let text = try read(sandbox.output.appendingPathComponent(path))
            // (A URL may still show as link text: `<javascript:alert(2)>` reads "javascript:alert(2)".)
            for forbidden in ["<script", "<iframe", "onclick", "onerror", "raw-inline", "raw-block", "=\"javascript:", "=\"vbscript:", "=\"data:text/html", "=\"data:image/svg", "=\"file:"] {
                #expect(!text.lowercased().contains(forbidden.lowercased()), "\(path) contains \(forbidden)")
            }
            if path.hasSuffix(".html") {
                let problems = HTMLAudit.problems(in: text, page: path)
                #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
            }
        }
        let page = try read(sandbox.output.appendingPathComponent(rawBriefing))
        for expected in [
            "<p>Inline <!-- raw HTML omitted -->raw span<!-- raw HTML omitted --> and <!-- raw HTML omitted -->",
            "<a href=\"\">js link</a>", "<a href=\"\">JS upper</a>", "<a href=\"\">vb link</a>", "<a href=\"\">data html</a>",
            "<a href=\"\">encoded js</a>", "<a href=\"\">javascript:alert(2)</a>", "<img src=\"\" alt=\"svg image\" />",
            "<a href=\"\">ref link</a>", "<a href=\"\">file link</a>",
            // What cmark's safe mode keeps.
            "<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"png image\" />", "<a href=\"https://example.org/ok\">fine link</a>",
        ] {
            #expect(page.contains(expected), "\(rawBriefing) lacks \(expected)")
        }
    }

    @Test func hardeningRawHTMLAndDangerousLinksAreKeptWithUnsafeHTML() throws {
        let sandbox = try Sandbox(fixture: "hardening/raw-html")
        defer { sandbox.remove() }
        let siteYml = sandbox.content.appendingPathComponent("site.yml")
        try Data(try read(siteYml).replacingOccurrences(of: "unsafe_html: false", with: "unsafe_html: true").utf8).write(to: siteYml)
        let result = try sandbox.build()
        expectCleanExit(result)
        #expect(result.status == 0, "\(result)")
        let page = try read(sandbox.output.appendingPathComponent(rawBriefing))
        for expected in [
            "<span class=\"raw-inline\">raw span</span>", "<div class=\"raw-block\" onclick=\"alert(1)\">raw block</div>",
            "<script>alert(\"block\")</script>", "<a href=\"javascript:alert(1)\">js link</a>", "<a href=\"vbscript:msgbox(1)\">vb link</a>",
            "<a href=\"data:text/html;base64,PHNjcmlwdD4=\">data html</a>", "<a href=\"javascript:alert(3)\">ref link</a>",
            "src=\"data:image/svg+xml;base64,PHN2Zz4=\"",
        ] {
            #expect(page.contains(expected), "\(rawBriefing) lacks \(expected)")
        }
        #expect(try read(sandbox.output.appendingPathComponent("articles/2020-01-01-raw-article/index.html")).contains("<iframe src=\"https://example.org/frame\"></iframe>"))
        #expect(try read(sandbox.output.appendingPathComponent("entities/raw-entity/index.html")).contains("<img src=x onerror=\"alert(1)\">"))
        #expect(try read(sandbox.output.appendingPathComponent("glossary/index.html")).contains("<script>alert(\"term\")</script>"))
        // The audit is not vacuous: it sees all of this.
        let problems = HTMLAudit.problems(in: page).joined(separator: "\n")
        for kind in ["<script> element", "event attribute onclick", "href with a javascript: URL", "href with a vbscript: URL", "href with a data: URL", "src with a data: URL"] {
            #expect(problems.contains(kind), "the audit missed \(kind):\n\(problems)")
        }
    }

    @Test(arguments: ["javascript:alert(1)", "data:text/html,x", "example.org", "/relative"])
    func hardeningBaseURLOptionMustBeHTTP(_ value: String) throws {
        let sandbox = try Sandbox(fixture: "hardening/base")
        defer { sandbox.remove() }
        let before = try snapshot(sandbox.base, metadata: true)
        let result = try sandbox.build(["--base-url", value])
        expectCleanExit(result)
        #expect(result.status == 64, "\(result)")
        #expect(result.stderr.contains("--base-url") && result.stderr.contains(value), "\(result)")
        #expect(try snapshot(sandbox.base, metadata: true) == before)
        #expect(try sandbox.build(["--base-url", "https://example.org/site/"]).status == 0)
    }
}

// MARK: - 2. Safe output: nothing outside the output folder

extension HardeningTests {
    @Test func hardeningTagsThatLookLikePathsStayInsideTheOutput() throws {
        let sandbox = try Sandbox(fixture: "hardening/path-escape")
        defer { sandbox.remove() }
        let before = Set(try snapshot(sandbox.base).keys)
        let result = try sandbox.build()
        expectCleanExit(result)
        #expect(result.status == 0, "\(result)")
        let added = Set(try snapshot(sandbox.base).keys).subtracting(before)
        #expect(added.allSatisfy { $0 == "site/Public" || $0.hasPrefix("site/Public/") }, "written outside the output: \(added.filter { !$0.hasPrefix("site/Public") }.sorted())")
        #expect(folderEntries(of: sandbox.output.appendingPathComponent("tags")) == ["2e-2e-2fescape", "c-temp", "etc-passwd", "outside", "root", "tags-up", "windows"])
        for path in try files(in: sandbox.output) {
            for component in path.split(separator: "/") {
                #expect(component != ".." && component.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }, "odd path \(path)")
            }
        }
        // The tag's own spelling is still what readers see.
        let page = try read(sandbox.output.appendingPathComponent("briefings/2020-01-02-path-tags/index.html"))
        #expect(page.contains("<a class=\"tag\" href=\"../../tags/outside/index.html\">../../../outside</a>"), "\(page)")
    }
}

// MARK: - 2. Safe output: output folders briefgen must not touch (beyond EndToEndTests' list)

struct HardeningRefusal: Sendable, CustomTestStringConvertible {
    var name: String
    /// Words the refusal must contain.
    var reason: String
    var testDescription: String { name }
}

extension HardeningTests {
    @Test(arguments: [
        HardeningRefusal(name: "a symbolic link to Content", reason: "overlaps Content/"),
        HardeningRefusal(name: "Content written through ..", reason: "overlaps Content/"),
        HardeningRefusal(name: "a folder inside Templates", reason: "overlaps Templates/"),
        HardeningRefusal(name: "a file", reason: "is a file"),
        HardeningRefusal(name: "a folder holding only hidden files", reason: "not empty"),
        HardeningRefusal(name: "the root written as root/.", reason: "site root"),
        HardeningRefusal(name: "the root's grandparent", reason: "site root or a folder around it"),
        HardeningRefusal(name: "the file-system root", reason: "site root or a folder around it"),
    ])
    func hardeningOutputFolderIsRefusedAndNothingIsTouched(_ refusal: HardeningRefusal) throws {
        let sandbox = try Sandbox(fixture: "hardening/base")
        defer { sandbox.remove() }
        let root = sandbox.root
        try sandbox.symlink("ContentLink", to: "Content")
        try sandbox.put("notes.txt", "keep me\n")
        try sandbox.put("Hidden/.keep", "keep me too\n")
        let output: String = switch refusal.name {
        case "a symbolic link to Content": root.appendingPathComponent("ContentLink").path
        case "Content written through ..": root.path + "/Templates/../Content"
        case "a folder inside Templates": root.appendingPathComponent("Templates/assets").path
        case "a file": root.appendingPathComponent("notes.txt").path
        case "a folder holding only hidden files": root.appendingPathComponent("Hidden").path
        case "the root written as root/.": root.path + "/."
        case "the root's grandparent": root.path + "/../.."
        default: "/"
        }
        let before = try snapshot(sandbox.base, metadata: true)
        let result = try sandbox.build(["--output", output])
        expectCleanExit(result)
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("refusing") && result.stderr.contains(refusal.reason), "\(result)")
        #expect(try snapshot(sandbox.base, metadata: true) == before, "a refused build must touch nothing")
    }
}

// MARK: - 2. Safe output: a write that fails half-way

/// A briefing whose page is far larger than the 32 KB the shell's `ulimit -f 64` allows.
private let longBriefing = "---\ntitle: \"A long briefing\"\ndate: 2020-02-02\n---\n\n"
    + (1...3000).map { "Paragraph \($0) of a long briefing, long enough to pass the file-size limit." }.joined(separator: "\n\n") + "\n"

extension HardeningTests {
    @Test func hardeningFailedWriteLeavesThePreviousOutputByteIdentical() throws {
        let sandbox = try Sandbox(fixture: "hardening/base")
        defer { sandbox.remove() }
        #expect(try sandbox.build().status == 0)
        let before = try snapshot(sandbox.output, metadata: true)
        let rootEntries = folderEntries(of: sandbox.root)
        try sandbox.put("Content/briefings/2020-02-02-long.md", longBriefing)

        let run = try sandbox.buildUnderShell("ulimit -f 64")
        expectCleanExit(run.result)
        #expect(run.result.status == 1, "\(run)")
        #expect(run.result.stderr.contains("Public: error: build not written: cannot write"), "\(run)")
        #expect(try snapshot(sandbox.output, metadata: true) == before, "the previous output changed")
        #expect(folderEntries(of: sandbox.root) == rootEntries, "staging or old folders left behind")

        // Without the limit the same site builds.
        #expect(try sandbox.build().status == 0)
        #expect(exists(sandbox.output.appendingPathComponent("briefings/2020-02-02-long/index.html")))
    }

    @Test func hardeningFailedFirstWriteCreatesNoOutput() throws {
        let sandbox = try Sandbox(fixture: "hardening/base")
        defer { sandbox.remove() }
        try sandbox.put("Content/briefings/2020-02-02-long.md", longBriefing)
        let rootEntries = folderEntries(of: sandbox.root)
        let run = try sandbox.buildUnderShell("ulimit -f 64")
        expectCleanExit(run.result)
        #expect(run.result.status == 1, "\(run)")
        #expect(!exists(sandbox.output))
        #expect(folderEntries(of: sandbox.root) == rootEntries, "staging folders left behind")
    }

    @Test func hardeningFailedFirstWriteRemovesTheFoldersItCreatedAroundTheOutput() throws {
        let sandbox = try Sandbox(fixture: "hardening/base")
        defer { sandbox.remove() }
        try sandbox.put("Content/briefings/2020-02-02-long.md", longBriefing)
        let baseEntries = folderEntries(of: sandbox.base)
        let output = sandbox.base.appendingPathComponent("new/deeper/Public")
        let run = try sandbox.buildUnderShell("ulimit -f 64", ["--output", output.path])
        expectCleanExit(run.result)
        #expect(run.result.status == 1, "\(run)")
        #expect(!exists(sandbox.base.appendingPathComponent("new")), "the folders made for the output were left behind")
        #expect(folderEntries(of: sandbox.base) == baseEntries)
        // Without the limit, the folders are made and the site written.
        #expect(try sandbox.build(["--output", output.path]).status == 0)
        #expect(exists(output.appendingPathComponent("index.html")))
    }

    /// Permissions do not stop root, so this runs only for other users.
    @Test(.enabled(if: geteuid() != 0, "root ignores folder permissions"))
    func hardeningReadOnlyOutputParentLeavesThePreviousOutputAlone() throws {
        let sandbox = try Sandbox(fixture: "hardening/base")
        defer {
            chmod(sandbox.root.path, 0o755)
            sandbox.remove()
        }
        #expect(try sandbox.build().status == 0)
        let before = try snapshot(sandbox.output, metadata: true)
        try sandbox.put("Content/briefings/2020-02-02-long.md", longBriefing)
        chmod(sandbox.root.path, 0o555)
        let result = try sandbox.build()
        chmod(sandbox.root.path, 0o755)
        expectCleanExit(result)
        #expect(result.status == 1, "\(result)")
        #expect(try snapshot(sandbox.output, metadata: true) == before)
    }
}

// MARK: - 2. Scale

private let syllables = ["ka", "lo", "mi", "ren", "to", "sa", "vu", "ne", "po", "li", "za", "qui"]

/// A distinct made-up word for every number below 12⁴.
private func word(_ number: Int) -> String {
    var rest = number
    var text = ""
    for _ in 0..<4 {
        text += syllables[rest % 12]
        rest /= 12
    }
    return text
}

private func capitalised(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }

/// An empty site root with the real templates and `siteYml`.
private func generatedSite(_ siteYml: String) throws -> Sandbox {
    let sandbox = try Sandbox()
    try FileManager.default.createDirectory(at: sandbox.root, withIntermediateDirectories: true)
    try FileManager.default.copyItem(at: Paths.templates, to: sandbox.root.appendingPathComponent("Templates"))
    try sandbox.put("Content/site.yml", siteYml)
    return sandbox
}

/// Occurrences of `needle` in `data`, by a plain byte scan (Data.range(of:in:) copies on Linux,
/// which makes repeated searches of a 36 MB page quadratic).
private func count(_ needle: String, in data: Data) -> Int {
    let pattern = Array(needle.utf8)
    guard let first = pattern.first else { return 0 }
    return data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Int in
        let bytes = buffer.bindMemory(to: UInt8.self)
        var found = 0
        var index = 0
        let last = bytes.count - pattern.count
        while index <= last {
            if bytes[index] == first {
                var matched = 1
                while matched < pattern.count && bytes[index + matched] == pattern[matched] { matched += 1 }
                if matched == pattern.count {
                    found += 1
                    index += pattern.count
                    continue
                }
            }
            index += 1
        }
        return found
    }
}

/// A debug build of either large site takes well under a minute on two cores; past this limit
/// the run is killed and the test fails (rather than holding up the whole suite).
private let largeBuildLimit: Double = 150

extension HardeningTests {
    @Test func hardeningTenMegabyteBriefingBuilds() throws {
        let sandbox = try generatedSite("title: \"A very long briefing\"\nlink_mentions: all\n")
        defer { finish(sandbox, "10 MB briefing") }
        let paragraphs = (0..<200).map { "Paragraph \($0) of the source: the minister for trade number \($0) said the negotiations would resume after the holiday season." }
        try sandbox.put("Content/articles/2020-01-01-source.md", "---\ntitle: \"The source\"\ndate: 2020-01-01\n---\n\n" + paragraphs.joined(separator: "\n\n") + "\n")
        for person in 0..<20 {
            try sandbox.put("Content/entities/person-\(person).md", "---\nname: Person\(person) Surname\nkind: person\naliases: [Surname\(person)]\n---\n\nAbout person \(person).\n")
        }
        try sandbox.put("Content/glossary/negotiations.md", "---\nterm: negotiations\ndefinition: \"Talks meant to reach an agreement.\"\n---\n")
        var body = "---\ntitle: \"Ten megabytes\"\ndate: 2020-01-02\nsources: [2020-01-01-source]\n---\n\n"
        var number = 0
        while body.utf8.count < 10 * 1024 * 1024 {
            let source = number % 200
            if number % 10 == 0 {
                body += "> \(paragraphs[source])\n\n"
            } else {
                body += "Person\(number % 20) Surname met Surname\((number + 3) % 20) about the negotiations; as reported, \"the minister for trade number \(source) said the negotiations would resume\" and everyone agreed, more or less, in paragraph \(number).\n\n"
            }
            number += 1
        }
        try sandbox.put("Content/briefings/2020-01-02-ten-megabytes.md", body)

        let run = try sandbox.runTimed(["build", "--root", sandbox.root.path], limit: largeBuildLimit)
        print("[hardening] 10 MB briefing (\(number) paragraphs): built in \(String(format: "%.1f", run.seconds)) s\(run.timedOut ? " (TIMED OUT)" : "")")
        #expect(!run.timedOut, "a 10 MB briefing did not build within \(Int(largeBuildLimit)) s")
        guard !run.timedOut else { return }
        expectCleanExit(run.result)
        #expect(run.result.status == 0, "\(run)")
        let page = try Data(contentsOf: sandbox.output.appendingPathComponent("briefings/2020-01-02-ten-megabytes/index.html"))
        #expect(page.count > 10 * 1024 * 1024)
        #expect(count("<blockquote data-quote-source=\"2020-01-01-source\"", in: page) == (number + 9) / 10)
        #expect(count("<a class=\"entity\" data-entity=\"person-", in: page) >= number - number / 10)
        #expect(count("<a class=\"term\" data-term=\"negotiations\"", in: page) >= number)
        let person = try read(sandbox.output.appendingPathComponent("entities/person-3/index.html"))
        #expect(person.contains("<mark>Person3 Surname</mark> met Surname6 about the negotiations"))
        let article = try read(sandbox.output.appendingPathComponent("articles/2020-01-01-source/index.html"))
        #expect(article.contains("<p id=\"p200\">"))
        #expect(article.contains("<mark class=\"quoted\""))
    }

    @Test func hardeningFiveThousandEntitiesAndFiveThousandTermsBuild() throws {
        let sandbox = try generatedSite("title: \"A large glossary\"\n")
        defer { finish(sandbox, "5,000 entities + 5,000 terms") }
        let count5000 = 5000
        func name(_ number: Int) -> String { "\(capitalised(word(number))) \(capitalised(word(number + 7)))" }
        func pad(_ number: Int) -> String { String(repeating: "0", count: 4 - String(number).count) + String(number) }
        for number in 0..<count5000 {
            try sandbox.put("Content/entities/entity-\(pad(number)).md",
                            "---\nname: \(name(number))\nkind: person\naliases: [Alias\(pad(number))]\nsummary: \"Entity number \(number).\"\n---\n\n\(name(number)) knows \(name((number + 1) % count5000)).\n")
            try sandbox.put("Content/glossary/term-\(pad(number)).md",
                            "---\nterm: term\(pad(number))x\naliases: [abbr\(pad(number))]\ndefinition: \"Definition of term \(number).\"\n---\n\nSee also term\(pad((number + 1) % count5000))x.\n")
        }
        for briefing in 0..<20 {
            let paragraphs = (0..<100).map { paragraph -> String in
                let number = (briefing * 250 + paragraph * 3) % count5000
                return "\(name(number)) discussed term\(pad(number))x with Alias\(pad((number + 1) % count5000)), citing abbr\(pad((number + 2) % count5000))."
            }
            try sandbox.put("Content/briefings/2020-01-\(pad(briefing + 1).suffix(2))-briefing.md",
                            "---\ntitle: \"Briefing \(briefing)\"\ndate: 2020-01-\(pad(briefing + 1).suffix(2))\n---\n\n" + paragraphs.joined(separator: "\n\n") + "\n")
        }

        let run = try sandbox.runTimed(["build", "--root", sandbox.root.path], limit: largeBuildLimit)
        print("[hardening] 5,000 entities + 5,000 terms + 20 briefings: built in \(String(format: "%.1f", run.seconds)) s\(run.timedOut ? " (TIMED OUT)" : "")")
        #expect(!run.timedOut, "the large glossary did not build within \(Int(largeBuildLimit)) s")
        guard !run.timedOut else { return }
        expectCleanExit(run.result)
        #expect(run.result.status == 0, "\(run)")
        #expect(diagnosticLines(run.result, "warning").isEmpty, "\(run)")
        let output = sandbox.output
        #expect(folderEntries(of: output.appendingPathComponent("entities")).count == count5000 + 1)
        let glossary = try Data(contentsOf: output.appendingPathComponent("glossary/index.html"))
        #expect(count("<section class=\"glossary-term\" id=\"term-", in: glossary) == count5000)
        let entities = try Data(contentsOf: output.appendingPathComponent("entities/index.html"))
        #expect(count("<li><a href=\"../entities/entity-", in: entities) == count5000)
        let briefing = try read(output.appendingPathComponent("briefings/2020-01-01-briefing/index.html"))
        #expect(briefing.contains("<a class=\"entity\" data-entity=\"entity-0000\" href=\"../../entities/entity-0000/\">\(name(0))</a> discussed "))
        #expect(briefing.contains("<a class=\"term\" data-term=\"term-0000\" href=\"../../glossary/#term-0000\" title=\"Definition of term 0.\">term0000x</a>"))
        #expect(briefing.contains("<a class=\"entity\" data-entity=\"entity-0001\" href=\"../../entities/entity-0001/\">Alias0001</a>"))
        #expect(briefing.contains("<a class=\"term\" data-term=\"term-0002\" href=\"../../glossary/#term-0002\" title=\"Definition of term 2.\">abbr0002</a>"))
        let entity = try read(output.appendingPathComponent("entities/entity-0001/index.html"))
        #expect(entity.contains("<mark>Alias0001</mark>"), "entity-0001 lists no mention")
        let search = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: output.appendingPathComponent("search.json"))) as? [[String: Any]])
        #expect(search.count == 2 * count5000 + 20)
    }
}
