import Executor
import Store

/// `orch runs show ID [--format text|json]`: one run and its cells.
enum RunsShowCommand: Command {
    static let words = ["runs", "show"]
    static let spec = CommandSpec(
        "runs show", summary: "Show a run and every cell of it.",
        discussion: "The json format is the shape of GET /api/v1/runs/{id}. An unknown id exits 2.",
        options: [
            .choice("format", of: RunFollower.Format.self, help: "Output format.", default: .text),
            RunEnvironment.databaseOption,
        ],
        positionals: [PositionalSpec("ID", help: "The run id.")])

    static func run(_ arguments: ParsedArguments, context: CommandContext) async throws(CommandFailure) {
        let store = try RunEnvironment.openStore(path: RunEnvironment.databasePath(arguments, context: context))
        let (run, cells) = try StoredRun.load(arguments.positional("ID") ?? "", from: store)
        switch arguments.choice("format") ?? RunFollower.Format.text {
        case .text: context.console.out(RunText.details(run: run, cells: cells))
        case .json: context.console.out(RunDocument.run(run, cells: cells).prettyText + "\n")
        }
    }
}
