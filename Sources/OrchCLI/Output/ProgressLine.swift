import Executor
import Foundation
import Store

/// The progress of a run as lines, one per state change, for a pipe or a CI log:
/// `<time> <run id> cell 3 stage 2 ZuBm…/firefox running attempt 1 build b-17`.
///
/// Every line starts with the RFC 3339 UTC time and the run id, then `run`, `cell N` or `plan`, so
/// a log can be grepped by run and cell. Step ids are written in full (docs/RUNNING.md).
enum ProgressLine {
    /// The first line: the plan of the run and its size.
    static func plan(runId: String, name: String, hash: String, stages: Int, cells: Int, at time: Date) -> String {
        "\(Timestamp.rfc3339(time)) \(runId) plan \(name) \(hash) stages \(stages) cells \(cells)"
    }

    /// `… run running`, `… run passed`.
    static func run(runId: String, status: RunStatus, at time: Date) -> String {
        "\(Timestamp.rfc3339(time)) \(runId) run \(status.rawValue)"
    }

    /// `… cell 3 stage 2 login/firefox failed attempt 2 build b-9: 1 of 1 test failed`.
    static func cell(_ cell: CellProgress, at time: Date) -> String {
        "\(Timestamp.rfc3339(time)) \(cell.runId) cell \(cell.seq) stage \(cell.stage) \(label(cell)) \(state(cell))"
    }

    /// `… cell 3 notice: asking for the status of build b-9 failed: …; trying again`.
    static func notice(runId: String, seq: Int?, message: String, at time: Date) -> String {
        let subject = seq.map { "cell \($0) notice" } ?? "notice"
        return "\(Timestamp.rfc3339(time)) \(runId) \(subject): \(oneLine(message))"
    }

    /// `login/firefox` for a browser cell, the step id alone for a command.
    static func label(_ cell: CellProgress) -> String {
        cell.browserName.map { "\(cell.stepId)/\($0)" } ?? cell.stepId
    }

    /// The cell's state in words: `running attempt 1 build b-17`, `retrying after attempt 1: …`, `passed attempt 2 flaky`.
    static func state(_ cell: CellProgress) -> String {
        let reason = cell.error.map { ": " + oneLine($0) } ?? ""
        let build = cell.buildId.map { " build \($0)" } ?? ""
        switch cell.status {
        case .pending:
            return cell.attempt == 0 ? "pending" : "retrying after attempt \(cell.attempt)\(reason)"
        case .running:
            return "running attempt \(cell.attempt)\(build)"
        case .passed:
            return "passed attempt \(cell.attempt)\(build)" + (cell.flaky ? " flaky" : "")
        case .failed:
            return "failed attempt \(cell.attempt)\(build)" + (cell.soft ? " soft" : "") + reason
        case .error:
            return "error attempt \(cell.attempt)\(build)" + (cell.soft ? " soft" : "") + reason
        case .skipped, .cancelled:
            return cell.status.rawValue + reason
        }
    }

    /// `text` on one line: line breaks become spaces.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
