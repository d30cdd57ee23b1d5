import Executor
import Store

/// `orch runs resume ID`: continues a run whose `orch run` died, and follows it to its end.
enum RunsResumeCommand: Command {
    static let words = ["runs", "resume"]
    static let spec = CommandSpec(
        "runs resume", summary: "Continue a run whose orch process died, and follow it to its end.",
        discussion: """
            Builds whose id was recorded are followed again, never started twice; a build whose \
            start was in flight (no id recorded) and a command that was running are started again \
            (same attempt). The run's own stored API key is used; --usetrace-key only when it has \
            none. Same progress, exit status and --junit as orch run; a run that has ended is shown \
            and exits by its status. Refused (exit 1) while another live orch process drives the run.
            """,
        options: RunFollower.outputOptions + RunEnvironment.driveOptions,
        positionals: [PositionalSpec("ID", help: "The run id.")])

    static func run(_ arguments: ParsedArguments, context: CommandContext) async throws(CommandFailure) {
        let environment = try RunEnvironment(arguments, context: context)
        try RunFollower.checkJUnitPath(arguments, context: context)
        let store = try environment.openStore()
        let id = arguments.positional("ID") ?? ""
        _ = try StoredRun.load(id, from: store)
        try await RunFollower(store: store, runId: id, environment: environment, arguments: arguments, context: context)
            .follow()
    }
}
