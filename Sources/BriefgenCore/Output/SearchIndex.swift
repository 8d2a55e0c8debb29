/// search.json: one entry per page a reader may look for, with the words to match on. URLs are
/// relative to the site root.
enum SearchIndex {
    struct Entry {
        var kind: String
        var title: String
        var url: String
        var date: String?
        var summary: String
        var entities: [String] = []
        var terms: [String] = []
        var tags: [String] = []
    }

    static func file(site: Site, bodies: [PageID: AnnotatedBody]) -> OutputFile {
        let entityNames = Dictionary(uniqueKeysWithValues: site.entities.map { ($0.slug.rawValue, $0.name) })
        let termNames = Dictionary(uniqueKeysWithValues: site.terms.map { ($0.slug.rawValue, $0.term) })
        func names(_ page: PageID) -> (entities: [String], terms: [String]) {
            var entities: [String] = []
            var terms: [String] = []
            for target in bodies[page]?.annotation.linkedTargets ?? [] {
                switch target {
                case .entity(let slug): entities += entityNames[slug].map { [$0] } ?? []
                case .term(let slug): terms += termNames[slug].map { [$0] } ?? []
                }
            }
            return (entities, terms)
        }
        var entries: [Entry] = []
        for briefing in site.briefings {
            let page = PageID.briefing(briefing.slug)
            let (entities, terms) = names(page)
            entries.append(Entry(kind: "briefing", title: briefing.title, url: page.href, date: briefing.date.description,
                                 summary: briefing.summary ?? bodies[page]?.firstParagraph ?? "", entities: entities, terms: terms,
                                 tags: briefing.tags.map(\.value)))
        }
        for article in site.articles {
            let page = PageID.article(article.slug)
            let (entities, terms) = names(page)
            entries.append(Entry(kind: "article", title: article.title, url: page.href, date: article.date.description,
                                 summary: [article.outlet, article.dateline].compactMap { $0 }.joined(separator: ", "), entities: entities, terms: terms))
        }
        for entity in site.entities {
            entries.append(Entry(kind: "entity", title: entity.name, url: PageID.entity(entity.slug).href, summary: entity.summary ?? "", entities: entity.aliases))
        }
        for term in site.terms {
            entries.append(Entry(kind: "term", title: term.term, url: PageID.term(term.slug).href, summary: term.definition, terms: term.aliases))
        }
        let json = "[\n" + entries.map(encode).joined(separator: ",\n") + "\n]\n"
        return OutputFile(path: "search.json", text: json)
    }

    private static func encode(_ entry: Entry) -> String {
        var fields = [("kind", JSON.string(entry.kind)), ("title", JSON.string(entry.title)), ("url", JSON.string(entry.url))]
        if let date = entry.date { fields.append(("date", JSON.string(date))) }
        fields.append(("summary", JSON.string(entry.summary)))
        for (key, values) in [("entities", entry.entities), ("terms", entry.terms), ("tags", entry.tags)] where !values.isEmpty {
            fields.append((key, "[" + values.map(JSON.string).joined(separator: ",") + "]"))
        }
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }
}

/// JSON string literals, written by hand so the output is byte-stable and safe to inline in a
/// `<script>` element (`<`, `>` and `&` are escaped).
enum JSON {
    static func string(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                result += "\\u" + hex(scalar.value)
            default:
                if scalar.value < 0x20 {
                    result += "\\u" + hex(scalar.value)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
