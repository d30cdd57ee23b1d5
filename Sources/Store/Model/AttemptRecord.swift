import Foundation
import JSON

/// One attempt of a cell: its webhook token, build (or process) and outcome.
public struct AttemptRecord: Sendable, Hashable {
    /// The run the cell belongs to.
    public var runId: String
    /// The cell's seq.
    public var seq: Int
    /// The attempt number (1-based).
    public var attempt: Int
    /// The webhook token of this attempt (single-use; names run, cell and attempt).
    public var token: String?
    /// The Usetrace build id, once the build started.
    public var buildId: String?
    /// The process id, for a command step.
    public var pid: Int32?
    /// When the attempt started.
    public var startedAt: Date
    /// When the attempt ended.
    public var finishedAt: Date?
    /// The attempt's status (`running` until it ends).
    public var status: CellStatus
    /// Why the attempt failed or errored.
    public var error: String?
    /// The result report (Usetrace's results JSON, or a command's exit), if any.
    public var report: JSONValue?

    public init(
        runId: String, seq: Int, attempt: Int, token: String?, buildId: String?, pid: Int32?, startedAt: Date,
        finishedAt: Date?, status: CellStatus, error: String?, report: JSONValue?
    ) {
        self.runId = runId
        self.seq = seq
        self.attempt = attempt
        self.token = token
        self.buildId = buildId
        self.pid = pid
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.status = status
        self.error = error
        self.report = report
    }
}
