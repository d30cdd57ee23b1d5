import Executor
import Foundation
import JSON
import PlanCompiler
import Store

/// `orch runs rerun ID [--failed]`: a new run of the same compiled plan, followed like `orch run`.
enum RunsRerunCommand: Command {
    static let words = ["runs", "rerun"]
    /// The run setting listing the cells a rerun skipped because they had passed (`--failed`).
    static let passedBeforeSetting = "passedBefore"
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
        let failedOnly = arguments.flag("failed")
        // A cell a rerun skipped because it had passed before counts as passed, so reruns of reruns narrow.
        let passedBefore = Set(
            source.settings[passedBeforeSetting]?.arrayValue?.compactMap { $0.intValue.map(Int.init) } ?? [])
        let kept =
            failedOnly
            ? cells.filter { $0.status == .passed || ($0.status == .skipped && passedBefore.contains($0.seq)) }.map(
                \.seq)
            : []
        guard kept.count < cells.count || cells.isEmpty else {
            context.console.err("orch: nothing to rerun: every cell of run \(id) passed\n")
            return
        }

        let rerun: RunRecord
        do {
            guard let plan = try store.plan(hash: source.planHash) else {
                throw CommandFailure.cannotWork("the plan \(source.planHash) of run \(id) is not in the database")
            }
            let storedKey = try store.runSecrets(id: id)?.usetraceKey
            let key = environment.usetraceKey ?? storedKey
            let settings: [String: JSONValue] = [
                RunDriver.workingDirectorySetting: source.settings[RunDriver.workingDirectorySetting]
                    ?? .string(context.currentDirectory),
                DriverClaim.setting: .int(Int64(getpid())),
                "rerunOf": .string(id),
                "rerunFailedOnly": .bool(failedOnly),
                passedBeforeSetting: .array(kept.map { .int(Int64($0)) }),
            ]
            rerun = try await store.write { tx in
                let run = try tx.createRun(
                    plan: plan, clientName: source.clientName, usetraceKey: key, settings: settings)
                try skipPassed(kept, in: tx, runId: run.id, sourceId: id)
                return run
            }
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw .cannotWork("cannot store the rerun of run \(id): \(error)")
        }

        let toRun = cells.count - kept.count
        let line = "run \(rerun.id): rerun of \(id), \(toRun) of \(cells.count) cell\(cells.count == 1 ? "" : "s")\n"
        let format: RunFollower.Format = arguments.choice("format") ?? .text
        format == .text ? context.console.out(line) : context.console.err(line)
        try await RunFollower(
            store: store, runId: rerun.id, environment: environment, arguments: arguments, context: context
        ).follow()
    }

    /// Marks the new run's cells `seqs` skipped (they passed in `sourceId`), each with a `cell.skipped` event.
    static func skipPassed(_ seqs: [Int], in tx: WriteTransaction, runId: String, sourceId: String) throws {
        let now = Date()
        let reason = "not rerun: passed in run \(sourceId)"
        for seq in seqs {
            _ = try tx.updateCell(
                run: runId, seq: seq, expectedAttempt: 0, expectedStatus: .pending,
                set: [.status(.skipped), .finishedAt(now), .error(reason)])
            try tx.appendEvent(
                run: runId, seq: seq, attempt: 0, kind: .cellSkipped, from: CellStatus.pending.rawValue,
                to: CellStatus.skipped.rawValue, detail: ["reason": .string(reason), "rerunOf": .string(sourceId)],
                at: now)
        }
    }
}
