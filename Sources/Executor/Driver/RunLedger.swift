import Foundation
import JSON
import Store

/// The run lifecycle's transactions: each is a compare-and-set on the store plus its event rows,
/// made inside one `Store.write` so a change and its event commit together or not at all.
///
/// A `false` or `nil` answer means the record was not as expected (someone else changed it, or
/// the outcome was stale): nothing was written; reload and decide again.
public enum RunLedger {
    /// Applies `outcome` to attempt `attempt` of cell `seq` in one transaction, through `CellDecision`;
    /// the transition made, or `nil` when the outcome is stale (another attempt, a cell not running,
    /// a repeat of one applied already).
    ///
    /// The single entry for an outcome from any source: a poll, a webhook, a command, a time-out.
    /// `report` is kept on the attempt (Usetrace's results, a command's exit), `summary` on the cell.
    public static func decide(
        in store: Store, runId: String, seq: Int, attempt: Int, outcome: CellOutcome, report: JSONValue? = nil,
        summary: JSONValue? = nil, at time: Date = Date()
    ) throws -> CellTransition? {
        try store.write { tx in
            try decide(
                tx, runId: runId, seq: seq, attempt: attempt, outcome: outcome, report: report, summary: summary,
                at: time)
        }
    }

    /// `decide(in:…)` inside a transaction the caller holds.
    public static func decide(
        _ tx: WriteTransaction, runId: String, seq: Int, attempt: Int, outcome: CellOutcome, report: JSONValue?,
        summary: JSONValue?, at time: Date
    ) throws -> CellTransition? {
        guard let cell = try tx.cell(run: runId, seq: seq),
            let transition = CellDecision.apply(outcome, toAttempt: attempt, of: CellState(cell))
        else { return nil }
        var changes: [CellChange] = [
            .status(transition.status), .error(transition.error), .flaky(transition.flaky), .soft(transition.soft),
        ]
        if transition.status.isFinal { changes.append(.finishedAt(time)) }
        if let summary { changes.append(.summary(summary)) }
        guard
            try tx.updateCell(
                run: runId, seq: seq, expectedAttempt: attempt, expectedStatus: .running, set: changes)
        else { return nil }
        let attemptStatus: CellStatus =
            switch outcome {
            case .passed: .passed
            case .failed: .failed
            case .error: .error
            }
        _ = try tx.finishAttempt(
            run: runId, seq: seq, attempt: attempt, status: attemptStatus, finishedAt: time, error: outcome.reason,
            report: report)
        var detail: [String: JSONValue] = ["attempt": .int(Int64(attempt))]
        if let error = transition.error { detail["error"] = .string(error) }
        if transition.flaky { detail["flaky"] = true }
        if transition.soft { detail["soft"] = true }
        if let buildId = cell.buildId { detail["buildId"] = .string(buildId) }
        try tx.appendEvent(
            run: runId, seq: seq, attempt: attempt, kind: transition.eventKind, from: CellStatus.running.rawValue,
            to: transition.status.rawValue, detail: .object(detail), at: time)
        return transition
    }

    /// Cancels run `runId` in one transaction: the run and every pending or running cell become
    /// `cancelled`. `false` when the run had ended already (or does not exist).
    ///
    /// Safe from any process: a driver following the run notices at its next tick and kills its commands.
    public static func cancel(in store: Store, runId: String, at time: Date = Date()) throws -> Bool {
        try store.write { tx in try cancel(tx, runId: runId, at: time) }
    }

    /// `cancel(in:…)` inside a transaction the caller holds.
    public static func cancel(_ tx: WriteTransaction, runId: String, at time: Date) throws -> Bool {
        guard let run = try tx.run(id: runId), !run.status.isFinal else { return false }
        guard
            try tx.updateRunStatus(
                run: runId, from: [.queued, .running], to: .cancelled, finishedAt: time)
        else { return false }
        try cancelOpenCells(tx, runId: runId, at: time)
        try tx.appendEvent(
            run: runId, kind: .runCancelled, from: run.status.rawValue, to: RunStatus.cancelled.rawValue, at: time)
        return true
    }

    /// Marks every pending or running cell of the run `cancelled` (with its running attempt).
    static func cancelOpenCells(_ tx: WriteTransaction, runId: String, at time: Date) throws {
        for cell in try tx.cells(run: runId) where !cell.status.isFinal {
            guard
                try tx.updateCell(
                    run: runId, seq: cell.seq, expectedAttempt: cell.attempt, expectedStatus: cell.status,
                    set: [.status(.cancelled), .finishedAt(time)])
            else { continue }
            if cell.status == .running {
                _ = try tx.finishAttempt(
                    run: runId, seq: cell.seq, attempt: cell.attempt, status: .cancelled, finishedAt: time)
            }
            try tx.appendEvent(
                run: runId, seq: cell.seq, attempt: cell.attempt, kind: .cellCancelled, from: cell.status.rawValue,
                to: CellStatus.cancelled.rawValue, at: time)
        }
    }

    /// `queued` → `running`, with `run.started`; `false` if the run was not queued.
    static func markStarted(_ tx: WriteTransaction, runId: String, at time: Date) throws -> Bool {
        guard try tx.updateRunStatus(run: runId, from: [.queued], to: .running, startedAt: time) else { return false }
        try tx.appendEvent(
            run: runId, kind: .runStarted, from: RunStatus.queued.rawValue, to: RunStatus.running.rawValue, at: time)
        return true
    }

    /// Starts a new attempt of a pending cell (pending → running, attempt + 1, a new token, no build
    /// id yet) with its attempt row and `cell.started`; the attempt number, or `nil` if the cell
    /// was not as `cell` says.
    static func start(
        _ tx: WriteTransaction, runId: String, cell: CellRecord, token: String?, at time: Date
    ) throws
        -> Int?
    {
        let attempt = cell.attempt + 1
        guard
            try tx.updateCell(
                run: runId, seq: cell.seq, expectedAttempt: cell.attempt, expectedStatus: .pending,
                set: [
                    .status(.running), .attempt(attempt), .token(token), .buildId(nil), .startedAt(time),
                    .finishedAt(nil), .error(nil), .flaky(false), .soft(false), .summary(nil),
                ])
        else { return nil }
        try tx.insertAttempt(run: runId, seq: cell.seq, attempt: attempt, token: token, startedAt: time)
        try tx.appendEvent(
            run: runId, seq: cell.seq, attempt: attempt, kind: .cellStarted, from: CellStatus.pending.rawValue,
            to: CellStatus.running.rawValue, detail: ["attempt": .int(Int64(attempt))], at: time)
        return attempt
    }

    /// Starts a running attempt again after a restart of orch (same attempt, new token, no build id,
    /// a new start time), with `cell.restarted` saying why. `false` if the cell is no longer running
    /// that attempt, or (for a build) a build id was recorded meanwhile.
    static func restart(
        _ tx: WriteTransaction, runId: String, seq: Int, attempt: Int, token: String?, reason: String,
        detail: [String: JSONValue] = [:], at time: Date
    ) throws -> Bool {
        guard let cell = try tx.cell(run: runId, seq: seq), cell.status == .running, cell.attempt == attempt,
            cell.buildId == nil
        else { return false }
        guard
            try tx.updateCell(
                run: runId, seq: seq, expectedAttempt: attempt, expectedStatus: .running,
                set: [.token(token), .buildId(nil), .startedAt(time)])
        else { return false }
        let attemptChanges: [AttemptChange] = [.token(token), .buildId(nil), .pid(nil), .startedAt(time)]
        if !(try tx.updateAttempt(run: runId, seq: seq, attempt: attempt, set: attemptChanges)) {
            try tx.insertAttempt(run: runId, seq: seq, attempt: attempt, token: token, startedAt: time)
        }
        var detail = detail
        detail["attempt"] = .int(Int64(attempt))
        detail["reason"] = .string(reason)
        try tx.appendEvent(
            run: runId, seq: seq, attempt: attempt, kind: .cellRestarted, from: CellStatus.running.rawValue,
            to: CellStatus.running.rawValue, detail: .object(detail), at: time)
        return true
    }

    /// Records the build id of a started attempt, with `cell.build-started`; whether the cell still
    /// runs that attempt (so the build is worth following).
    static func recordBuild(
        _ tx: WriteTransaction, runId: String, seq: Int, attempt: Int, buildId: String, at time: Date
    )
        throws -> Bool
    {
        guard try tx.setCellBuildId(run: runId, seq: seq, attempt: attempt, buildId: buildId) else { return false }
        try tx.appendEvent(
            run: runId, seq: seq, attempt: attempt, kind: .cellBuildStarted,
            detail: ["attempt": .int(Int64(attempt)), "buildId": .string(buildId)], at: time)
        guard let cell = try tx.cell(run: runId, seq: seq) else { return false }
        return cell.status == .running && cell.attempt == attempt
    }

    /// Records the pid of a command attempt (its process group), so a resumed run can kill it.
    static func recordPid(_ tx: WriteTransaction, runId: String, seq: Int, attempt: Int, pid: Int32) throws {
        _ = try tx.updateAttempt(run: runId, seq: seq, attempt: attempt, set: [.pid(pid)])
    }

    /// Skips the pending cells `seqs` (pending → skipped) with `cell.skipped`; `false` if one of
    /// them was no longer pending (nothing is written then).
    static func skip(
        _ tx: WriteTransaction, runId: String, seqs: [Int], because failed: CellRecord?, at time: Date
    ) throws -> Bool {
        let reason = failed.map { "not run: step \($0.stepId) (cell \($0.seq)) failed" } ?? "not run"
        let cells = try tx.cells(run: runId)
        for seq in seqs {
            guard let cell = cells.first(where: { $0.seq == seq }), cell.status == .pending,
                try tx.updateCell(
                    run: runId, seq: seq, expectedAttempt: cell.attempt, expectedStatus: .pending,
                    set: [.status(.skipped), .finishedAt(time), .error(reason)])
            else { throw SkipConflict() }
            var detail: [String: JSONValue] = ["reason": .string(reason)]
            if let failed { detail["failedSeq"] = .int(Int64(failed.seq)) }
            try tx.appendEvent(
                run: runId, seq: seq, attempt: cell.attempt, kind: .cellSkipped, from: CellStatus.pending.rawValue,
                to: CellStatus.skipped.rawValue, detail: .object(detail), at: time)
        }
        return true
    }

    /// Thrown inside `skip`'s transaction to roll every skip of it back when one cell had changed.
    struct SkipConflict: Error {}

    /// Ends a running run with `status` (`passed` or `failed`) and its event; `false` if it was not running.
    static func finish(_ tx: WriteTransaction, runId: String, status: RunStatus, at time: Date) throws -> Bool {
        guard try tx.updateRunStatus(run: runId, from: [.running], to: status, finishedAt: time) else { return false }
        let kind: EventKind = status == .passed ? .runPassed : status == .failed ? .runFailed : .runCancelled
        try tx.appendEvent(run: runId, kind: kind, from: RunStatus.running.rawValue, to: status.rawValue, at: time)
        return true
    }
}
