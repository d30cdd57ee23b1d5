import Foundation
import JSON
import Store

extension RunDriver {
    /// Runs a command attempt as a subprocess in the run's folder, records its pid, kills it at the
    /// cell's time-out, and concludes the attempt with its exit status and output tail.
    func performCommand(_ cell: CellRecord, attempt: Int, startedAt: Date) async {
        guard let context else { return }
        let command: RunningCommand
        do {
            command = try settings.commands.start(
                cell.target, in: context.workingDirectory,
                environment: ["ORCH_RUN_ID": runId, "ORCH_CELL": String(cell.seq), "ORCH_ATTEMPT": String(attempt)])
        } catch {
            await conclude(seq: cell.seq, attempt: attempt, outcome: .error(error.description))
            return
        }
        if work[cell.seq]?.attempt == attempt { work[cell.seq]?.command = command }
        if Task.isCancelled { command.terminate() }
        let pid = command.pid
        _ = try? await write { tx in
            try RunLedger.recordPid(tx, runId: self.runId, seq: cell.seq, attempt: attempt, pid: pid)
        }

        let deadline = startedAt.addingTimeInterval(TimeInterval(cell.timeoutSeconds))
        let timer = Task { [clock] in
            let remaining = Duration.seconds(interval: deadline.timeIntervalSince(clock.now()))
            guard (try? await clock.sleep(for: remaining)) != nil else { return }
            command.stop(.timedOut)
        }
        let result = await command.result()
        timer.cancel()

        let outcome: CellOutcome
        switch result.stop {
        case .terminated:
            // Killed because the cell moved on (a cancel): there is nothing to decide.
            return
        case .timedOut:
            outcome = .timedOut(afterSeconds: cell.timeoutSeconds)
        case nil:
            outcome = result.passed ? .passed : .failed("the command \(result.summary)")
        }
        await conclude(seq: cell.seq, attempt: attempt, outcome: outcome, report: Self.report(of: result))
    }

    /// A command's result as the attempt's report.
    static func report(of result: CommandResult) -> JSONValue {
        [
            "pid": .int(Int64(result.pid)),
            "exitStatus": result.exitStatus.map { .int(Int64($0)) } ?? .null,
            "signal": result.signal.map { .int(Int64($0)) } ?? .null,
            "stopped": result.stop.map { .string($0.rawValue) } ?? .null,
            "output": .string(result.output),
            "outputTruncated": .bool(result.outputTruncated),
            "durationMs": .int(Int64((result.duration.timeInterval * 1000).rounded())),
        ]
    }
}
