import Executor
import Store

/// `orch runs list [--status S] [--limit N] [--cursor C] [--format text|json]`: the runs, newest first.
enum RunsListCommand: Command {
    static let words = ["runs", "list"]
    static let spec = CommandSpec(
        "runs list", summary: "List runs, newest first, with their cells counted by status.",
        discussion: """
            The json format is the shape of GET /api/v1/runs: {"runs": [...], "nextCursor": ...}; \
            pass a page's nextCursor to --cursor for the next page.
            """,
        options: [
            .choice(
                "status", among: RunStatus.allCases.map(\.rawValue), help: "Only runs with this status."),
            .integer("limit", range: 1...1000, help: "The most runs shown.", default: 20),
            .string("cursor", valueName: "CURSOR", help: "Start after the page that gave this nextCursor."),
            .choice("format", of: RunFollower.Format.self, help: "Output format.", default: .text),
            RunEnvironment.databaseOption,
        ])

    static func run(_ arguments: ParsedArguments, context: CommandContext) async throws(CommandFailure) {
        let store = try RunEnvironment.openStore(path: RunEnvironment.databasePath(arguments, context: context))
        let status = arguments.string("status").flatMap(RunStatus.init(rawValue:))
        let page: RunPage
        do {
            page = try store.listRuns(
                status: status, limit: arguments.integer("limit") ?? 20, cursor: arguments.string("cursor"))
        } catch let error as StoreError where error.kind == .invalidCursor {
            throw .usage(UsageError(.other("--cursor: \(error.message)"), command: spec.name))
        } catch {
            throw .cannotWork("cannot list the runs: \(error)")
        }
        switch arguments.choice("format") ?? RunFollower.Format.text {
        case .text: context.console.out(RunText.list(page))
        case .json: context.console.out(RunDocument.list(page).prettyText + "\n")
        }
    }
}
