import Foundation
import JSON
import PlanCompiler

/// A stored cell: its compiled form plus where it stands in the run.
public struct CellRecord: Sendable, Hashable {
    /// The run the cell belongs to.
    public var runId: String
    /// 1-based position in the plan.
    public var seq: Int
    /// 1-based stage number.
    public var stage: Int
    /// The step id.
    public var stepId: String
    /// What the cell runs.
    public var kind: StepKind
    /// The trace id, the tag name, or the command line.
    public var target: String
    /// The browser capability; `nil` for a command.
    public var capability: [String: JSONValue]?
    /// 1-based lane; `nil` for a command.
    public var lane: Int?
    /// How long one attempt may take.
    public var timeoutSeconds: Int
    /// Extra attempts of a failed or errored cell.
    public var retries: Int
    /// Whether a failure of this cell is soft.
    public var continueOnError: Bool
    /// The step ids this step needs.
    public var needs: [String]
    /// The cell's status.
    public var status: CellStatus
    /// The current attempt (1-based; 0 before the first start).
    public var attempt: Int
    /// The current attempt's Usetrace build id, once the build started.
    public var buildId: String?
    /// The current attempt's webhook token.
    public var token: String?
    /// When the current attempt started.
    public var startedAt: Date?
    /// When the cell ended.
    public var finishedAt: Date?
    /// Why the cell failed or errored, in words.
    public var error: String?
    /// Whether the cell passed only on a retry.
    public var flaky: Bool
    /// Whether the cell failed under `continueOnError`.
    public var soft: Bool
    /// A summary of the result (e.g. Usetrace's `summary`), if any.
    public var summary: JSONValue?

    public init(
        runId: String, seq: Int, stage: Int, stepId: String, kind: StepKind, target: String,
        capability: [String: JSONValue]?, lane: Int?, timeoutSeconds: Int, retries: Int, continueOnError: Bool,
        needs: [String], status: CellStatus, attempt: Int, buildId: String?, token: String?, startedAt: Date?,
        finishedAt: Date?, error: String?, flaky: Bool, soft: Bool, summary: JSONValue?
    ) {
        self.runId = runId
        self.seq = seq
        self.stage = stage
        self.stepId = stepId
        self.kind = kind
        self.target = target
        self.capability = capability
        self.lane = lane
        self.timeoutSeconds = timeoutSeconds
        self.retries = retries
        self.continueOnError = continueOnError
        self.needs = needs
        self.status = status
        self.attempt = attempt
        self.buildId = buildId
        self.token = token
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.error = error
        self.flaky = flaky
        self.soft = soft
        self.summary = summary
    }

    /// The cell as it was compiled.
    public var compiledCell: CompiledCell {
        CompiledCell(
            seq: seq, stage: stage, stepId: stepId, kind: kind, target: target, capability: capability, lane: lane,
            timeoutSeconds: timeoutSeconds, retries: retries, continueOnError: continueOnError, needs: needs)
    }
}
