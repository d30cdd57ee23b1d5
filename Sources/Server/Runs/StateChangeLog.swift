import Executor
import JSON
import Store

/// Turns a driver's progress into log lines: one per change of the run's status or of a cell's
/// status or attempt. The first sight of a cell that has not started is not a change.
struct StateChangeLog {
    private var runStatus: RunStatus?
    private var cells: [Int: (status: CellStatus, attempt: Int)] = [:]

    /// The log events (name and fields) that `change` makes.
    mutating func events(for change: RunProgress) -> [(String, [String: JSONValue])] {
        switch change {
        case .run(let id, let status):
            defer { runStatus = status }
            guard runStatus != status else { return [] }
            return [
                (
                    "run.status",
                    [
                        "runId": .string(id), "from": runStatus.map { .string($0.rawValue) } ?? .null,
                        "to": .string(status.rawValue),
                    ]
                )
            ]
        case .cell(let cell):
            let previous = cells[cell.seq]
            cells[cell.seq] = (cell.status, cell.attempt)
            if let previous, previous.status == cell.status, previous.attempt == cell.attempt { return [] }
            if previous == nil, cell.status == .pending, cell.attempt == 0 { return [] }
            var fields: [String: JSONValue] = [
                "runId": .string(cell.runId), "seq": .int(Int64(cell.seq)), "step": .string(cell.stepId),
                "attempt": .int(Int64(cell.attempt)), "from": previous.map { .string($0.status.rawValue) } ?? .null,
                "to": .string(cell.status.rawValue),
            ]
            if let browser = cell.browserName { fields["browser"] = .string(browser) }
            if let buildId = cell.buildId { fields["buildId"] = .string(buildId) }
            if let error = cell.error, cell.status != .passed { fields["error"] = .string(error) }
            if cell.flaky { fields["flaky"] = true }
            if cell.soft { fields["soft"] = true }
            return [("cell.status", fields)]
        case .notice(let runId, let seq, let message):
            var fields: [String: JSONValue] = ["runId": .string(runId), "message": .string(message)]
            if let seq { fields["seq"] = .int(Int64(seq)) }
            return [("run.notice", fields)]
        }
    }
}
