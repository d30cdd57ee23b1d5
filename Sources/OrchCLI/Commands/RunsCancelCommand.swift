import Executor
import Foundation
import Store

/// `orch runs cancel ID`: cancels a run, whichever process drives it.
enum RunsCancelCommand: Command {
    static let words = ["runs", "cancel"]
    static let spec = CommandSpec(
        "runs cancel", summary: "Cancel a run: it and every cell not ended become cancelled.",
        discussion: """
            Works on a run another process is driving: that process notices within one poll \
            interval, kills its running commands and ends (its orch run exits 1). Builds already \
            started at Usetrace run on there (Usetrace has no cancel call); their outcome is ignored. \
            Exit status: 0 when cancelled, 1 when the run had already ended, 2 for an unknown id.
            """,
        options: [RunEnvironment.databaseOption],
        positionals: [PositionalSpec("ID", help: "The run id.")])

    static func run(_ arguments: ParsedArguments, context: CommandContext) async throws(CommandFailure) {
        let store = try RunEnvironment.openStore(path: RunEnvironment.databasePath(arguments, context: context))
        let id = arguments.positional("ID") ?? ""
        _ = try StoredRun.load(id, from: store)
        let cancelled: Bool
        do {
            cancelled = try RunLedger.cancel(in: store, runId: id)
        } catch {
            throw .cannotWork("cannot cancel run \(id): \(error)")
        }
        guard cancelled else {
            let status = (try? store.run(id: id))?.status.rawValue ?? "ended"
            context.console.err("orch: run \(id) has already ended (\(status)): nothing to cancel\n")
            throw .checkFailed
        }
        context.console.out("run \(id) cancelled\n")
    }
}
