import Store

/// The pure rules for a cell's own record: how an outcome of an attempt changes it.
///
/// Every source of an outcome (a poll, a webhook, a command's exit, a time-out) goes through
/// `apply`, so a late or repeated answer is recognised the same way wherever it comes from.
public enum CellDecision {
    /// The new record of `cell` after `outcome` for its `attempt`, or `nil` when the outcome is stale:
    /// the cell is not running, or it is running another attempt.
    ///
    /// A failed or errored attempt is retried while `attempt < 1 + retries`; a pass on a retry is
    /// flaky; a final failure under `continueOnError` is soft.
    public static func apply(_ outcome: CellOutcome, toAttempt attempt: Int, of cell: CellState) -> CellTransition? {
        guard cell.status == .running, cell.attempt == attempt, attempt >= 1 else { return nil }
        switch outcome {
        case .passed:
            return CellTransition(status: .passed, attempt: attempt, flaky: attempt > 1)
        case .failed(let reason), .error(let reason):
            let status: CellStatus = if case .failed = outcome { .failed } else { .error }
            if attempt < 1 + cell.retries {
                return CellTransition(status: .pending, attempt: attempt, error: reason)
            }
            return CellTransition(status: status, attempt: attempt, soft: cell.continueOnError, error: reason)
        }
    }

    /// The attempt number a start of `cell` would run, or `nil` if the cell is not pending.
    public static func nextAttempt(of cell: CellState) -> Int? {
        cell.status == .pending ? cell.attempt + 1 : nil
    }
}
