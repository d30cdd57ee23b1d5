import Foundation
import JSON
import PlanCompiler

/// `orch validate [--format text|json|github] [--strict] PATH...`: lints plan files and folders.
enum ValidateCommand: Command {
    enum Format: String, CaseIterable { case text, json, github }

    static let words = ["validate"]
    static let spec = CommandSpec(
        "validate", summary: "Check plan files and folders of plans without running anything.",
        discussion: """
            Each PATH is a plan file or a folder, searched recursively for *.yaml, *.yml and *.json. \
            Every problem of every file is reported, each with its file, line and column. Exit status: \
            0 when every plan is valid, 1 when any has an error (or a warning, with --strict), 2 when a \
            PATH cannot be read.
            """,
        options: [
            .choice("format", of: Format.self, help: "How problems are printed.", default: .text),
            .flag("strict", help: "Warnings fail the check too."),
        ],
        positionals: [PositionalSpec("PATH", arity: .oneOrMore, help: "A plan file or a folder of plans.")])

    static func run(_ arguments: ParsedArguments, context: CommandContext) async throws(CommandFailure) {
        let format: Format = arguments.choice("format") ?? .text
        var files: [String] = []
        for path in arguments.positionals("PATH") {
            for file in try PlanFiles.expand(path) where !files.contains(file) { files.append(file) }
        }
        var diagnostics: [Diagnostic] = []
        var compiledByFolder: [String: [(path: String, plan: CompiledPlan)]] = [:]
        for file in files {
            let result = try PlanFiles.compile(file)
            diagnostics += result.diagnostics
            if let plan = result.plan {
                compiledByFolder[(file as NSString).deletingLastPathComponent, default: []].append((file, plan))
            }
        }
        for folder in compiledByFolder.keys.sorted() {
            diagnostics += Compiler.duplicateNames(compiledByFolder[folder] ?? [])
        }
        let errors = diagnostics.filter { $0.severity == .error }
        let warnings = diagnostics.filter { $0.severity == .warning }
        let out = context.console.out
        switch format {
        case .text:
            var text = ""
            var lines: [String: [String]] = [:]
            for d in diagnostics {
                var excerpt: [String]?
                if context.console.outIsTerminal {
                    if lines[d.location.file] == nil, let bytes = try? PlanFiles.read(d.location.file) {
                        lines[d.location.file] = String(decoding: bytes, as: UTF8.self)
                            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                    }
                    excerpt = lines[d.location.file]
                }
                text += DiagnosticOutput.text(d, excerpt: excerpt)
            }
            text += summary(files: files.count, errors: errors.count, warnings: warnings.count) + "\n"
            out(text)
        case .json:
            let document: JSONValue = [
                "files": .int(Int64(files.count)),
                "errors": .array(errors.map(DiagnosticOutput.json)),
                "warnings": .array(warnings.map(DiagnosticOutput.json)),
            ]
            out(document.prettyText + "\n")
        case .github:
            out(diagnostics.map(DiagnosticOutput.github).joined())
            context.console.err(summary(files: files.count, errors: errors.count, warnings: warnings.count) + "\n")
        }
        if !errors.isEmpty || (arguments.flag("strict") && !warnings.isEmpty) { throw .checkFailed }
    }

    static func summary(files: Int, errors: Int, warnings: Int) -> String {
        func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        let checked = count(files, "plan") + " checked"
        if errors == 0 && warnings == 0 { return checked + ": all valid" }
        return checked + ": " + count(errors, "error") + ", " + count(warnings, "warning")
    }
}
