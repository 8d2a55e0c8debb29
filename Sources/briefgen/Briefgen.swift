import ArgumentParser
import BriefgenCore
import Foundation

@main
struct Briefgen: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build annotated briefing sites: entities linked, glossary terms explained, quotations checked.",
        subcommands: [BuildCommand.self, CheckCommand.self]
    )
}

/// The inputs `build` and `check` share.
struct SiteOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The site's folder; the defaults below are inside it.", valueName: "dir"))
    var root: String = "."

    @Option(help: ArgumentHelp("Content folder (site.yml, articles/, briefings/, entities/, glossary/).", valueName: "dir"))
    var content: String?

    @Option(help: ArgumentHelp("Templates folder (*.mustache and assets/).", valueName: "dir"))
    var templates: String?

    @Option(help: ArgumentHelp("Output folder, replaced whole on success.", valueName: "dir"))
    var output: String?

    @Option(name: .customLong("base-url"), help: ArgumentHelp("Absolute URL the site is hosted at; overrides site.yml.", valueName: "url"))
    var baseURL: String?

    @Flag(help: "Include briefings marked draft: true.")
    var drafts = false

    @Flag(help: "Print only errors: no warnings, no summary of a successful build.")
    var quiet = false

    @Flag(help: "Print how long each stage took.")
    var verbose = false

    /// `--base-url` ends up in links (the 404 page's home link, the feed): only http(s) is accepted,
    /// as for site.yml's `base_url`. A ValidationError is a usage error (exit 64).
    func validate() throws {
        if let baseURL, !(baseURL.hasPrefix("https://") || baseURL.hasPrefix("http://")) {
            throw ValidationError("--base-url must be an absolute http(s) URL, not '\(baseURL)'")
        }
    }

    func buildOptions() -> BuildOptions {
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        func resolve(_ path: String, against base: URL) -> URL {
            path.hasPrefix("/") ? URL(fileURLWithPath: path, isDirectory: true) : base.appendingPathComponent(path, isDirectory: true)
        }
        let root = resolve(root, against: current)
        var options = BuildOptions(root: root, content: content.map { resolve($0, against: current) },
                                   templates: templates.map { resolve($0, against: current) }, output: output.map { resolve($0, against: current) })
        options.includeDrafts = drafts
        options.baseURL = baseURL
        return options
    }

    /// Runs every stage, writing the output only when `write` is set; prints the diagnostics (only
    /// errors with `--quiet`) and a summary, and turns errors into exit status 1.
    func run(write: Bool) throws {
        let start = Date()
        let options = buildOptions()
        let report = Build(options: options).run(write: write)
        let elapsed = Date().timeIntervalSince(start)
        let formatter = DiagnosticFormatter(colour: DiagnosticFormatter.wantsColour(
            isTerminal: isatty(STDERR_FILENO) == 1, environment: ProcessInfo.processInfo.environment))
        let errors = report.diagnostics.filter { $0.severity == .error }.count
        let warnings = report.diagnostics.count - errors
        var lines = report.diagnostics.filter { !quiet || $0.severity == .error }.map(formatter.format)
        if errors > 0 || (warnings > 0 && !quiet) {
            lines.append(DiagnosticFormatter.summary(errors: errors, warnings: warnings) + (errors > 0 ? ": nothing written" : ""))
        }
        if !lines.isEmpty {
            FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        }
        if verbose {
            for (stage, seconds) in report.timings {
                print("  \(stage): \(String(format: "%.3f", seconds)) s")
            }
        }
        if errors > 0 { throw ExitCode(1) }
        if !quiet {
            let done = write ? "Wrote \(report.filesWritten) files to \(options.output.path)" : "No errors"
            print("\(done) in \(String(format: "%.2f", elapsed)) s")
        }
    }
}

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Render Content/ through Templates/ into Public/."
    )

    @OptionGroup var site: SiteOptions

    func run() throws {
        try site.run(write: true)
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run every check of a build and print the diagnostics, writing nothing."
    )

    @OptionGroup var site: SiteOptions

    func run() throws {
        try site.run(write: false)
    }
}
