import Executor
import Store

/// `orch runs rerun ID [--failed]`: a new run of the same compiled plan, followed like `orch run`.
enum RunsRerunCommand: Command {
    static let words = ["runs", "rerun"]
    static let spec = CommandSpec(
        "runs rerun", summary: "Run a run's compiled plan again, as a new run, and follow it to its end.",
        discussion: """
            Without --failed every cell runs again. With --failed only the cells that did not pass \
            run again (failed, soft failed, error, skipped, cancelled, and any not ended); the cells \
            that passed (flaky ones too) are skipped in the new run with the reason 'not rerun: \
            passed in run ID', so the new run can pass (in a rerun of a rerun, such cells count as \
            passed). Nothing is stored when every cell passed. \
            The new run keeps the old one's folder, client and (unless --usetrace-key is given) its \
            API key. It prints the new run's id, then behaves as orch run (progress, exit status, --junit).
            """,
        options: [.flag("failed", help: "Only the cells that did not pass.")] + RunFollower.outputOptions
            + RunEnvironment.driveOptions,
        positionals: [PositionalSpec("ID", help: "The id of the run to run again.")])

    static func run(_ arguments: ParsedArguments, context: CommandContext) async throws(CommandFailure) {
        let environment = try RunEnvironment(arguments, context: context)
        try RunFollower.checkJUnitPath(arguments, context: context)
        let store = try environment.openStore()
        let id = arguments.positional("ID") ?? ""
        let (source, cells) = try StoredRun.load(id, from: store)
        let rerun = RunRerun(of: source, cells: cells, failedOnly: arguments.flag("failed"))
        guard rerun.cellsToRun > 0 || cells.isEmpty else {
            context.console.err("orch: nothing to rerun: every cell of run \(id) passed\n")
            return
        }

        let created: RunRecord
        do {
            guard let plan = try store.plan(hash: source.planHash) else {
                throw CommandFailure.cannotWork("the plan \(source.planHash) of run \(id) is not in the database")
            }
            created = try await rerun.create(
                in: store, plan: plan, usetraceKey: environment.usetraceKey,
                defaultWorkingDirectory: context.currentDirectory)
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw .cannotWork("cannot store the rerun of run \(id): \(error)")
        }

        let toRun = rerun.cellsToRun
        let line = "run \(created.id): rerun of \(id), \(toRun) of \(cells.count) cell\(cells.count == 1 ? "" : "s")\n"
        let format: RunFollower.Format = arguments.choice("format") ?? .text
        format == .text ? context.console.out(line) : context.console.err(line)
        try await RunFollower(
            store: store, runId: created.id, environment: environment, arguments: arguments, context: context
        ).follow()
    }
}
