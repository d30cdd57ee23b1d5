import Foundation
import JSON

/// One entry of a run's append-only event log.
public struct EventRecord: Sendable, Hashable {
    /// The entry's id: increasing in the order entries were appended.
    public var id: Int64
    /// The run it is about.
    public var runId: String
    /// The cell it is about, if any.
    public var seq: Int?
    /// The attempt it is about, if any.
    public var attempt: Int?
    /// What happened.
    public var kind: EventKind
    /// The status before (a `RunStatus` or `CellStatus` raw value), if it is a transition.
    public var fromStatus: String?
    /// The status after, if it is a transition.
    public var toStatus: String?
    /// Anything else worth keeping about it.
    public var detail: JSONValue?
    /// When it happened.
    public var at: Date

    public init(
        id: Int64, runId: String, seq: Int?, attempt: Int?, kind: EventKind, fromStatus: String?, toStatus: String?,
        detail: JSONValue?, at: Date
    ) {
        self.id = id
        self.runId = runId
        self.seq = seq
        self.attempt = attempt
        self.kind = kind
        self.fromStatus = fromStatus
        self.toStatus = toStatus
        self.detail = detail
        self.at = at
    }
}
