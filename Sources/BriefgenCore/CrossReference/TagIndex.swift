/// Groups briefings by tag. A tag's page lives at `tags/SLUG/`, its slug made from its name, so
/// "Trade" and "trade" share one page and no tag can name a path outside `tags/`.
enum TagIndex {
    /// Lowercase ASCII letters and digits, other runs of characters turned into one hyphen;
    /// nil when nothing is left (a tag of punctuation only, or in a non-Latin script).
    static func slug(for tag: String) -> String? {
        var slug = ""
        var pendingHyphen = false
        for scalar in tag.lowercased().unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                if pendingHyphen && !slug.isEmpty { slug += "-" }
                slug.unicodeScalars.append(scalar)
                pendingHyphen = false
            } else {
                pendingHyphen = true
            }
        }
        return slug.isEmpty ? nil : slug
    }

    /// The tag pages, in slug order; tags that make no slug are reported.
    static func pages(for briefings: [Briefing], diagnostics: inout [Diagnostic]) -> [SiteRenderer.TagPage] {
        var pages: [String: SiteRenderer.TagPage] = [:]
        for briefing in briefings {
            for tag in briefing.tags {
                guard let slug = slug(for: tag.value) else {
                    diagnostics.append(.error("tag '\(tag.value)' has no letters or digits (a-z, 0-9) to name its page", path: briefing.body.path, line: tag.line, column: tag.column))
                    continue
                }
                if pages[slug]?.briefings.last?.slug == briefing.slug { continue }
                pages[slug, default: SiteRenderer.TagPage(name: tag.value, slug: slug, briefings: [])].briefings.append(briefing)
            }
        }
        return pages.values.sorted { $0.slug < $1.slug }
    }
}
