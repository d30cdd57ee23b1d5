import Foundation
import PlanCompiler
import Store

/// A change the driver saw in its run: what the CLI's progress view and the service's live pages show.
public enum RunProgress: Sendable, Hashable {
    /// The run's status changed (or was first seen).
    case run(id: String, status: RunStatus)
    /// A cell's record changed (or was first seen).
    case cell(CellProgress)
    /// Something worth telling that changes no record: a poll that failed and will be retried, a
    /// cell started again after a restart.
    case notice(runId: String, seq: Int?, message: String)
}

/// A cell as a progress notification shows it.
public struct CellProgress: Sendable, Hashable {
    /// The run.
    public var runId: String
    /// The cell's seq.
    public var seq: Int
    /// The cell's stage.
    public var stage: Int
    /// The step id.
    public var stepId: String
    /// What the cell runs.
    public var kind: StepKind
    /// The browser name, for a browser cell.
    public var browserName: String?
    /// The cell's status.
    public var status: CellStatus
    /// The current attempt (0 before the first start).
    public var attempt: Int
    /// The current attempt's build id, once known.
    public var buildId: String?
    /// The reason of a failure or an error (on a retry: the last attempt's).
    public var error: String?
    /// Passed only on a retry.
    public var flaky: Bool
    /// Failed under `continueOnError`.
    public var soft: Bool

    /// A cell progress from its parts.
    public init(
        runId: String, seq: Int, stage: Int, stepId: String, kind: StepKind, browserName: String?,
        status: CellStatus, attempt: Int, buildId: String?, error: String?, flaky: Bool, soft: Bool
    ) {
        self.runId = runId
        self.seq = seq
        self.stage = stage
        self.stepId = stepId
        self.kind = kind
        self.browserName = browserName
        self.status = status
        self.attempt = attempt
        self.buildId = buildId
        self.error = error
        self.flaky = flaky
        self.soft = soft
    }

    /// The progress view of a stored cell.
    public init(_ cell: CellRecord) {
        self.init(
            runId: cell.runId, seq: cell.seq, stage: cell.stage, stepId: cell.stepId, kind: cell.kind,
            browserName: cell.capability?["browserName"]?.stringValue, status: cell.status, attempt: cell.attempt,
            buildId: cell.buildId, error: cell.error, flaky: cell.flaky, soft: cell.soft)
    }
}

extension CellProgress {
    /// How far the cell has come, for telling an older record of it from a newer one: attempts in
    /// order, and within an attempt waiting, running, running with its build id, then decided (a
    /// pending cell after an attempt waits for its retry: that attempt is decided).
    var advancement: Int {
        let step: Int
        switch status {
        case .pending: step = attempt == 0 ? 0 : 3
        case .running: step = buildId == nil ? 1 : 2
        default: step = 3
        }
        return attempt * 4 + step
    }
}
