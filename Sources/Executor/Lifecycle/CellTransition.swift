import Store

/// The new record fields of a cell after an outcome was applied to one of its attempts.
public struct CellTransition: Sendable, Hashable {
    /// `passed`, `failed` or `error` when the cell has ended; `pending` when it waits for a retry.
    public var status: CellStatus
    /// The attempt the outcome belonged to (unchanged: the next start numbers the retry).
    public var attempt: Int
    /// Passed, but only on a retry.
    public var flaky: Bool
    /// Ended failed or errored under `continueOnError`.
    public var soft: Bool
    /// The reason of a failure or an error (kept on a retry too, as the last attempt's reason).
    public var error: String?

    /// A transition from its parts.
    public init(status: CellStatus, attempt: Int, flaky: Bool = false, soft: Bool = false, error: String? = nil) {
        self.status = status
        self.attempt = attempt
        self.flaky = flaky
        self.soft = soft
        self.error = error
    }

    /// Whether the cell goes back to `pending` for another attempt.
    public var isRetry: Bool { status == .pending }

    /// The event recorded for this transition: `cell.passed`, `cell.failed`, `cell.errored` or `cell.retrying`.
    public var eventKind: EventKind {
        switch status {
        case .pending: .cellRetrying
        case .passed: .cellPassed
        case .failed: .cellFailed
        default: .cellErrored
        }
    }
}
