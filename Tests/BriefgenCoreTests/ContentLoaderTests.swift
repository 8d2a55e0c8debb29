import Foundation
import Testing
@testable import BriefgenCore

// SPEC §2: every rule of Content/, each problem reported at its file, line and column (lines count
// the whole file, front matter included, from 1; the front matter's first key is on line 2).

/// What loading a throw-away Content/ folder gave.
private struct Loaded {
    var site: Site?
    var diagnostics: [Diagnostic]

    var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
    /// Every diagnostic as briefgen prints it, for failure messages.
    var printed: String { diagnostics.sorted().map(\.description).joined(separator: "\n") }

    /// Whether a diagnostic of `severity` sits exactly at `path:line:column` and its message
    /// contains every one of `words`.
    func has(_ severity: Severity, _ path: String, line: Int?, column: Int?, _ words: String...) -> Bool {
        diagnostics.contains { diagnostic in
            diagnostic.severity == severity && diagnostic.path == path && diagnostic.line == line
                && diagnostic.column == column && words.allSatisfy { diagnostic.message.contains($0) }
        }
    }
}

private let defaultSiteYml = "title: Test site\n"

/// Writes `files` (paths relative to Content/) and `bytes` (for files that are not valid UTF-8)
/// under a fresh root, loads it, and removes the root. Adds a minimal site.yml unless `files`
/// has one or `siteYml` is false.
private func load(_ files: [String: String], bytes: [String: [UInt8]] = [:], siteYml: Bool = true, includeDrafts: Bool = false) throws -> Loaded {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("briefgen-content-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let content = root.appendingPathComponent("Content")
    try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
    var all = files.mapValues { Array($0.utf8) }.merging(bytes) { $1 }
    if siteYml && all["site.yml"] == nil { all["site.yml"] = Array(defaultSiteYml.utf8) }
    for (path, data) in all {
        let url = content.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(data).write(to: url)
    }
    var diagnostics: [Diagnostic] = []
    let site = ContentLoader(root: root, contentDirectory: content, includeDrafts: includeDrafts).load(diagnostics: &diagnostics)
    return Loaded(site: site, diagnostics: diagnostics)
}

/// A briefing file with the given front-matter lines (starting on file line 2) and body.
private func briefing(_ frontMatter: String..., body: String = "Body text.") -> String {
    "---\n" + frontMatter.map { $0 + "\n" }.joined() + "---\n\n" + body + "\n"
}

private let validArticle = "---\ntitle: An article\ndate: 2019-07-11\n---\n\nText.\n"

// MARK: - A valid site

@Test func validSiteLoadsEveryKindWithItsFields() throws {
    let loaded = try load([
        "site.yml": "title: My site\ndescription: About things\nlanguage: ko\nbase_url: https://example.org/sub/\nlink_mentions: all\nquote_check: warn\npage_size: 10\nunsafe_html: true\n",
        "articles/2019-07-11-story.md": "---\ntitle: Story\noutlet: AFP\ndateline: WASHINGTON\ndate: 2019-07-11\nurl: https://example.org/story\n---\n\nFirst.\n",
        "briefings/b.md": briefing("title: B", "date: 2019-07-12", "summary: Short", "sources: [2019-07-11-story]", "tags: [trade, history]",
                                   "author: Desk", "draft: false", "quote_check: off"),
        "entities/japan.md": "---\nname: Japan\nkind: country\naliases: [Tokyo, Nippon]\nsummary: A country\n---\n\nText.\n",
        "glossary/rok.md": "---\nterm: ROK\naliases: [Republic of Korea]\ndefinition: South Korea\n---\n\nText.\n",
    ])
    #expect(loaded.diagnostics.isEmpty, "\(loaded.printed)")
    let site = try #require(loaded.site)
    #expect(site.config.title == "My site")
    #expect(site.config.description == "About things")
    #expect(site.config.language == "ko")
    #expect(site.config.baseURL == "https://example.org/sub/")
    #expect(site.config.linkMentions == .all)
    #expect(site.config.quoteCheck == .warn)
    #expect(site.config.pageSize == 10)
    #expect(site.config.unsafeHTML)

    let article = try #require(site.articles.first)
    #expect(article.slug.rawValue == "2019-07-11-story")
    #expect(article.title == "Story" && article.outlet == "AFP" && article.dateline == "WASHINGTON")
    #expect(article.date == ContentDate("2019-07-11") && article.url == "https://example.org/story")

    let brief = try #require(site.briefings.first)
    #expect(brief.title == "B" && brief.summary == "Short" && brief.author == "Desk" && !brief.draft)
    #expect(brief.sources.map(\.value.rawValue) == ["2019-07-11-story"])
    #expect(brief.tags.map(\.value) == ["trade", "history"])
    #expect(brief.quoteCheck == .off)
    #expect(brief.body.path == "Content/briefings/b.md")
    #expect(brief.body.markdown == "\nBody text.\n")

    let entity = try #require(site.entities.first)
    #expect(entity.name == "Japan" && entity.kind == .country && entity.aliases == ["Tokyo", "Nippon"] && entity.summary == "A country")
    let term = try #require(site.terms.first)
    #expect(term.term == "ROK" && term.aliases == ["Republic of Korea"] && term.definition == "South Korea")
}

@Test func siteYmlDefaultsApplyWhenKeysAreAbsent() throws {
    let loaded = try load(["briefings/b.md": briefing("title: B", "date: 2019-07-12")])
    let config = try #require(loaded.site).config
    #expect(config.description == "" && config.language == "en" && config.baseURL == nil)
    #expect(config.linkMentions == .first && config.quoteCheck == .strict && config.pageSize == 50 && !config.unsafeHTML)
}

@Test func bodyKnowsTheFileLineItStartsOn() throws {
    let loaded = try load(["briefings/b.md": "---\ntitle: B\ndate: 2019-07-12\n---\nFirst body line\n"])
    let body = try #require(loaded.site?.briefings.first).body
    #expect(body.firstLine == 5)
    #expect(body.fileLine(bodyLine: 1) == 5)
    #expect(body.markdown == "First body line\n")
}

@Test func byteOrderMarkIsAccepted() throws {
    let loaded = try load(["briefings/b.md": "\u{FEFF}---\ntitle: B\ndate: 2019-07-12\n---\n\nText.\n"])
    #expect(loaded.diagnostics.isEmpty, "\(loaded.printed)")
    #expect(loaded.site?.briefings.first?.title == "B")
}

@Test func windowsLineEndingsAreAcceptedAndLinesStillCount() throws {
    let loaded = try load(["briefings/b.md": "\u{FEFF}---\r\ntitle: B\r\ndate: 2019-07-12\r\ncolour: red\r\n---\r\n\r\nText.\r\n"])
    #expect(loaded.errors.isEmpty, "\(loaded.printed)")
    #expect(loaded.site?.briefings.first?.title == "B")
    #expect(loaded.has(.warning, "Content/briefings/b.md", line: 4, column: 1, "colour"), "\(loaded.printed)")
    let body = try #require(loaded.site?.briefings.first?.body)
    #expect(body.firstLine == 6)
    #expect(!body.markdown.contains("---"))
}

@Test func windowsLineEndingsInBadYamlAreLocated() throws {
    let loaded = try load(["briefings/b.md": "---\r\ndate: 2019-07-12\r\ntitle: Broken: value\r\n---\r\n"])
    #expect(loaded.has(.error, "Content/briefings/b.md", line: 3, column: 14, "invalid YAML"), "\(loaded.printed)")
}

// MARK: - Required keys

struct MissingKeyCase: Sendable, CustomTestStringConvertible {
    var file: String
    var text: String
    var key: String
    var testDescription: String { "\(file) without \(key)" }
}

@Test(arguments: [
    MissingKeyCase(file: "briefings/b.md", text: "---\ndate: 2019-07-12\n---\n\nText.\n", key: "title"),
    MissingKeyCase(file: "briefings/b.md", text: "---\ntitle: B\n---\n\nText.\n", key: "date"),
    MissingKeyCase(file: "articles/a.md", text: "---\ndate: 2019-07-12\noutlet: AFP\n---\n\nText.\n", key: "title"),
    MissingKeyCase(file: "articles/a.md", text: "---\ntitle: A\noutlet: AFP\n---\n\nText.\n", key: "date"),
    MissingKeyCase(file: "entities/e.md", text: "---\nkind: person\n---\n\nText.\n", key: "name"),
    MissingKeyCase(file: "glossary/g.md", text: "---\ndefinition: A thing\n---\n\nText.\n", key: "term"),
    MissingKeyCase(file: "glossary/g.md", text: "---\nterm: thing\n---\n\nText.\n", key: "definition"),
])
func missingRequiredKeyIsAnErrorAtTheFrontMatter(_ example: MissingKeyCase) throws {
    let loaded = try load([example.file: example.text])
    #expect(loaded.errors.count == 1, "\(loaded.printed)")
    #expect(loaded.has(.error, "Content/\(example.file)", line: 1, column: 1, "missing required key '\(example.key)'"), "\(loaded.printed)")
    // The file is left out rather than loaded half-filled.
    let site = try #require(loaded.site)
    #expect(site.briefings.isEmpty && site.articles.isEmpty && site.entities.isEmpty && site.terms.isEmpty)
}

@Test func requiredKeyWithoutAValueIsReportedAtTheKey() throws {
    let loaded = try load(["briefings/b.md": briefing("date: 2019-07-12", "title:")])
    #expect(loaded.errors.count == 1, "\(loaded.printed)")
    #expect(loaded.has(.error, "Content/briefings/b.md", line: 3, column: 1, "'title'"), "\(loaded.printed)")
}

@Test func everyMissingKeyOfAFileIsReported() throws {
    let loaded = try load(["glossary/g.md": "---\naliases: [x]\n---\n\nText.\n"])
    #expect(loaded.has(.error, "Content/glossary/g.md", line: 1, column: 1, "'term'"), "\(loaded.printed)")
    #expect(loaded.has(.error, "Content/glossary/g.md", line: 1, column: 1, "'definition'"), "\(loaded.printed)")
}

@Test func problemsInSeveralFilesAreAllReported() throws {
    let loaded = try load([
        "briefings/a.md": briefing("date: 2019-07-12"),
        "briefings/b.md": briefing("title: B", "date: 2019-7-1"),
        "entities/e.md": "---\nkind: person\n---\n",
    ])
    #expect(loaded.errors.count == 3, "\(loaded.printed)")
    #expect(loaded.has(.error, "Content/briefings/a.md", line: 1, column: 1, "'title'"))
    #expect(loaded.has(.error, "Content/briefings/b.md", line: 3, column: 7, "'date'"))
    #expect(loaded.has(.error, "Content/entities/e.md", line: 1, column: 1, "'name'"))
}

// MARK: - Types

@Test func stringWhereAListIsExpectedIsAnErrorAtTheValue() throws {
    let loaded = try load(["briefings/b.md": briefing("title: B", "date: 2019-07-12", "tags: \"a string\"")])
    #expect(loaded.errors.count == 1, "\(loaded.printed)")
    #expect(loaded.has(.error, "Content/briefings/b.md", line: 4, column: 7, "'tags'", "list"), "\(loaded.printed)")
}

@Test func listWhereAStringIsExpectedIsAnErrorAtTheValue() throws {
    let loaded = try load(["briefings/b.md": briefing("date: 2019-07-12", "title:", "  - one", "  - two")])
    #expect(loaded.has(.error, "Content/briefings/b.md", line: 4, column: 3, "'title'"), "\(loaded.printed)")
}

@Test func mappingInsideAListIsAnErrorAtTheItem() throws {
    let loaded = try load(["entities/e.md": "---\nname: E\naliases:\n  - fine\n  - {a: b}\n---\n"])
    #expect(loaded.has(.error, "Content/entities/e.md", line: 5, column: 5, "'aliases'"), "\(loaded.printed)")
}

@Test func wrongTypeColumnCountsCharactersNotBytes() throws {
    // "한국" is two characters but six UTF-8 bytes: the list item after it starts at character 12.
    let loaded = try load(["briefings/b.md": briefing("title: B", "date: 2019-07-12", "tags: [한국, [x]]")])
    #expect(loaded.has(.error, "Content/briefings/b.md", line: 4, column: 12, "'tags'"), "\(loaded.printed)")
}

@Test func nonBooleanDraftIsAnError() throws {
    let loaded = try load(["briefings/b.md": briefing("title: B", "date: 2019-07-12", "draft: maybe")])
    #expect(loaded.has(.error, "Content/briefings/b.md", line: 4, column: 8, "'draft'", "maybe"), "\(loaded.printed)")
}

@Test func unknownEntityKindIsAnErrorAtTheValue() throws {
    let loaded = try load(["entities/e.md": "---\nname: E\nkind: planet\n---\n"])
    #expect(loaded.has(.error, "Content/entities/e.md", line: 3, column: 7, "'kind'", "planet"), "\(loaded.printed)")
}

@Test func entityKindDefaultsToOther() throws {
    let loaded = try load(["entities/e.md": "---\nname: E\n---\n"])
    #expect(loaded.site?.entities.first?.kind == .other)
}

// MARK: - YAML and the front-matter block

@Test func malformedYamlIsReportedAtItsLineInTheFile() throws {
    let loaded = try load(["briefings/b.md": "---\ndate: 2019-07-12\ntitle: Broken: value\n---\n\nText.\n"])
    #expect(loaded.errors.count == 1, "\(loaded.printed)")
    #expect(loaded.has(.error, "Content/briefings/b.md", line: 3, column: 14, "invalid YAML"), "\(loaded.printed)")
}

@Test func malformedYamlInSiteYmlIsReportedAtItsLine() throws {
    let loaded = try load(["site.yml": "title: Site\ndescription: [unclosed\nlanguage: en\n"])
    #expect(loaded.site == nil)
    #expect(loaded.errors.contains { $0.path == "Content/site.yml" && $0.line != nil && $0.message.contains("invalid YAML") }, "\(loaded.printed)")
}

@Test func duplicateKeyIsAnError() throws {
    let loaded = try load(["briefings/b.md": briefing("title: A", "date: 2019-07-12", "title: B")])
    #expect(loaded.errors.contains { $0.path == "Content/briefings/b.md" && $0.line != nil && $0.message.contains("title") }, "\(loaded.printed)")
    #expect(loaded.site?.briefings.isEmpty ?? true)
}

@Test func frontMatterThatIsNotAMappingIsAnError() throws {
    let loaded = try load(["briefings/b.md": "---\n- just\n- a list\n---\n"])
    #expect(loaded.has(.error, "Content/briefings/b.md", line: 2, column: 1, "key: value"), "\(loaded.printed)")
}

@Test func unclosedFrontMatterIsAnError() throws {
    let loaded = try load(["briefings/b.md": "---\ntitle: B\ndate: 2019-07-12\n\nText without a closing line.\n"])
    #expect(loaded.errors.count == 1, "\(loaded.printed)")
    #expect(loaded.has(.error, "Content/briefings/b.md", line: 1, column: 1, "not closed"), "\(loaded.printed)")
}

@Test func fileWithoutFrontMatterIsAnError() throws {
    let loaded = try load(["briefings/b.md": "# Just Markdown\n\nNo front matter.\n"])
    #expect(loaded.errors.count == 1, "\(loaded.printed)")
    #expect(loaded.has(.error, "Content/briefings/b.md", line: 1, column: 1, "front matter"), "\(loaded.printed)")
}

@Test func emptyFileIsAnError() throws {
    let loaded = try load(["entities/e.md": ""])
    #expect(loaded.errors.count == 1, "\(loaded.printed)")
    #expect(loaded.has(.error, "Content/entities/e.md", line: 1, column: 1, "empty file"), "\(loaded.printed)")
}

@Test func emptyFrontMatterReportsTheMissingKeys() throws {
    let loaded = try load(["briefings/b.md": "---\n---\n\nText.\n"])
    #expect(loaded.has(.error, "Content/briefings/b.md", line: 1, column: 1, "'title'"), "\(loaded.printed)")
    #expect(loaded.has(.error, "Content/briefings/b.md", line: 1, column: 1, "'date'"), "\(loaded.printed)")
}

// MARK: - Dates

@Test(arguments: ["2019-02-30", "2019-7-1", "2019-13-01", "2019-00-10", "1900-02-29", "11 July 2019", "2019-07-11T10:00:00Z", "20190711"])
func badDateIsAnErrorAtTheValue(_ date: String) throws {
    let loaded = try load(["briefings/b.md": briefing("title: B", "date: \(date)")])
    #expect(loaded.errors.count == 1, "\(loaded.printed)")
    #expect(loaded.has(.error, "Content/briefings/b.md", line: 3, column: 7, "'date'", date), "\(loaded.printed)")
    #expect(loaded.site?.briefings.isEmpty ?? true)
}

@Test(arguments: ["2020-02-29", "2000-02-29", "2019-12-31", "2019-01-01"])
func realDatesAreAccepted(_ date: String) throws {
    let loaded = try load(["articles/a.md": "---\ntitle: A\ndate: \(date)\n---\n"])
    #expect(loaded.errors.isEmpty, "\(loaded.printed)")
    #expect(loaded.site?.articles.first?.date.description == date)
}

@Test func quotedDateIsAcceptedLikeAPlainOne() throws {
    let loaded = try load(["articles/a.md": "---\ntitle: A\ndate: \"2019-07-11\"\n---\n"])
    #expect(loaded.site?.articles.first?.date == ContentDate("2019-07-11"))
}

// MARK: - UTF-8

@Test func invalidUTF8IsReportedAtTheFirstBadByte() throws {
    // Line 6 reads "A caf\xE9 in Seoul.": the bad byte is the sixth character.
    let bytes = Array("---\ntitle: B\ndate: 2019-07-12\n---\n\nA caf".utf8) + [0xE9] + Array(" in Seoul.\n".utf8)
    let loaded = try load([:], bytes: ["briefings/b.md": bytes])
    #expect(loaded.errors.count == 1, "\(loaded.printed)")
    #expect(loaded.has(.error, "Content/briefings/b.md", line: 6, column: 6, "UTF-8"), "\(loaded.printed)")
}

@Test func invalidUTF8ColumnCountsCharactersBeforeIt() throws {
    // "제목: 한국" is six characters; a truncated three-byte sequence follows.
    let bytes = Array("---\n제목: 한국".utf8) + [0xED, 0x95] + Array("\n---\n".utf8)
    let loaded = try load([:], bytes: ["entities/e.md": bytes])
    #expect(loaded.has(.error, "Content/entities/e.md", line: 2, column: 7, "UTF-8"), "\(loaded.printed)")
}

@Test func invalidUTF8InSiteYmlIsLocated() throws {
    let loaded = try load(["briefings/b.md": briefing("title: B", "date: 2019-07-12")], bytes: ["site.yml": Array("title: Caf".utf8) + [0xFF] + [0x0A]])
    #expect(loaded.site == nil)
    #expect(loaded.has(.error, "Content/site.yml", line: 1, column: 11, "UTF-8"), "\(loaded.printed)")
}

@Test func firstInvalidUTF8FindsEncodedSurrogatesAndOverlongForms() {
    // An encoded surrogate (ED A0 80) and an overlong slash (C0 AF) are not UTF-8.
    #expect(ContentLoader.firstInvalidUTF8(in: Data([0x61, 0x0A, 0x62, 0xED, 0xA0, 0x80])) == (2, 2))
    #expect(ContentLoader.firstInvalidUTF8(in: Data([0xC3, 0xA9, 0xC0, 0xAF])) == (1, 2))
}

// MARK: - Slugs

@Test(arguments: ["Capital", "has space", "under_score", "-leading-hyphen", "café", "dot.ted", "UPPER"])
func invalidFileNameIsAnErrorNamingTheFile(_ stem: String) throws {
    let loaded = try load(["briefings/\(stem).md": briefing("title: B", "date: 2019-07-12")])
    #expect(loaded.errors.count == 1, "\(loaded.printed)")
    #expect(loaded.has(.error, "Content/briefings/\(stem).md", line: nil, column: nil, "'\(stem)'"), "\(loaded.printed)")
    #expect(loaded.site?.briefings.isEmpty ?? true)
}

@Test(arguments: ["a", "0", "2019-07-12-a-b", "x1-y2"])
func validSlugsAreAccepted(_ slug: String) throws {
    let loaded = try load(["entities/\(slug).md": "---\nname: N\n---\n"])
    #expect(loaded.errors.isEmpty, "\(loaded.printed)")
    #expect(loaded.site?.entities.first?.slug.rawValue == slug)
}

@Test func duplicateSlugIsAnErrorNamingBothFiles() throws {
    let loaded = try load([
        "briefings/a.md": briefing("title: One", "date: 2019-07-12"),
        "briefings/a.markdown": briefing("title: Two", "date: 2019-07-13"),
    ])
    #expect(loaded.errors.count == 1, "\(loaded.printed)")
    let error = try #require(loaded.errors.first)
    #expect(error.message.contains("duplicate slug 'a'"))
    #expect([error.path, error.message].joined().contains("Content/briefings/a.md"))
    #expect([error.path, error.message].joined().contains("Content/briefings/a.markdown"))
    #expect(loaded.site?.briefings.count == 1)
}

@Test func sameSlugInDifferentFoldersIsFine() throws {
    let loaded = try load([
        "entities/japan.md": "---\nname: Japan\n---\n",
        "glossary/japan.md": "---\nterm: japan\ndefinition: d\n---\n",
    ])
    #expect(loaded.errors.isEmpty, "\(loaded.printed)")
}

@Test func nonMarkdownFileIsIgnoredWithAWarning() throws {
    let loaded = try load(["briefings/b.md": briefing("title: B", "date: 2019-07-12"), "briefings/notes.txt": "scratch"])
    #expect(loaded.errors.isEmpty)
    #expect(loaded.has(.warning, "Content/briefings/notes.txt", line: nil, column: nil), "\(loaded.printed)")
    #expect(loaded.site?.briefings.count == 1)
}

// MARK: - Sources

@Test func unknownSourceIsAnErrorAtItsLine() throws {
    let loaded = try load([
        "articles/known.md": validArticle,
        "briefings/b.md": briefing("title: B", "date: 2019-07-12", "sources:", "  - known", "  - missing-article"),
    ])
    #expect(loaded.errors.count == 1, "\(loaded.printed)")
    #expect(loaded.has(.error, "Content/briefings/b.md", line: 6, column: 5, "'missing-article'"), "\(loaded.printed)")
}

@Test func unknownSourceInAFlowListIsAtItsColumn() throws {
    let loaded = try load([
        "articles/known.md": validArticle,
        "briefings/b.md": briefing("title: B", "date: 2019-07-12", "sources: [known, nope]"),
    ])
    #expect(loaded.has(.error, "Content/briefings/b.md", line: 4, column: 18, "'nope'"), "\(loaded.printed)")
}

@Test func sourceThatIsNotASlugIsAnError() throws {
    let loaded = try load(["briefings/b.md": briefing("title: B", "date: 2019-07-12", "sources: [Not A Slug]")])
    #expect(loaded.has(.error, "Content/briefings/b.md", line: 4, column: 11, "Not A Slug", "'sources'"), "\(loaded.printed)")
}

// MARK: - Unknown keys

@Test func unknownKeyIsAWarningAtTheKeyNotAnError() throws {
    let loaded = try load(["briefings/b.md": briefing("title: B", "date: 2019-07-12", "colour: blue")])
    #expect(loaded.errors.isEmpty, "\(loaded.printed)")
    #expect(loaded.warnings.count == 1)
    #expect(loaded.has(.warning, "Content/briefings/b.md", line: 4, column: 1, "'colour'"), "\(loaded.printed)")
    #expect(loaded.site?.briefings.first?.title == "B")
}

@Test func unknownKeyInSiteYmlIsAWarning() throws {
    let loaded = try load(["site.yml": "title: Site\nthem: dark\n", "briefings/b.md": briefing("title: B", "date: 2019-07-12")])
    #expect(loaded.errors.isEmpty, "\(loaded.printed)")
    #expect(loaded.has(.warning, "Content/site.yml", line: 2, column: 1, "'them'"), "\(loaded.printed)")
}

@Test(arguments: ["articles/a.md", "entities/e.md", "glossary/g.md"])
func unknownKeyIsAWarningInEveryKindOfFile(_ file: String) throws {
    let required = ["articles": "title: A\ndate: 2019-07-12", "entities": "name: E", "glossary": "term: t\ndefinition: d"]
    let folder = String(file.prefix { $0 != "/" })
    let loaded = try load([file: "---\n\(required[folder] ?? "")\nnickname: x\n---\n"])
    #expect(loaded.errors.isEmpty, "\(loaded.printed)")
    #expect(loaded.warnings.contains { $0.path == "Content/\(file)" && $0.message.contains("'nickname'") }, "\(loaded.printed)")
}

// MARK: - site.yml

@Test func missingSiteYmlIsAnErrorNamingIt() throws {
    let loaded = try load(["briefings/b.md": briefing("title: B", "date: 2019-07-12")], siteYml: false)
    #expect(loaded.site == nil)
    #expect(loaded.errors.count == 1, "\(loaded.printed)")
    #expect(loaded.has(.error, "Content/site.yml", line: nil, column: nil, "site.yml"), "\(loaded.printed)")
}

@Test func siteYmlWithoutTitleIsAnErrorAndItsOtherKeysAreStillKnown() throws {
    let loaded = try load(["site.yml": "description: No title here\nlink_mentions: all\n", "briefings/b.md": briefing("title: B", "date: 2019-07-12")])
    #expect(loaded.site == nil)
    #expect(loaded.errors.count == 1, "\(loaded.printed)")
    #expect(loaded.has(.error, "Content/site.yml", line: 1, column: 1, "missing required key 'title'"), "\(loaded.printed)")
    #expect(loaded.warnings.isEmpty, "known keys must not be reported as unknown: \(loaded.printed)")
}

@Test func siteYmlWithoutTitleStillReportsItsOtherProblems() throws {
    let loaded = try load(["site.yml": "quote_check: sometimes\n", "briefings/b.md": briefing("title: B", "date: 2019-07-12")])
    #expect(loaded.has(.error, "Content/site.yml", line: 1, column: 1, "'title'"), "\(loaded.printed)")
    #expect(loaded.has(.error, "Content/site.yml", line: 1, column: 14, "'quote_check'", "sometimes"), "\(loaded.printed)")
}

@Test func emptySiteYmlIsAnErrorAskingForATitle() throws {
    let loaded = try load(["site.yml": "", "briefings/b.md": briefing("title: B", "date: 2019-07-12")])
    #expect(loaded.site == nil)
    #expect(loaded.errors.contains { $0.path == "Content/site.yml" && $0.message.contains("'title'") }, "\(loaded.printed)")
}

@Test(arguments: [("first", LinkMentions.first), ("all", .all)])
func linkMentionsAcceptsItsValues(_ text: String, _ expected: LinkMentions) throws {
    let loaded = try load(["site.yml": "title: S\nlink_mentions: \(text)\n", "briefings/b.md": briefing("title: B", "date: 2019-07-12")])
    #expect(loaded.errors.isEmpty, "\(loaded.printed)")
    #expect(loaded.site?.config.linkMentions == expected)
}

@Test(arguments: ["every", "First", "true", "[first]"])
func badLinkMentionsIsAnErrorAtTheValue(_ text: String) throws {
    let loaded = try load(["site.yml": "title: S\nlink_mentions: \(text)\n", "briefings/b.md": briefing("title: B", "date: 2019-07-12")])
    #expect(loaded.errors.count == 1, "\(loaded.printed)")
    #expect(loaded.has(.error, "Content/site.yml", line: 2, column: 16, "'link_mentions'"), "\(loaded.printed)")
}

@Test(arguments: [
    ("strict", QuoteCheck.strict), ("warn", .warn), ("off", .off), ("\"off\"", .off), ("'off'", .off), ("false", .off),
    ("Off", .off), ("OFF", .off), ("no", .off), ("False", .off),
])
func quoteCheckAcceptsItsValuesAndUnquotedOffMeansOff(_ text: String, _ expected: QuoteCheck) throws {
    let loaded = try load(["site.yml": "title: S\nquote_check: \(text)\n", "briefings/b.md": briefing("title: B", "date: 2019-07-12")])
    #expect(loaded.errors.isEmpty, "\(loaded.printed)")
    #expect(loaded.site?.config.quoteCheck == expected)
}

@Test(arguments: ["loose", "true", "on", "1"])
func badQuoteCheckIsAnErrorAtTheValue(_ text: String) throws {
    let loaded = try load(["site.yml": "title: S\nquote_check: \(text)\n", "briefings/b.md": briefing("title: B", "date: 2019-07-12")])
    #expect(loaded.errors.count == 1, "\(loaded.printed)")
    #expect(loaded.has(.error, "Content/site.yml", line: 2, column: 14, "'quote_check'"), "\(loaded.printed)")
}

@Test func briefingQuoteCheckOverridesAndUnquotedOffMeansOff() throws {
    let loaded = try load([
        "briefings/a.md": briefing("title: A", "date: 2019-07-12", "quote_check: off"),
        "briefings/b.md": briefing("title: B", "date: 2019-07-13", "quote_check: warn"),
        "briefings/c.md": briefing("title: C", "date: 2019-07-14"),
        "briefings/d.md": briefing("title: D", "date: 2019-07-15", "quote_check: lenient"),
    ])
    #expect(loaded.has(.error, "Content/briefings/d.md", line: 4, column: 14, "'quote_check'", "lenient"), "\(loaded.printed)")
    let checks = Dictionary(uniqueKeysWithValues: (loaded.site?.briefings ?? []).map { ($0.slug.rawValue, $0.quoteCheck) })
    #expect(checks == ["a": .off, "b": .warn, "c": nil])
}

@Test(arguments: ["0", "-5", "many", "10001"])
func badPageSizeIsAnError(_ text: String) throws {
    let loaded = try load(["site.yml": "title: S\npage_size: \(text)\n", "briefings/b.md": briefing("title: B", "date: 2019-07-12")])
    #expect(loaded.has(.error, "Content/site.yml", line: 2, column: 12, "'page_size'"), "\(loaded.printed)")
}

@Test func relativeBaseURLIsAnError() throws {
    let loaded = try load(["site.yml": "title: S\nbase_url: example.org\n", "briefings/b.md": briefing("title: B", "date: 2019-07-12")])
    #expect(loaded.has(.error, "Content/site.yml", line: 2, column: 11, "'base_url'"), "\(loaded.printed)")
}

@Test func contentFolderWithoutMarkdownIsAnError() throws {
    let loaded = try load([:])
    #expect(loaded.errors.count == 1, "\(loaded.printed)")
    #expect(loaded.errors.first?.path == "Content")
}

@Test func brokenOnlyFileIsNotAlsoReportedAsNoContent() throws {
    let loaded = try load(["briefings/b.md": briefing("date: 2019-07-12")])
    #expect(loaded.errors.count == 1, "one problem, one error: \(loaded.printed)")
}

@Test func missingContentFolderIsAnError() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("briefgen-content-\(UUID().uuidString)")
    var diagnostics: [Diagnostic] = []
    let site = ContentLoader(root: root, contentDirectory: root.appendingPathComponent("Content"), includeDrafts: false).load(diagnostics: &diagnostics)
    #expect(site == nil)
    #expect(diagnostics.contains { $0.severity == .error && $0.path == "Content" })
}

@Test func contentFolderOutsideTheRootIsRead() throws {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("briefgen-content-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: base) }
    let root = base.appendingPathComponent("site")
    let content = base.appendingPathComponent("elsewhere/Content")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: content.appendingPathComponent("briefings"), withIntermediateDirectories: true)
    try Data(defaultSiteYml.utf8).write(to: content.appendingPathComponent("site.yml"))
    try Data(briefing("title: B", "date: 2019-07-12").utf8).write(to: content.appendingPathComponent("briefings/b.md"))
    var diagnostics: [Diagnostic] = []
    let site = ContentLoader(root: root, contentDirectory: content, includeDrafts: false).load(diagnostics: &diagnostics)
    #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description))")
    #expect(site?.briefings.map(\.title) == ["B"])
}

// MARK: - Drafts and order

@Test func draftsAreLeftOutUnlessIncluded() throws {
    let files = [
        "briefings/published.md": briefing("title: Published", "date: 2019-07-12"),
        "briefings/draft.md": briefing("title: Draft", "date: 2019-07-13", "draft: true"),
        "briefings/not-draft.md": briefing("title: Not draft", "date: 2019-07-11", "draft: false"),
    ]
    let without = try load(files)
    #expect(without.errors.isEmpty, "\(without.printed)")
    #expect(without.site?.briefings.map(\.title) == ["Published", "Not draft"])
    let with = try load(files, includeDrafts: true)
    #expect(with.site?.briefings.map(\.title) == ["Draft", "Published", "Not draft"])
    #expect(with.site?.briefings.first?.draft == true)
}

@Test func unknownSourceOfALeftOutDraftIsNotReported() throws {
    let loaded = try load(["briefings/d.md": briefing("title: D", "date: 2019-07-12", "draft: true", "sources: [nowhere]")])
    #expect(loaded.errors.isEmpty, "\(loaded.printed)")
}

@Test func briefingsAreSortedNewestFirstThenBySlug() throws {
    let loaded = try load([
        "briefings/m-middle.md": briefing("title: Middle", "date: 2019-07-12"),
        "briefings/z-old.md": briefing("title: Old", "date: 2018-12-31"),
        "briefings/b-new.md": briefing("title: New B", "date: 2020-01-01"),
        "briefings/a-new.md": briefing("title: New A", "date: 2020-01-01"),
    ])
    #expect(loaded.site?.briefings.map(\.slug.rawValue) == ["a-new", "b-new", "m-middle", "z-old"])
}

@Test(arguments: ["\"\"", "'  '"])
func requiredKeyWithAnEmptyStringIsAnErrorAtTheKey(_ text: String) throws {
    let loaded = try load(["briefings/b.md": briefing("title: \(text)", "date: 2019-07-12")])
    #expect(loaded.has(.error, "Content/briefings/b.md", line: 2, column: 1, "'title'", "no value"), "\(loaded.printed)")
}
