import Foundation
import JSON
import PlanCompiler

/// `orch compile [--format text|json] PLAN`: prints the compiled plan.
enum CompileCommand: Command {
    enum Format: String, CaseIterable { case text, json }

    static let words = ["compile"]
    static let spec = CommandSpec(
        "compile", summary: "Compile a plan and print its stages and cells.",
        discussion: """
            The text format is a table of stages and cells; the json format is the compiled plan's \
            contract (plan-format.md): name, hash, project, stages, cells and steps. Problems go to \
            stderr; exit status 1 when the plan does not compile.
            """,
        options: [.choice("format", of: Format.self, help: "Output format.", default: .text)],
        positionals: [PositionalSpec("PLAN", help: "The plan file.")])

    static func run(_ arguments: ParsedArguments, context: CommandContext) async throws(CommandFailure) {
        let path = arguments.positional("PLAN") ?? ""
        let result = try PlanFiles.compile(path)
        let problems = result.diagnostics.map { DiagnosticOutput.text($0, excerpt: nil) }.joined()
        if !problems.isEmpty { context.console.err(problems) }
        guard let plan = result.plan else { throw .checkFailed }
        switch arguments.choice("format") ?? Format.text {
        case .json: context.console.out(plan.jsonValue.prettyText + "\n")
        case .text: context.console.out(PlanTable.render(plan))
        }
    }
}

/// The text form of a compiled plan: a header and one row per cell, stage by stage.
enum PlanTable {
    static func render(_ plan: CompiledPlan) -> String {
        var out = "plan \(plan.name)  \(plan.hash)\n"
        out += "project \(plan.project ?? "-")  order \(plan.order.rawValue)  onFailure \(plan.onFailure.rawValue)"
        out += "  maxParallel \(plan.maxParallel.map(String.init) ?? "all")\n"
        out +=
            "\(plan.stageCount) stage\(plan.stageCount == 1 ? "" : "s"), \(plan.cells.count) cell\(plan.cells.count == 1 ? "" : "s")\n\n"
        let header = ["STAGE", "SEQ", "STEP", "KIND", "TARGET", "BROWSER", "LANE", "TIMEOUT", "RETRIES", "NEEDS"]
        var rows: [[String]] = []
        for cell in plan.cells {
            var browser = cell.browserName ?? "-"
            if let capability = cell.capability, capability.count > 1 {
                let extra = capability.filter { $0.key != "browserName" }
                browser += " " + JSONValue.object(extra).canonicalText
            }
            var step = cell.stepId
            if cell.continueOnError { step += " (continueOnError)" }
            rows.append([
                String(cell.stage), String(cell.seq), step, cell.kind.rawValue, cell.target, browser,
                cell.lane.map(String.init) ?? "-", duration(cell.timeoutSeconds), String(cell.retries),
                cell.needs.isEmpty ? "-" : cell.needs.joined(separator: ","),
            ])
        }
        var widths = header.map(\.count)
        for row in rows {
            for (i, field) in row.enumerated() { widths[i] = min(max(widths[i], field.count), 48) }
        }
        func line(_ fields: [String]) -> String {
            var text = ""
            for (i, field) in fields.enumerated() {
                let shown = field.count > 48 ? String(field.prefix(47)) + "…" : field
                text +=
                    i == fields.count - 1 ? shown : shown.padding(toLength: widths[i] + 2, withPad: " ", startingAt: 0)
            }
            return text + "\n"
        }
        out += line(header)
        var lastStage = 0
        for (row, cell) in zip(rows, plan.cells) {
            if cell.stage != lastStage && lastStage != 0 { out += "\n" }
            lastStage = cell.stage
            out += line(row)
        }
        return out
    }

    /// `90s`, `10m`, `1h30m`.
    static func duration(_ seconds: Int) -> String {
        if seconds % 3600 == 0 { return "\(seconds / 3600)h" }
        if seconds >= 3600 { return "\(seconds / 3600)h" + duration(seconds % 3600) }
        if seconds % 60 == 0 { return "\(seconds / 60)m" }
        return seconds > 60 ? "\(seconds / 60)m\(seconds % 60)s" : "\(seconds)s"
    }
}
