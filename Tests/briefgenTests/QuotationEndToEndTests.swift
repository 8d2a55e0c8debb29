import Foundation
import Testing

// End to end: quotation checking (SPEC §4) by the real `briefgen` executable on copies of the
// fixture sites under Tests/Fixtures/quotes/ (strict, warn, off: the same content, only site.yml
// differs) and of the example site in Content/.

private let briefingPath = "Content/briefings/2020-03-03-talks-resume.md"
private let talks = "briefings/2020-03-03-talks-resume/index.html"
private let envoy = "briefings/2020-03-05-what-the-envoy-said/index.html"
private let wireArticle = "articles/wire-story/index.html"
private let otherArticle = "articles/other-story/index.html"

/// Each invalid quotation of the fixture briefing: where it is reported, and the note lines printed
/// under it (indented four spaces), in order.
private let invalidQuotations: [(location: String, quotation: String, notes: [String])] = [
    ("24:19", "“the talks had been fruitful and would resume next week”", [  // one changed word
        "nearest passage, 'wire-story' ¶1: …the talks had been productive and would resume next week…",
        "source has \"productive\", quotation has \"fruitful\"",
    ]),
    ("26:3", "Officials did expect a breakthrough before the summit, but they said both sides were ready to compromise.", [  // a dropped "not"
        "nearest passage, 'wire-story' ¶2: Officials did not expect a breakthrough before the summit, but they said both sides were ready to compromise.",
        "source has \"not\", which the quotation leaves out",
    ]),
    ("28:7", "“would resume in Geneva next week”", [  // reordered words
        "nearest passage, 'wire-story' ¶1: …would resume next week…",
        "quotation has \"in Geneva\", which the source does not",
    ]),
    ("29:1", "“would resume next week in Geneva … Officials did not expect a breakthrough”", [  // an ellipsis joining two paragraphs
        "nearest passage, 'wire-story' ¶1: …would resume next week in Geneva.",
        "quotation has \"Officials did not expect a breakthrough\", which the source does not",
    ]),
    // Fabricated: nothing in the sources is near enough to show.
    ("31:21", "“the minister promised a full ceasefire by Friday”", []),
    ("33:18", "“Shares rose sharply on hopes that the trade talks would end the dispute.”", [  // from an article not in sources
        "it is in article 'other-story' (¶1), which is not among this briefing's sources",
    ]),
]

/// The standard error `briefgen` prints for the fixture's invalid quotations with `severity`.
private func expectedDiagnostics(_ severity: String) -> [String] {
    invalidQuotations.flatMap { invalid in
        ["\(briefingPath):\(invalid.location): \(severity): quotation not found in sources: \(invalid.quotation)"]
            + invalid.notes.map { "    " + $0 }
    }
}

/// The diagnostic lines of standard error and their notes, without the summary line.
private func diagnosticLines(_ result: RunResult) -> [String] {
    result.stderrLines.filter { $0.hasPrefix("Content/") || $0.hasPrefix("    ") }
}

private func expectNoCrash(_ result: RunResult, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(result.exitedNormally, "briefgen was killed by a signal\n\(result)", sourceLocation: sourceLocation)
    #expect(result.status < 128, "\(result)", sourceLocation: sourceLocation)
}

private func count(_ needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
}

/// The content of the first element carrying `data-body` (the pages keep it in a div).
private func dataBody(_ html: String) -> String {
    guard let open = html.range(of: "data-body>"), let close = html.range(of: "</div>", range: open.upperBound..<html.endIndex) else { return "" }
    return String(html[open.upperBound..<close.lowerBound])
}

// MARK: - strict

@Test func strictFixtureFailsReportingEachMisquotationAtItsLineAndColumn() throws {
    let sandbox = try Sandbox(fixture: "quotes/strict")
    defer { sandbox.remove() }
    let result = try sandbox.build()
    expectNoCrash(result)
    #expect(result.status == 1, "\(result)")
    #expect(diagnosticLines(result) == expectedDiagnostics("error"), "\(result)")
    #expect(result.stderrLines.last?.hasPrefix("6 errors") == true, "\(result)")
    #expect(result.stderrLines.last?.hasSuffix("nothing written") == true, "\(result)")
    #expect(!exists(sandbox.output), "a failed first build must create no output folder")
}

@Test func strictFailureLeavesAnEarlierOutputExactlyAsItWas() throws {
    let sandbox = try Sandbox(fixture: "quotes/strict")
    defer { sandbox.remove() }
    // A good build first (the misquoting briefing set to warn), then the strict one fails.
    let briefing = sandbox.root.appendingPathComponent(briefingPath)
    let original = try read(briefing)
    try original.replacingOccurrences(of: "tags: [talks]\n", with: "tags: [talks]\nquote_check: warn\n").write(to: briefing, atomically: true, encoding: .utf8)
    let first = try sandbox.build()
    #expect(first.status == 0, "\(first)")
    let before = try snapshot(sandbox.output, metadata: true)
    try original.write(to: briefing, atomically: true, encoding: .utf8)
    let second = try sandbox.build()
    #expect(second.status == 1, "\(second)")
    #expect(try snapshot(sandbox.output, metadata: true) == before)
}

@Test func checkOnTheStrictFixturePrintsTheSameDiagnosticsAndWritesNothing() throws {
    let sandbox = try Sandbox(fixture: "quotes/strict")
    defer { sandbox.remove() }
    let before = try snapshot(sandbox.root, metadata: true)
    let check = try sandbox.run(["check", "--root", sandbox.root.path])
    expectNoCrash(check)
    #expect(check.status == 1, "\(check)")
    #expect(diagnosticLines(check) == expectedDiagnostics("error"), "\(check)")
    #expect(try snapshot(sandbox.root, metadata: true) == before, "check touched the site folder")
    let build = try sandbox.build()
    #expect(build.stderr == check.stderr)
}

@Test func briefingOverrideToStrictFailsAWarnSite() throws {
    let sandbox = try Sandbox(fixture: "quotes/warn")
    defer { sandbox.remove() }
    let briefing = sandbox.root.appendingPathComponent(briefingPath)
    try read(briefing).replacingOccurrences(of: "tags: [talks]\n", with: "tags: [talks]\nquote_check: strict\n").write(to: briefing, atomically: true, encoding: .utf8)
    let result = try sandbox.build()
    #expect(result.status == 1, "\(result)")
    // The front matter gained a line: every location moves down by one.
    let expected = expectedDiagnostics("error").map { line in
        line.replacing(#/^(Content/briefings/[^:]+):(\d+):/#) { "\($0.output.1):\(Int($0.output.2)! + 1):" }
    }
    #expect(diagnosticLines(result) == expected, "\(result)")
    #expect(!exists(sandbox.output))
}

// MARK: - warn

@Test func warnFixtureBuildsWithAWarningPerMisquotation() throws {
    let sandbox = try Sandbox(fixture: "quotes/warn")
    defer { sandbox.remove() }
    let result = try sandbox.build()
    expectNoCrash(result)
    #expect(result.status == 0, "\(result)")
    #expect(diagnosticLines(result) == expectedDiagnostics("warning"), "\(result)")
    #expect(!result.stderr.contains(": error: "))
    #expect(exists(sandbox.output.appendingPathComponent(talks)))
}

@Test func warnFixtureGivesProvenanceToTheValidQuotationsOnly() throws {
    let sandbox = try Sandbox(fixture: "quotes/warn")
    defer { sandbox.remove() }
    let result = try sandbox.build()
    #expect(result.status == 0, "\(result)")
    let page = try read(sandbox.output.appendingPathComponent(talks))
    let body = dataBody(page)

    // Seven quotations verify: two block quotes and five inline ones.
    #expect(count("<blockquote data-quote-source=\"wire-story\"", in: body) == 2)
    #expect(count("<span class=\"quote\" data-quote-source=\"wire-story\"", in: body) == 5)
    #expect(count("data-quote-source=", in: body) == 7)
    #expect(count("<a class=\"citation\"", in: body) == 5)
    #expect(count("<footer class=\"citation\">", in: body) == 2)

    // The same sentence is in paragraphs 1 and 4: the block quote of it links to the first.
    #expect(body.contains("""
        <blockquote data-quote-source="wire-story" data-quote-paragraph="1">
        <p>The minister said the talks had been productive and would resume next week in Geneva.</p>
        <footer class="citation"><a href="../../articles/wire-story/#p1" data-label="Wire, ¶1" aria-label="Source: Wire, paragraph 1"></a></footer></blockquote>
        """))
    // The whole of paragraph 4 verifies as paragraph 4.
    #expect(body.contains("<blockquote data-quote-source=\"wire-story\" data-quote-paragraph=\"4\">"))
    // An inline quotation, an ellipsis, an insertion and a nested quotation.
    for (paragraph, quotation) in [
        (2, "“did not expect a breakthrough before the summit”"),
        (3, "“a historic step for both countries”"),
        (2, "“Officials did not expect a breakthrough … both sides were ready to compromise.”"),
        (2, "“[They] did not expect a breakthrough before the summit.”"),
        (3, "“the envoy called the agreement ‘a historic step for both countries’”"),
    ] {
        #expect(body.contains("<span class=\"quote\" data-quote-source=\"wire-story\" data-quote-paragraph=\"\(paragraph)\">\(quotation)<a class=\"citation\" href=\"../../articles/wire-story/#p\(paragraph)\" data-label=\"¶\(paragraph)\" aria-label=\"Source: Wire, paragraph \(paragraph)\"></a></span>"), "\(quotation)")
    }

    // The misquotations are left exactly as cmark renders them.
    #expect(body.contains("<p>The minister said “the talks had been fruitful and would resume next week”.</p>"))
    #expect(body.contains("<blockquote>\n<p>Officials did expect a breakthrough before the summit, but they said both sides were ready to compromise.</p>\n</blockquote>"))
    #expect(body.contains("<p>Talks “would resume in Geneva next week”, the minister said, and\n“would resume next week in Geneva … Officials did not expect a breakthrough”.</p>"))
    #expect(body.contains("<p>Zürich’s mayor said “the minister promised a full ceasefire by Friday”.</p>"))
    #expect(body.contains("<p>Markets cheered: “Shares rose sharply on hopes that the trade talks would end the dispute.”</p>"))
}

@Test func briefingPagesListTheirSourcesWithTheNumberOfQuotationsVerified() throws {
    let sandbox = try Sandbox(fixture: "quotes/warn")
    defer { sandbox.remove() }
    #expect(try sandbox.build().status == 0)
    let talksPage = try read(sandbox.output.appendingPathComponent(talks))
    #expect(talksPage.contains("<li><a href=\"../../articles/wire-story/index.html\">Talks to resume in Geneva next week</a> <span class=\"meta\">Wire · 1 March 2020 · 7 quotations verified</span></li>"), "\(talksPage)")
    // Only its sources are listed: not the article it quotes without naming it.
    #expect(!talksPage.contains("articles/other-story/index.html"))

    let envoyPage = try read(sandbox.output.appendingPathComponent(envoy))
    #expect(envoyPage.contains("<li><a href=\"../../articles/wire-story/index.html\">Talks to resume in Geneva next week</a> <span class=\"meta\">Wire · 1 March 2020 · 1 quotation verified</span></li>"), "\(envoyPage)")
    #expect(envoyPage.contains("<li><a href=\"../../articles/other-story/index.html\">Markets rally on hopes of a deal</a> <span class=\"meta\">Ledger · 2 March 2020 · 1 quotation verified</span></li>"), "\(envoyPage)")
    #expect(dataBody(envoyPage).contains("<blockquote data-quote-source=\"other-story\" data-quote-paragraph=\"1\">"))
}

@Test func articlePagesListTheBriefingsQuotingThemAndMarkThePassages() throws {
    let sandbox = try Sandbox(fixture: "quotes/warn")
    defer { sandbox.remove() }
    #expect(try sandbox.build().status == 0)
    let page = try read(sandbox.output.appendingPathComponent(wireArticle))
    // Newest first.
    #expect(page.contains("""
        <h2>Quoted in</h2>
        <ul class="source-list">
        <li><a href="../../briefings/2020-03-05-what-the-envoy-said/index.html">What the envoy said</a></li>
        <li><a href="../../briefings/2020-03-03-talks-resume/index.html">Talks resume in Geneva</a></li>
        </ul>
        """), "\(page)")
    let body = dataBody(page)
    func quotedBy(_ slug: String, _ title: String) -> String {
        "<a class=\"quoted-by\" href=\"../../briefings/\(slug)/\" data-label=\"↩\" aria-label=\"Quoted in: \(title)\" title=\"Quoted in: \(title)\"></a>"
    }
    let byTalks = quotedBy("2020-03-03-talks-resume", "Talks resume in Geneva")
    let byEnvoy = quotedBy("2020-03-05-what-the-envoy-said", "What the envoy said")
    #expect(body == """
        <p id="p1"><mark class="quoted">The minister said the talks had been productive and would resume next week in Geneva\(byTalks)</mark>.</p>
        <p id="p2"><mark class="quoted">Officials did not expect a breakthrough before the summit\(byTalks)</mark>, but they said <mark class="quoted">both sides were ready to compromise\(byTalks)</mark>.</p>
        <p id="p3"><mark class="quoted">The envoy called the agreement “a historic step for both countries\(byTalks)\(byEnvoy)</mark>,” according to aides.</p>
        <p id="p4"><mark class="quoted">Critics said the deal was rushed. The minister said the talks had been productive and would resume next week in Geneva\(byTalks)</mark>.</p>

        """)

    let other = try read(sandbox.output.appendingPathComponent(otherArticle))
    // A misquotation from it in a briefing that does not cite it marks nothing.
    #expect(count("<mark class=\"quoted\">", in: dataBody(other)) == 1)
    #expect(dataBody(other).contains(byEnvoy))
    #expect(!dataBody(other).contains(byTalks))
    #expect(other.contains("<li><a href=\"../../briefings/2020-03-05-what-the-envoy-said/index.html\">What the envoy said</a></li>"))
    #expect(!other.contains("<a href=\"../../briefings/2020-03-03-talks-resume/index.html\">"))
}

@Test func citationsAndQuotedByLinksAllResolve() throws {
    let sandbox = try Sandbox(fixture: "quotes/warn")
    defer { sandbox.remove() }
    #expect(try sandbox.build().status == 0)
    let links = try SiteLinks(output: sandbox.output)
    #expect(links.problems().isEmpty, "\(links.problems())")
}

// MARK: - off

@Test func offFixtureBuildsWithNoDiagnosticsAndNoProvenance() throws {
    let sandbox = try Sandbox(fixture: "quotes/off")
    defer { sandbox.remove() }
    let result = try sandbox.build()
    expectNoCrash(result)
    #expect(result.status == 0, "\(result)")
    #expect(result.stderr.isEmpty, "\(result)")
    for page in try files(in: sandbox.output) where page.hasSuffix(".html") {
        let html = try read(sandbox.output.appendingPathComponent(page))
        for marker in ["data-quote-source", "data-quote-paragraph", "class=\"quote\"", "class=\"citation\"", "<mark", "quoted-by", "Quoted in"] {
            #expect(!html.contains(marker), "\(page) has \(marker)")
        }
    }
    let body = dataBody(try read(sandbox.output.appendingPathComponent(talks)))
    #expect(count("<blockquote>\n", in: body) == 3)
    // Article paragraphs are still numbered, so links to them keep working.
    #expect(try read(sandbox.output.appendingPathComponent(wireArticle)).contains("<p id=\"p4\">"))
}

@Test func theThreeFixturesDifferOnlyInSiteYml() throws {
    let base = Paths.fixtures.appendingPathComponent("quotes")
    let strict = try snapshot(base.appendingPathComponent("strict"))
    for mode in ["warn", "off"] {
        var other = try snapshot(base.appendingPathComponent(mode))
        var reference = strict
        #expect(other.removeValue(forKey: "Content/site.yml") != nil)
        reference.removeValue(forKey: "Content/site.yml")
        #expect(other == reference, "Tests/Fixtures/quotes/\(mode) has drifted from quotes/strict")
    }
}

// MARK: - The example site

@Test func exampleSiteVerifiesEveryQuotationInStrictMode() throws {
    let sandbox = try Sandbox.example()
    defer { sandbox.remove() }
    #expect(try read(sandbox.content.appendingPathComponent("site.yml")).contains("quote_check: strict"))
    let result = try sandbox.build()
    expectNoCrash(result)
    #expect(result.status == 0, "\(result)")
    #expect(!result.stderr.contains("quotation"), "\(result)")

    let briefings = try files(in: sandbox.output).filter { $0.hasPrefix("briefings/") && $0.hasSuffix("/index.html") }
    #expect(briefings.count == 3)
    var blockQuotes = 0
    var inlineQuotes = 0
    for page in briefings {
        let body = dataBody(try read(sandbox.output.appendingPathComponent(page)))
        let quotes = count("<blockquote", in: body)
        #expect(quotes > 0, "\(page) has no block quote")
        #expect(count("<blockquote data-quote-source=\"2019-07-11-pompeo-japan-korea\" data-quote-paragraph=\"", in: body) == quotes, "\(page)")
        #expect(count("<footer class=\"citation\"><a href=\"../../articles/2019-07-11-pompeo-japan-korea/#p", in: body) == quotes, "\(page)")
        blockQuotes += quotes
        inlineQuotes += count("<span class=\"quote\" data-quote-source=\"2019-07-11-pompeo-japan-korea\"", in: body)
    }
    #expect(blockQuotes == 4)
    #expect(inlineQuotes == 10)

    let article = try read(sandbox.output.appendingPathComponent("articles/2019-07-11-pompeo-japan-korea/index.html"))
    #expect(article.contains("<mark class=\"quoted\">"))
    #expect(count("<a class=\"quoted-by\"", in: article) >= 3)
    for page in briefings {
        let slug = page.dropFirst("briefings/".count).dropLast("/index.html".count)
        #expect(article.contains("<li><a href=\"../../briefings/\(slug)/index.html\">"), "the article does not list \(slug)")
    }
}
