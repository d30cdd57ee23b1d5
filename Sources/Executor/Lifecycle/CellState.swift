import PlanCompiler
import Store

/// What the pure lifecycle functions know of one cell: its place in the plan, its settings and its record.
///
/// The driver builds these from the store's rows; nothing here depends on history, so the same
/// rows give the same decisions before and after a restart.
public struct CellState: Sendable, Hashable {
    /// 1-based position in the plan.
    public var seq: Int
    /// 1-based stage number.
    public var stage: Int
    /// 1-based lane; `nil` for a command cell.
    public var lane: Int?
    /// What the cell runs.
    public var kind: StepKind
    /// The recorded status.
    public var status: CellStatus
    /// The recorded attempt: 0 before the first start, then the number of the latest attempt.
    public var attempt: Int
    /// Extra attempts allowed after a failed or errored one.
    public var retries: Int
    /// Whether a failure of this cell is soft.
    public var continueOnError: Bool

    /// A state from its parts (default: pending, never started).
    public init(
        seq: Int, stage: Int, lane: Int?, kind: StepKind, status: CellStatus = .pending, attempt: Int = 0,
        retries: Int = 0, continueOnError: Bool = false
    ) {
        self.seq = seq
        self.stage = stage
        self.lane = lane
        self.kind = kind
        self.status = status
        self.attempt = attempt
        self.retries = retries
        self.continueOnError = continueOnError
    }

    /// The state of a compiled cell that has not started yet.
    public init(_ cell: CompiledCell) {
        self.init(
            seq: cell.seq, stage: cell.stage, lane: cell.lane, kind: cell.kind, retries: cell.retries,
            continueOnError: cell.continueOnError)
    }

    /// The state of a stored cell.
    public init(_ cell: CellRecord) {
        self.init(
            seq: cell.seq, stage: cell.stage, lane: cell.lane, kind: cell.kind, status: cell.status,
            attempt: cell.attempt, retries: cell.retries, continueOnError: cell.continueOnError)
    }

    /// Whether the cell has ended for good (a cell waiting for a retry is `pending`, not ended).
    public var hasEnded: Bool { status.isFinal }

    /// Whether the cell ended failed or errored without `continueOnError`: such a cell fails the run.
    public var isHardFailure: Bool { (status == .failed || status == .error) && !continueOnError }

    /// Whether the cell ended failed or errored under `continueOnError`.
    public var isSoftFailure: Bool { (status == .failed || status == .error) && continueOnError }
}
