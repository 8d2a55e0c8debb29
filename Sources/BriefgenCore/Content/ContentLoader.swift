import Foundation

/// Reads and validates Content/: site.yml and the four folders of Markdown files.
public struct ContentLoader {
    /// Paths in diagnostics are relative to this folder.
    public var root: URL
    public var contentDirectory: URL
    public var includeDrafts: Bool

    public init(root: URL, contentDirectory: URL, includeDrafts: Bool) {
        self.root = root.standardizedFileURL
        self.contentDirectory = contentDirectory.standardizedFileURL
        self.includeDrafts = includeDrafts
    }

    /// The site, or nil when something essential (site.yml, the folder itself) is unusable.
    /// Every problem found is appended to `diagnostics`; the site may be partial when there are errors.
    public func load(diagnostics: inout [Diagnostic]) -> Site? {
        let contentPath = displayPath(contentDirectory)
        guard isDirectory(contentDirectory) else {
            diagnostics.append(.error("content folder not found", path: contentPath))
            return nil
        }
        let configURL = contentDirectory.appendingPathComponent("site.yml")
        if isSymbolicLink(configURL) && !isInsideRoot(configURL) {
            diagnostics.append(.error("site.yml is a symbolic link pointing outside the site root: not followed; every site needs a site.yml", path: displayPath(configURL)))
            return nil
        }
        guard let configText = readText(configURL, diagnostics: &diagnostics) else {
            if isEmptyFolder(contentDirectory) {
                diagnostics.append(.error("the content folder is empty: add site.yml (with at least 'title: …') and Markdown files under articles/, briefings/, entities/ or glossary/", path: contentPath))
            } else if !FileManager.default.fileExists(atPath: configURL.path) {
                diagnostics.append(.error("site.yml not found: every site needs one with at least 'title: …'", path: displayPath(configURL)))
            }
            return nil
        }
        let config = loadConfig(configText, path: displayPath(configURL), diagnostics: &diagnostics)

        var markdownFiles = 0
        let articles = files(in: "articles", found: &markdownFiles, diagnostics: &diagnostics).compactMap { loadArticle($0, diagnostics: &diagnostics) }
        let entities = files(in: "entities", found: &markdownFiles, diagnostics: &diagnostics).compactMap { loadEntity($0, diagnostics: &diagnostics) }
        let terms = files(in: "glossary", found: &markdownFiles, diagnostics: &diagnostics).compactMap { loadTerm($0, diagnostics: &diagnostics) }
        var briefings = files(in: "briefings", found: &markdownFiles, diagnostics: &diagnostics).compactMap { loadBriefing($0, diagnostics: &diagnostics) }
        if !includeDrafts { briefings.removeAll(where: \.draft) }
        briefings.sort { ($0.date, $1.slug) > ($1.date, $0.slug) }

        let articleSlugs = Set(articles.map(\.slug))
        for briefing in briefings {
            for source in briefing.sources where !articleSlugs.contains(source.value) {
                diagnostics.append(.error("unknown source '\(source.value)': no file Content/articles/\(source.value).md", path: briefing.body.path, line: source.line, column: source.column))
            }
        }
        // Files that are there but failed to load have their own diagnostics; this is for a site with none.
        if markdownFiles == 0 {
            diagnostics.append(.error("no content: add Markdown files under articles/, briefings/, entities/ or glossary/", path: contentPath))
        }
        guard let config else { return nil }
        return Site(config: config, articles: articles, briefings: briefings, entities: entities, terms: terms)
    }

    // MARK: - Files

    /// A Markdown file of one of the content folders, read and split.
    struct ContentFile {
        var slug: Slug
        var path: String
        var frontMatter: FrontMatter
        var body: MarkdownSource
    }

    /// The Markdown files of `folder` that could be read and split; `found` counts every Markdown
    /// file seen, whether or not it loaded.
    private func files(in folder: String, found: inout Int, diagnostics: inout [Diagnostic]) -> [ContentFile] {
        let directory = contentDirectory.appendingPathComponent(folder)
        guard isDirectory(directory) else { return [] }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        } catch {
            diagnostics.append(.error("cannot read folder: \(error.localizedDescription)", path: displayPath(directory)))
            return []
        }
        var seen: [Slug: String] = [:]
        var result: [ContentFile] = []
        for name in names {
            let url = directory.appendingPathComponent(name)
            let path = displayPath(url)
            let isMarkdown = name.hasSuffix(".md") || name.hasSuffix(".markdown")
            if name.hasPrefix(".") {
                // Hidden files (.DS_Store, editor files) are skipped silently, but a hidden Markdown
                // file such as `..md` or `.draft.md` is most likely a mistake: its slug would be invalid.
                if isMarkdown && isRegularFile(url) {
                    diagnostics.append(.warning("hidden file '\(name)' ignored: a content file's name (its slug) must start with a lowercase letter or digit", path: path))
                }
                continue
            }
            guard isMarkdown else {
                if !isDirectory(url) {
                    diagnostics.append(.warning("not a Markdown file (.md): ignored", path: path))
                }
                continue
            }
            found += 1
            guard staysInsideRoot(url, path: path, diagnostics: &diagnostics) else { continue }
            if isSymbolicLink(url) && !FileManager.default.fileExists(atPath: url.path) {
                diagnostics.append(.warning("broken symbolic link '\(name)': ignored", path: path))
                continue
            }
            let stem = String(name.prefix(upTo: name.lastIndex(of: ".") ?? name.endIndex))
            guard let slug = Slug(rawValue: stem) else {
                diagnostics.append(.error("invalid file name '\(stem)': a slug uses only lowercase letters, digits and hyphens, starting with a letter or digit", path: path))
                continue
            }
            if let other = seen[slug] {
                diagnostics.append(.error("duplicate slug '\(slug)': \(other) has it too", path: path))
                continue
            }
            seen[slug] = path
            guard let text = readText(url, diagnostics: &diagnostics),
                let split = SplitFile.split(text, path: path, diagnostics: &diagnostics),
                let frontMatter = FrontMatter(yaml: split.yaml, path: path, firstLine: split.yamlFirstLine, diagnostics: &diagnostics)
            else { continue }
            result.append(ContentFile(slug: slug, path: path, frontMatter: frontMatter,
                                      body: MarkdownSource(path: path, markdown: split.body, firstLine: split.bodyFirstLine)))
        }
        return result
    }

    /// Symbolic links may organise Content/, but never pull in files from outside the root or the
    /// content folder (which `--content` may put outside the root).
    private func staysInsideRoot(_ url: URL, path: String, diagnostics: inout [Diagnostic]) -> Bool {
        if isInsideRoot(url) { return true }
        diagnostics.append(.warning("symbolic link points outside the site root: not followed", path: path))
        return false
    }

    /// Whether `url`, every symbolic link on its way resolved, lies inside the root or the content folder.
    private func isInsideRoot(_ url: URL) -> Bool {
        let resolved = url.resolvingSymlinksInPath().path
        for folder in [root, contentDirectory] {
            let folderPath = folder.resolvingSymlinksInPath().path
            if resolved == folderPath || resolved.hasPrefix(folderPath.hasSuffix("/") ? folderPath : folderPath + "/") { return true }
        }
        return false
    }

    /// The item's own type, a symbolic link not followed.
    private func itemType(_ url: URL) -> FileAttributeType? {
        (try? FileManager.default.attributesOfItem(atPath: url.path))?[.type] as? FileAttributeType
    }

    private func isSymbolicLink(_ url: URL) -> Bool { itemType(url) == .typeSymbolicLink }

    private func isRegularFile(_ url: URL) -> Bool { itemType(url) == .typeRegular }

    /// A folder holding nothing but hidden files (`.gitkeep`, `.DS_Store`).
    private func isEmptyFolder(_ url: URL) -> Bool {
        ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).allSatisfy { $0.hasPrefix(".") }
    }

    private func readText(_ url: URL, diagnostics: inout [Diagnostic]) -> String? {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            if FileManager.default.fileExists(atPath: url.path) {
                diagnostics.append(.error("cannot read file", path: displayPath(url)))
            }
            return nil
        }
        if let text = String(validating: data, as: UTF8.self) {
            return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        }
        let (line, column) = Self.firstInvalidUTF8(in: data)
        diagnostics.append(.error("invalid UTF-8: content files must be UTF-8 text", path: displayPath(url), line: line, column: column))
        return nil
    }

    /// Line and column (in characters) of the first byte that is not part of valid UTF-8.
    static func firstInvalidUTF8(in data: Data) -> (line: Int, column: Int) {
        let bytes = [UInt8](data)
        var line = 1
        var lineStart = 0
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            let length = lead < 0x80 ? 1 : lead >> 5 == 0b110 ? 2 : lead >> 4 == 0b1110 ? 3 : lead >> 3 == 0b11110 ? 4 : 0
            let end = index + length
            guard length > 0, end <= bytes.count,
                String(validating: bytes[index..<end], as: UTF8.self) != nil
            else { break }
            if lead == UInt8(ascii: "\n") {
                line += 1
                lineStart = end
            }
            index = end
        }
        let column = String(decoding: bytes[lineStart..<index], as: UTF8.self).count + 1
        return (line, column)
    }

    private func isDirectory(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// `url` relative to the root when inside it, else as given.
    func displayPath(_ url: URL) -> String {
        Diagnostic.path(of: url, relativeTo: root)
    }

    // MARK: - Kinds of file

    /// Unquoted, YAML reads these as false: each means `off`.
    private static let quoteCheckOffSpellings: [String: QuoteCheck] =
        Dictionary(uniqueKeysWithValues: ["false", "False", "FALSE", "no", "No", "NO", "Off", "OFF"].map { ($0, .off) })

    private func loadConfig(_ text: String, path: String, diagnostics: inout [Diagnostic]) -> SiteConfig? {
        guard var fields = FrontMatter(yaml: text, path: path, firstLine: 1, diagnostics: &diagnostics) else { return nil }
        defer {
            fields.finish()
            diagnostics.append(contentsOf: fields.diagnostics)
        }
        // Every key is read before giving up on a missing title, so that all of site.yml's problems
        // are reported and no known key is mistaken for an unknown one.
        let title = fields.string("title", required: true)
        var config = SiteConfig(title: title?.value ?? "")
        config.description = fields.string("description")?.value ?? ""
        config.language = fields.string("language")?.value ?? "en"
        if let baseURL = fields.string("base_url") {
            if baseURL.value.hasPrefix("https://") || baseURL.value.hasPrefix("http://") {
                config.baseURL = baseURL.value
            } else {
                diagnostics.append(.error("'base_url' must be an absolute http(s) URL, not '\(baseURL.value)'", path: path, line: baseURL.line, column: baseURL.column))
            }
        }
        config.linkMentions = fields.choice("link_mentions") ?? .first
        config.quoteCheck = fields.choice("quote_check", aliases: Self.quoteCheckOffSpellings) ?? .strict
        config.pageSize = fields.integer("page_size", in: 1...10_000) ?? 50
        config.unsafeHTML = fields.bool("unsafe_html") ?? false
        return title == nil ? nil : config
    }

    /// Runs `read` over the file's front matter, then reports its problems and unknown keys.
    private func reading<Value>(_ file: ContentFile, diagnostics: inout [Diagnostic], _ read: (inout FrontMatter) -> Value?) -> Value? {
        var fields = file.frontMatter
        let value = read(&fields)
        fields.finish()
        diagnostics.append(contentsOf: fields.diagnostics)
        return fields.diagnostics.contains { $0.severity == .error } ? nil : value
    }

    private func loadArticle(_ file: ContentFile, diagnostics: inout [Diagnostic]) -> Article? {
        reading(file, diagnostics: &diagnostics) { fields in
            let title = fields.string("title", required: true)
            let outlet = fields.string("outlet")?.value
            let dateline = fields.string("dateline")?.value
            let date = fields.date("date", required: true)
            let url = fields.string("url")
            // The page links to it: anything but http(s) (javascript:, data:, a relative path) is refused.
            if let url, !Self.isAbsoluteHTTPURL(url.value) {
                fields.reportInvalid("'url' must be an absolute http(s) URL (the original article's address), not '\(url.value)'", at: url)
            }
            guard let title, let date else { return nil }
            return Article(slug: file.slug, title: title.value, outlet: outlet, dateline: dateline, date: date, url: url?.value, body: file.body)
        }
    }

    private func loadBriefing(_ file: ContentFile, diagnostics: inout [Diagnostic]) -> Briefing? {
        reading(file, diagnostics: &diagnostics) { fields in
            let title = fields.string("title", required: true)
            let date = fields.date("date", required: true)
            let summary = fields.string("summary")?.value
            let sources = slugs(fields.stringList("sources"), key: "sources", fields: &fields)
            let tags = fields.stringList("tags")
            let author = fields.string("author")?.value
            let draft = fields.bool("draft") ?? false
            let quoteCheck: QuoteCheck? = fields.choice("quote_check", aliases: Self.quoteCheckOffSpellings)
            guard let title, let date else { return nil }
            return Briefing(slug: file.slug, title: title.value, date: date, summary: summary, sources: sources,
                            tags: tags, author: author, draft: draft, quoteCheck: quoteCheck, body: file.body)
        }
    }

    private func loadEntity(_ file: ContentFile, diagnostics: inout [Diagnostic]) -> Entity? {
        reading(file, diagnostics: &diagnostics) { fields in
            let name = fields.string("name", required: true)
            let kind: EntityKind = fields.choice("kind") ?? .other
            let aliases = fields.stringList("aliases").map(\.value)
            let summary = fields.string("summary")?.value
            guard let name else { return nil }
            return Entity(slug: file.slug, name: name.value, kind: kind, aliases: aliases, summary: summary, body: file.body)
        }
    }

    private func loadTerm(_ file: ContentFile, diagnostics: inout [Diagnostic]) -> GlossaryTerm? {
        reading(file, diagnostics: &diagnostics) { fields in
            let term = fields.string("term", required: true)
            let aliases = fields.stringList("aliases").map(\.value)
            let definition = fields.string("definition", required: true)
            guard let term, let definition else { return nil }
            return GlossaryTerm(slug: file.slug, term: term.value, aliases: aliases, definition: definition.value, body: file.body)
        }
    }

    /// `http://` or `https://` (scheme in any case) followed by a host.
    static func isAbsoluteHTTPURL(_ text: String) -> Bool {
        let lowered = text.lowercased()
        for scheme in ["http://", "https://"] where lowered.hasPrefix(scheme) {
            let rest = lowered.dropFirst(scheme.count)
            return rest.first.map { $0 != "/" && !$0.isWhitespace } ?? false
        }
        return false
    }

    private func slugs(_ values: [Located<String>], key: String, fields: inout FrontMatter) -> [Located<Slug>] {
        values.compactMap { value in
            guard let slug = Slug(rawValue: value.value) else {
                fields.reportInvalid("'\(value.value)' in '\(key)' is not a valid slug", at: value)
                return nil
            }
            return Located(slug, line: value.line, column: value.column)
        }
    }
}
