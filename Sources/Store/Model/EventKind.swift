/// The kind of an event-log entry: `run.created`, `cell.started`, ….
///
/// An open set: the constants below are the ones orch writes; others can be made from a string.
public struct EventKind: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }

    /// A run was stored (it is `queued`).
    public static let runCreated: EventKind = "run.created"
    /// A run began executing.
    public static let runStarted: EventKind = "run.started"
    /// A run ended `passed`.
    public static let runPassed: EventKind = "run.passed"
    /// A run ended `failed`.
    public static let runFailed: EventKind = "run.failed"
    /// A run was cancelled.
    public static let runCancelled: EventKind = "run.cancelled"
    /// A cell's attempt started (pending → running).
    public static let cellStarted: EventKind = "cell.started"
    /// A cell's build started at Usetrace (its build id is known).
    public static let cellBuildStarted: EventKind = "cell.build-started"
    /// A cell was started again after a crash (same attempt, new token).
    public static let cellRestarted: EventKind = "cell.restarted"
    /// A cell's attempt ended and the cell waits for a retry (running → pending).
    public static let cellRetrying: EventKind = "cell.retrying"
    /// A cell passed.
    public static let cellPassed: EventKind = "cell.passed"
    /// A cell failed.
    public static let cellFailed: EventKind = "cell.failed"
    /// A cell ended in error.
    public static let cellErrored: EventKind = "cell.errored"
    /// A cell was skipped.
    public static let cellSkipped: EventKind = "cell.skipped"
    /// A cell was cancelled.
    public static let cellCancelled: EventKind = "cell.cancelled"
}
