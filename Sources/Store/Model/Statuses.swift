/// The status of a run (plan-format.md, "Statuses").
public enum RunStatus: String, Sendable, Hashable, CaseIterable, Codable {
    case queued, running, passed, failed, cancelled

    /// Whether the run has ended and will never change again.
    public var isFinal: Bool {
        switch self {
        case .queued, .running: false
        case .passed, .failed, .cancelled: true
        }
    }
}

/// The status of a cell (plan-format.md, "Statuses").
///
/// A cell waiting for a retry is `pending` with `attempt > 0`.
public enum CellStatus: String, Sendable, Hashable, CaseIterable, Codable {
    case pending, running, passed, failed, error, skipped, cancelled

    /// Whether the cell has ended (it may still be retried if it is `failed` or `error`
    /// only while its record says so; a final record never changes).
    public var isFinal: Bool {
        switch self {
        case .pending, .running: false
        case .passed, .failed, .error, .skipped, .cancelled: true
        }
    }
}
