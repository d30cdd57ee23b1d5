import Crypto
import Foundation
import JSON
import PlanCompiler
import Store
import Usetrace

extension RunDriver {
    /// Loads the run, its plan and secrets into `context`.
    func load() async throws -> RunRecord {
        let fallbackDirectory = settings.workingDirectory ?? FileManager.default.currentDirectoryPath
        let (run, context) = try await io.run { [store, runId] in
            guard let run = try store.run(id: runId) else { throw ExecutorError.unknownRun(runId) }
            guard let plan = try store.plan(hash: run.planHash) else {
                throw ExecutorError.unknownPlan(run.planHash, run: runId)
            }
            let secrets = try store.runSecrets(id: runId)
            let folder = run.settings[RunDriver.workingDirectorySetting]?.stringValue ?? fallbackDirectory
            let context = RunContext(
                plan: plan, schedule: ScheduleSettings(plan), usetraceKey: secrets?.usetraceKey.map(APIKey.init),
                webhookSecret: secrets?.webhookSecret ?? "", workingDirectory: folder)
            return (run, context)
        }
        self.context = context
        return run
    }

    /// Takes over the cells that were running when this driver started (a resumed run):
    /// - a build with a recorded build id is followed again;
    /// - a build without one (its start was in flight) is started again: same attempt, new token,
    ///   with a `cell.restarted` event;
    /// - a command is started again after its old process group, if still alive, is killed.
    func adoptRunningCells() async throws {
        let cells = try await io.run { [store, runId] in
            try store.cells(run: runId).filter { $0.status == .running }
        }
        for cell in cells {
            switch cell.kind {
            case .trace, .tag:
                if let buildId = cell.buildId {
                    notice(seq: cell.seq, "following build \(buildId) of attempt \(cell.attempt) again")
                    launch(
                        cell, attempt: cell.attempt, token: cell.token, startedAt: cell.startedAt ?? clock.now(),
                        buildId: buildId)
                } else {
                    try await restart(
                        cell, reason: "the build's start was in flight when orch stopped (no build id was recorded)")
                }
            case .command:
                let pid = try await io.run { [store, runId] in
                    try store.attempts(run: runId, seq: cell.seq).first { $0.attempt == cell.attempt }?.pid
                }
                if let pid, ProcessGroup(id: pid).isAlive {
                    await ProcessGroup(id: pid).terminate(grace: settings.commands.killGrace)
                    try await restart(
                        cell,
                        reason: "the command was still running from before orch stopped: its process group \(pid) "
                            + "was killed",
                        detail: ["killedPid": .int(Int64(pid))])
                } else {
                    try await restart(cell, reason: "the command was running when orch stopped")
                }
            }
        }
    }

    /// Starts a running attempt again (new token, new start time) with a `cell.restarted` event.
    private func restart(_ cell: CellRecord, reason: String, detail: [String: JSONValue] = [:]) async throws {
        let token = cell.kind == .command ? nil : Digest.randomIdentifier()
        let now = clock.now()
        let restarted = try await write { tx in
            try RunLedger.restart(
                tx, runId: self.runId, seq: cell.seq, attempt: cell.attempt, token: token, reason: reason,
                detail: detail, at: now)
        }
        guard restarted else { return }
        notice(seq: cell.seq, "starting attempt \(cell.attempt) again: \(reason)")
        launch(cell, attempt: cell.attempt, token: token, startedAt: now, buildId: nil)
    }
}
