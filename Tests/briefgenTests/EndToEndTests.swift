import Foundation
import Testing

// End to end: the real `briefgen` executable on copies of the example site and of the fixture
// sites under Tests/Fixtures/ (SPEC §5, §6, §7). Each test works in its own temporary folder.

/// A run ended through exit(), never through a signal, and with no status a shell would read as one.
private func expectNoCrash(_ result: RunResult, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(result.exitedNormally, "briefgen was killed by a signal\n\(result)", sourceLocation: sourceLocation)
    #expect(result.status < 128, "\(result)", sourceLocation: sourceLocation)
}

/// The lines of standard error that are diagnostics (`PATH…: error: …`).
private func errorLines(_ result: RunResult) -> [String] {
    result.stderrLines.filter { $0.contains(": error: ") }
}

private func slugs(in folder: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder.path)
        .filter { $0.hasSuffix(".md") }.map { String($0.dropLast(3)) }.sorted()
}

/// The tags written as `tags: [a, b]` in the example's briefings.
private func exampleTags() throws -> Set<String> {
    var tags: Set<String> = []
    let folder = Paths.exampleContent.appendingPathComponent("briefings")
    for slug in try slugs(in: folder) {
        for line in try read(folder.appendingPathComponent(slug + ".md")).split(separator: "\n") where line.hasPrefix("tags: [") {
            tags.formUnion(line.dropFirst("tags: [".count).dropLast().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        }
    }
    return tags
}

// MARK: - (a) The repository's example site

@Test func exampleSiteBuildsEveryPageTheSpecLists() throws {
    let sandbox = try Sandbox.example()
    defer { sandbox.remove() }
    let result = try sandbox.build()
    expectNoCrash(result)
    #expect(result.status == 0, "\(result)")
    #expect(errorLines(result).isEmpty, "\(result)")

    let content = sandbox.content
    var expected = ["index.html", "404.html", "assets/style.css", "search.json", "entities/index.html", "glossary/index.html"]
    expected += try slugs(in: content.appendingPathComponent("briefings")).map { "briefings/\($0)/index.html" }
    expected += try slugs(in: content.appendingPathComponent("articles")).map { "articles/\($0)/index.html" }
    expected += try slugs(in: content.appendingPathComponent("entities")).map { "entities/\($0)/index.html" }
    expected += try exampleTags().map { "tags/\($0)/index.html" }
    let written = Set(try files(in: sandbox.output))
    for path in expected {
        #expect(written.contains(path), "missing \(path)")
    }
    #expect(exists(sandbox.output.appendingPathComponent(".briefgen")))

    let glossary = try read(sandbox.output.appendingPathComponent("glossary/index.html"))
    for slug in try slugs(in: content.appendingPathComponent("glossary")) {
        #expect(SiteLinks.ids(in: glossary).contains(slug), "glossary/index.html has no id=\"\(slug)\"")
    }
}

@Test func exampleContentPagesCarryTheirBodyInADataBodyElement() throws {
    let sandbox = try Sandbox.example()
    defer { sandbox.remove() }
    #expect(try sandbox.build().status == 0)
    let site = try SiteLinks(output: sandbox.output)
    let contentPages = site.pages.filter {
        $0.hasPrefix("briefings/") || $0.hasPrefix("articles/") || ($0.hasPrefix("entities/") && $0 != "entities/index.html") || $0 == "glossary/index.html"
    }
    #expect(contentPages.count >= 10)
    for page in contentPages {
        #expect(site.text(of: page).contains(" data-body"), "\(page) has no data-body element")
    }
}

@Test func exampleLinksAreRelativeAndAllResolve() throws {
    let sandbox = try Sandbox.example()
    defer { sandbox.remove() }
    #expect(try sandbox.build().status == 0)
    let site = try SiteLinks(output: sandbox.output)
    #expect(site.pages.count > 20)
    let problems = site.problems()
    #expect(problems.isEmpty, "\(problems.count) broken or absolute links:\n\(problems.prefix(40).joined(separator: "\n"))")
    // Annotations are among the links checked.
    #expect(site.pages.contains { site.text(of: $0).contains("<a class=\"entity\" data-entity=") })
    #expect(site.pages.contains { site.text(of: $0).contains("<a class=\"term\" data-term=") })
}

@Test func exampleEveryPageIsReachableFromTheIndex() throws {
    let sandbox = try Sandbox.example()
    defer { sandbox.remove() }
    #expect(try sandbox.build().status == 0)
    let site = try SiteLinks(output: sandbox.output)
    let unreachable = Set(site.pages).subtracting(site.reachable(from: "index.html")).subtracting(["404.html"])
    #expect(unreachable.isEmpty, "not reachable from index.html: \(unreachable.sorted())")
}

@Test func exampleSearchIndexIsValidJSONPointingAtPages() throws {
    let sandbox = try Sandbox.example()
    defer { sandbox.remove() }
    #expect(try sandbox.build().status == 0)
    let data = try Data(contentsOf: sandbox.output.appendingPathComponent("search.json"))
    let entries = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
    let counts = try ["briefings", "articles", "entities", "glossary"].map { try slugs(in: sandbox.content.appendingPathComponent($0)).count }
    #expect(entries.count == counts.reduce(0, +))
    for entry in entries {
        let title = entry["title"] as? String ?? ""
        let url = try #require(entry["url"] as? String, "entry without url: \(entry)")
        #expect(!title.isEmpty && entry["kind"] is String, "\(entry)")
        #expect(!url.hasPrefix("/") && !SiteLinks.isExternal(url), "search URLs are relative to the site root: \(url)")
        let target = try #require(SiteLinks.resolve(url, from: "index.html"))
        #expect(exists(sandbox.output.appendingPathComponent(target.file)), "search.json points at a missing page: \(url)")
    }
    let kinds = Set(entries.compactMap { $0["kind"] as? String })
    #expect(kinds == ["briefing", "article", "entity", "term"])
}

@Test func example404PageIsSelfContained() throws {
    let sandbox = try Sandbox.example()
    defer { sandbox.remove() }
    #expect(try sandbox.build().status == 0)
    let page = try read(sandbox.output.appendingPathComponent("404.html"))
    #expect(page.contains("<style>"))
    #expect(!page.contains("rel=\"stylesheet\""))
    #expect(!page.contains("<script src="))
}

@Test func baseURLFlagMakes404LinkHomeThroughIt() throws {
    let sandbox = try Sandbox.example()
    defer { sandbox.remove() }
    let result = try sandbox.build(["--base-url", "https://example.org/briefings"])
    expectNoCrash(result)
    #expect(result.status == 0, "\(result)")
    let page = try read(sandbox.output.appendingPathComponent("404.html"))
    #expect(page.contains("href=\"https://example.org/briefings/\""))
}

@Test func outputNamesNoPathOfTheMachineItWasBuiltOn() throws {
    let sandbox = try Sandbox.example()
    defer { sandbox.remove() }
    #expect(try sandbox.build().status == 0)
    for path in try files(in: sandbox.output) where !path.hasPrefix(".briefgen/") {
        #expect(!(try read(sandbox.output.appendingPathComponent(path))).contains(sandbox.base.path), "\(path) names the build folder")
    }
}

// MARK: - (b) Determinism

@Test func twoBuildsAreByteIdentical() throws {
    let first = try Sandbox.example()
    let second = try Sandbox.example()
    defer {
        first.remove()
        second.remove()
    }
    #expect(try first.build().status == 0)
    let once = try snapshot(first.output)
    #expect(try first.build().status == 0)
    #expect(try snapshot(first.output) == once, "rebuilding the same root changed the output")
    #expect(try second.build().status == 0)
    #expect(try snapshot(second.output) == once, "a build in another folder differs")
}

// MARK: - (c) A minimal site with its own entities and glossary

@Test func minimalSiteAnnotatesMentionsWithTheStableHTMLShape() throws {
    let sandbox = try Sandbox(fixture: "sites/minimal")
    defer { sandbox.remove() }
    let result = try sandbox.build()
    expectNoCrash(result)
    #expect(result.status == 0, "\(result)")
    let page = try read(sandbox.output.appendingPathComponent("briefings/2020-02-01-first-program/index.html"))
    let paragraph = """
        <div class="prose" data-body><p><a class="entity" data-entity="ada-lovelace" href="../../entities/ada-lovelace/">Ada Lovelace</a> \
        wrote an <a class="term" data-term="algorithm" href="../../glossary/#algorithm" title="A finite sequence of steps &amp; rules, &quot;precisely&quot; stated.">algorithm</a> \
        for the <a class="entity" data-entity="analytical-engine" href="../../entities/analytical-engine/">Analytical Engine</a>. \
        Later, Lovelace described it again.</p>
        <h2>Ada Lovelace in a heading</h2>
        <p>Some <code>Ada Lovelace</code> code, and <a class="entity" data-entity="analytical-engine" href="../../entities/analytical-engine/">the engine</a> \
        once more, from <a href="../../articles/1843-sketch-notes/">the notes</a>.</p>
        </div>
        """
    #expect(page.contains(paragraph), "briefing body differs:\n\(page)")
}

@Test func minimalSiteEntityPageListsMentioningPagesWithTheSentence() throws {
    let sandbox = try Sandbox(fixture: "sites/minimal")
    defer { sandbox.remove() }
    #expect(try sandbox.build().status == 0)
    let page = try read(sandbox.output.appendingPathComponent("entities/ada-lovelace/index.html"))
    #expect(page.contains("<a href=\"../../briefings/2020-02-01-first-program/index.html\">The first program</a>"), "\(page)")
    #expect(page.contains("<li><mark>Ada Lovelace</mark> wrote an algorithm for the Analytical Engine.</li>"), "\(page)")
    #expect(page.contains("<a href=\"../../articles/1843-sketch-notes/index.html\">Sketch of the Analytical Engine, with notes</a>"), "\(page)")
    #expect(page.contains("<li><mark>Ada Lovelace</mark> signed them with her initials.</li>"), "\(page)")
    // The entity's own page does not link to itself.
    #expect(page.contains("<div class=\"prose\" data-body><p>Ada Lovelace translated Menabrea’s paper on the <a class=\"entity\" data-entity=\"analytical-engine\" href=\"../../entities/analytical-engine/\">Analytical Engine</a> and added her own notes.</p>"), "\(page)")
    #expect(!page.contains("data-entity=\"ada-lovelace\""))

    let engine = try read(sandbox.output.appendingPathComponent("entities/analytical-engine/index.html"))
    #expect(engine.contains("<li>Some Ada Lovelace code, and <mark>the engine</mark> once more, from the notes.</li>"), "\(engine)")
}

@Test func minimalSiteGlossaryHasAnchorsDefinitionsAndUses() throws {
    let sandbox = try Sandbox(fixture: "sites/minimal")
    defer { sandbox.remove() }
    #expect(try sandbox.build().status == 0)
    let page = try read(sandbox.output.appendingPathComponent("glossary/index.html"))
    #expect(page.contains("<section class=\"glossary-term\" id=\"algorithm\">"))
    #expect(page.contains("A finite sequence of steps &amp; rules, &quot;precisely&quot; stated."))
    #expect(page.contains("<a href=\"../briefings/2020-02-01-first-program/index.html\">The first program</a>"))
    let problems = try SiteLinks(output: sandbox.output).problems()
    #expect(problems.isEmpty, "\(problems)")
}

@Test func minimalSiteArticleNumbersItsParagraphs() throws {
    let sandbox = try Sandbox(fixture: "sites/minimal")
    defer { sandbox.remove() }
    #expect(try sandbox.build().status == 0)
    let page = try read(sandbox.output.appendingPathComponent("articles/1843-sketch-notes/index.html"))
    #expect(page.contains("<p id=\"p1\">The notes describe how the engine could compute Bernoulli numbers.</p>"))
    #expect(page.contains("<p id=\"p2\"><a class=\"entity\" data-entity=\"ada-lovelace\""))
}

// MARK: - (d) Drafts

private let draftMarker = "zanzibar"

@Test func draftAppearsNowhereWithoutTheDraftsFlag() throws {
    let sandbox = try Sandbox(fixture: "sites/minimal")
    defer { sandbox.remove() }
    let result = try sandbox.build()
    #expect(result.status == 0, "\(result)")
    #expect(!exists(sandbox.output.appendingPathComponent("briefings/2020-03-01-secret-draft")))
    #expect(!exists(sandbox.output.appendingPathComponent("tags/zanzibar-tag")))
    for path in try files(in: sandbox.output) {
        let text = try read(sandbox.output.appendingPathComponent(path)).lowercased()
        #expect(!text.contains(draftMarker), "the draft shows up in \(path)")
        #expect(!text.contains("secret-draft"), "the draft shows up in \(path)")
    }
}

@Test func draftAppearsEverywhereWithTheDraftsFlag() throws {
    let sandbox = try Sandbox(fixture: "sites/minimal")
    defer { sandbox.remove() }
    let result = try sandbox.build(["--drafts"])
    #expect(result.status == 0, "\(result)")
    let output = sandbox.output
    #expect(exists(output.appendingPathComponent("briefings/2020-03-01-secret-draft/index.html")))
    #expect(try read(output.appendingPathComponent("index.html")).contains("Zanzibar draft plan"))
    #expect(try read(output.appendingPathComponent("tags/zanzibar-tag/index.html")).contains("Zanzibar draft plan"))
    #expect(try read(output.appendingPathComponent("tags/history/index.html")).contains("Zanzibar draft plan"))
    #expect(try read(output.appendingPathComponent("entities/ada-lovelace/index.html")).contains("<mark>Ada Lovelace</mark> kept a zanzibar notebook of algorithms."))
    #expect(try read(output.appendingPathComponent("glossary/index.html")).contains("Zanzibar draft plan"))
    let search = try JSONSerialization.jsonObject(with: Data(contentsOf: output.appendingPathComponent("search.json"))) as? [[String: Any]] ?? []
    #expect(search.contains { $0["url"] as? String == "briefings/2020-03-01-secret-draft/" })
    #expect(try SiteLinks(output: output).problems().isEmpty)
}

@Test func draftsAreNewestFirstInTheIndexWhenIncluded() throws {
    let sandbox = try Sandbox(fixture: "sites/minimal")
    defer { sandbox.remove() }
    #expect(try sandbox.build(["--drafts"]).status == 0)
    let index = try read(sandbox.output.appendingPathComponent("index.html"))
    let order = ["Zanzibar draft plan", "The first program", "Designing the engine"].map { index.range(of: $0)?.lowerBound }
    #expect(order.allSatisfy { $0 != nil })
    #expect(order.compactMap { $0 } == order.compactMap { $0 }.sorted())
}

// MARK: - (e) Invalid sites

struct InvalidCase: Sendable, CustomTestStringConvertible {
    /// The folder under Tests/Fixtures/invalid/.
    var name: String
    /// Each expected diagnostic as the start of a line of standard error.
    var expected: [String]
    var testDescription: String { name }
}

private let invalidCases = [
    InvalidCase(name: "bad-yaml", expected: ["Content/briefings/2020-01-02-bad-yaml.md:3:14: error: invalid YAML: mapping values are not allowed"]),
    InvalidCase(name: "missing-title", expected: ["Content/briefings/2020-01-02-no-title.md:1:1: error: missing required key 'title'"]),
    InvalidCase(name: "unknown-source", expected: ["Content/briefings/2020-01-02-cites-nothing.md:4:36: error: unknown source '2020-01-01-no-such-article'"]),
    InvalidCase(name: "unknown-entity-link", expected: ["Content/briefings/2020-01-02-bad-link.md:8:6: error: unknown entity 'nobody'"]),
    InvalidCase(name: "bad-slug", expected: ["Content/briefings/Bad_Slug.md: error: invalid file name 'Bad_Slug'"]),
    InvalidCase(name: "bad-date", expected: ["Content/briefings/2020-01-02-bad-date.md:3:7: error: 'date' must be a date written YYYY-MM-DD, not '2019-02-30'"]),
    InvalidCase(name: "invalid-utf8", expected: ["Content/briefings/2020-01-02-latin1.md:6:6: error: invalid UTF-8"]),
    InvalidCase(name: "missing-site-title", expected: ["Content/site.yml:1:1: error: missing required key 'title'"]),
    InvalidCase(name: "several-errors", expected: [
        "Content/briefings/2020-01-02-two-problems.md:3:7: error: 'date' must be a date written YYYY-MM-DD, not '2020-1-2'",
        "Content/briefings/2020-01-03-bad-term.md:6:4: error: unknown glossary term 'no-such-term'",
    ]),
    InvalidCase(name: "template-syntax-error", expected: ["Templates/tag.mustache:5:11: error: template syntax error"]),
    InvalidCase(name: "missing-partial", expected: ["Templates/partials/footer.mustache:4:1: error: unknown partial 'partials/colophon'"]),
]

/// Checks a failed run against the case: status 1, each expected diagnostic, and no other error.
private func expectFailure(_ result: RunResult, _ example: InvalidCase, sourceLocation: SourceLocation = #_sourceLocation) {
    expectNoCrash(result, sourceLocation: sourceLocation)
    #expect(result.status == 1, "\(result)", sourceLocation: sourceLocation)
    for line in example.expected {
        #expect(result.stderrLines.contains { $0.hasPrefix(line) }, "expected a line starting \(line)\n\(result)", sourceLocation: sourceLocation)
    }
    #expect(errorLines(result).count == example.expected.count, "one error per problem expected\n\(result)", sourceLocation: sourceLocation)
}

@Test(arguments: invalidCases)
func invalidSiteFailsWithALocatedErrorAndCreatesNoOutput(_ example: InvalidCase) throws {
    let sandbox = try Sandbox(fixture: "invalid/\(example.name)")
    defer { sandbox.remove() }
    let before = try snapshot(sandbox.base, metadata: true)
    let result = try sandbox.build()
    expectFailure(result, example)
    #expect(!exists(sandbox.output), "a failed first build must not create the output folder")
    #expect(try snapshot(sandbox.base, metadata: true) == before, "a failed build must touch nothing")
}

@Test(arguments: invalidCases)
func invalidSiteLeavesThePreviousOutputByteIdentical(_ example: InvalidCase) throws {
    let sandbox = try Sandbox(fixture: "invalid/\(example.name)")
    defer { sandbox.remove() }
    // A good build first, from good sources kept beside the broken ones in the same root.
    let goodContent = sandbox.root.appendingPathComponent("GoodContent")
    let goodTemplates = sandbox.root.appendingPathComponent("GoodTemplates")
    try FileManager.default.copyItem(at: Paths.fixtures.appendingPathComponent("sites/minimal/Content"), to: goodContent)
    try FileManager.default.copyItem(at: Paths.templates, to: goodTemplates)
    let good = try sandbox.build(["--content", goodContent.path, "--templates", goodTemplates.path])
    #expect(good.status == 0, "\(good)")
    #expect(exists(sandbox.output.appendingPathComponent("index.html")))

    let before = try snapshot(sandbox.base, metadata: true)
    expectFailure(try sandbox.build(), example)
    #expect(try snapshot(sandbox.base, metadata: true) == before, "a failed build must leave the previous output (and everything else) as it was")
}

@Test func diagnosticPathsAreRelativeToTheRootWhateverTheCurrentFolder() throws {
    let sandbox = try Sandbox(fixture: "invalid/bad-date")
    defer { sandbox.remove() }
    // Run from the file-system root: the paths printed still start at the site root.
    let result = try sandbox.run(["build", "--root", sandbox.root.path], currentDirectory: URL(fileURLWithPath: "/"))
    #expect(result.stderrLines.contains { $0.hasPrefix("Content/briefings/2020-01-02-bad-date.md:3:7: error: ") }, "\(result)")
}

@Test func warningsAloneDoNotFailTheBuild() throws {
    let sandbox = try Sandbox(fixture: "sites/minimal")
    defer { sandbox.remove() }
    let file = sandbox.content.appendingPathComponent("entities/analytical-engine.md")
    try Data(try read(file).replacingOccurrences(of: "kind: other\n", with: "kind: other\ninventor: Babbage\n").utf8).write(to: file)
    let result = try sandbox.build()
    expectNoCrash(result)
    #expect(result.status == 0, "\(result)")
    #expect(result.stderrLines.contains { $0.hasPrefix("Content/entities/analytical-engine.md:4:1: warning: unknown key 'inventor'") }, "\(result)")
    #expect(exists(sandbox.output.appendingPathComponent("index.html")))
}

// MARK: - (f) check

@Test func checkOfAValidSiteExitsZeroAndWritesNothing() throws {
    let sandbox = try Sandbox(fixture: "sites/minimal")
    defer { sandbox.remove() }
    let before = try snapshot(sandbox.base, metadata: true)
    let result = try sandbox.run(["check", "--root", sandbox.root.path])
    expectNoCrash(result)
    #expect(result.status == 0, "\(result)")
    #expect(try snapshot(sandbox.base, metadata: true) == before)
    #expect(!exists(sandbox.output))
}

@Test(arguments: invalidCases)
func checkOfAnInvalidSiteExitsOneAndWritesNothing(_ example: InvalidCase) throws {
    let sandbox = try Sandbox(fixture: "invalid/\(example.name)")
    defer { sandbox.remove() }
    let before = try snapshot(sandbox.base, metadata: true)
    expectFailure(try sandbox.run(["check", "--root", sandbox.root.path]), example)
    #expect(try snapshot(sandbox.base, metadata: true) == before)
}

@Test func checkLeavesAnExistingOutputAlone() throws {
    let sandbox = try Sandbox(fixture: "sites/minimal")
    defer { sandbox.remove() }
    #expect(try sandbox.build().status == 0)
    let before = try snapshot(sandbox.base, metadata: true)
    #expect(try sandbox.run(["check", "--root", sandbox.root.path, "--drafts"]).status == 0)
    #expect(try snapshot(sandbox.base, metadata: true) == before)
}

// MARK: - (g) Usage errors

@Test(arguments: [["build", "--no-such-flag"], ["frobnicate"], ["build", "--root"], ["check", "extra-argument"]])
func usageErrorExitsSixtyFour(_ arguments: [String]) throws {
    let sandbox = try Sandbox()
    defer { sandbox.remove() }
    let result = try sandbox.run(arguments)
    expectNoCrash(result)
    #expect(result.status == 64, "\(result)")
    #expect(!result.stderr.isEmpty)
    #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.base.path).isEmpty, "a usage error writes nothing")
}

@Test func quietPrintsNothingOnSuccess() throws {
    let sandbox = try Sandbox(fixture: "sites/minimal")
    defer { sandbox.remove() }
    let result = try sandbox.build(["--quiet"])
    #expect(result.status == 0, "\(result)")
    #expect(result.stdout.isEmpty && result.stderr.isEmpty, "\(result)")
}

// MARK: - (h) Refusing an output folder briefgen does not own

struct RefusedOutput: Sendable, CustomTestStringConvertible {
    var name: String
    /// The --output value, relative to the site root ("" for the root itself).
    var relative: String
    var testDescription: String { name }
}

@Test(arguments: [
    RefusedOutput(name: "the Content folder", relative: "Content"),
    RefusedOutput(name: "a folder inside Content", relative: "Content/briefings"),
    RefusedOutput(name: "the Templates folder", relative: "Templates"),
    RefusedOutput(name: "the root", relative: ""),
    RefusedOutput(name: "the root's parent", relative: ".."),
    RefusedOutput(name: "a non-empty folder without the marker", relative: "Notes"),
])
func outputFolderIsRefusedAndNothingIsTouched(_ refused: RefusedOutput) throws {
    let sandbox = try Sandbox(fixture: "sites/minimal")
    defer { sandbox.remove() }
    try FileManager.default.createDirectory(at: sandbox.root.appendingPathComponent("Notes"), withIntermediateDirectories: true)
    try Data("keep me\n".utf8).write(to: sandbox.root.appendingPathComponent("Notes/todo.txt"))
    let output = refused.relative.isEmpty ? sandbox.root : sandbox.root.appendingPathComponent(refused.relative)
    let before = try snapshot(sandbox.base, metadata: true)
    let result = try sandbox.build(["--output", output.path])
    expectNoCrash(result)
    #expect(result.status == 1, "\(result)")
    #expect(result.stderr.contains("refusing"), "\(result)")
    #expect(try snapshot(sandbox.base, metadata: true) == before, "a refused build must touch nothing")
}

@Test func outputGivenRelativeToTheCurrentFolderIsRefusedToo() throws {
    let sandbox = try Sandbox(fixture: "sites/minimal")
    defer { sandbox.remove() }
    let before = try snapshot(sandbox.content, metadata: true)
    // The runner's current folder is the sandbox, so "site/Content" is the site's Content.
    let result = try sandbox.run(["build", "--root", "site", "--output", "site/Content"])
    #expect(result.status == 1, "\(result)")
    #expect(try snapshot(sandbox.content, metadata: true) == before)
}

// MARK: - (i) Rebuilding

@Test func deletedBriefingDisappearsFromTheNextBuild() throws {
    let sandbox = try Sandbox(fixture: "sites/minimal")
    defer { sandbox.remove() }
    #expect(try sandbox.build().status == 0)
    let page = sandbox.output.appendingPathComponent("briefings/2020-02-01-first-program")
    #expect(exists(page))
    #expect(exists(sandbox.output.appendingPathComponent("tags/computing/index.html")))

    try FileManager.default.removeItem(at: sandbox.content.appendingPathComponent("briefings/2020-02-01-first-program.md"))
    let result = try sandbox.build()
    #expect(result.status == 0, "\(result)")
    #expect(!exists(page))
    #expect(!exists(sandbox.output.appendingPathComponent("tags/computing")), "a tag no briefing carries has no page")
    for path in try files(in: sandbox.output) {
        #expect(!(try read(sandbox.output.appendingPathComponent(path))).contains("2020-02-01-first-program"), "\(path) still mentions the deleted briefing")
    }
    #expect(try SiteLinks(output: sandbox.output).problems().isEmpty)
}

@Test func rebuildAfterAFixedErrorReplacesTheOutput() throws {
    let sandbox = try Sandbox(fixture: "invalid/bad-date")
    defer { sandbox.remove() }
    #expect(try sandbox.build().status == 1)
    let file = sandbox.content.appendingPathComponent("briefings/2020-01-02-bad-date.md")
    try Data(try read(file).replacingOccurrences(of: "2019-02-30", with: "2019-02-28").utf8).write(to: file)
    let result = try sandbox.build()
    #expect(result.status == 0, "\(result)")
    #expect(exists(sandbox.output.appendingPathComponent("briefings/2020-01-02-bad-date/index.html")))
}
