import Foundation

/// A webhook delivery orch accepted: which attempt's token it used, what it did, and when.
///
/// The token itself is not part of the record: it is a credential for the attempt's webhook URL.
public struct WebhookDeliveryRecord: Sendable, Hashable {
    /// The run the token belongs to.
    public var runId: String
    /// The cell's seq.
    public var seq: Int
    /// The attempt the token was made for.
    public var attempt: Int
    /// What the delivery did (`WebhookDeliveryOutcome`'s raw value, e.g. `decided`, `stale`).
    public var outcome: String
    /// The SHA-256 of the delivered body, lowercase hex.
    public var bodySHA256: String
    /// When it was received.
    public var receivedAt: Date

    public init(runId: String, seq: Int, attempt: Int, outcome: String, bodySHA256: String, receivedAt: Date) {
        self.runId = runId
        self.seq = seq
        self.attempt = attempt
        self.outcome = outcome
        self.bodySHA256 = bodySHA256
        self.receivedAt = receivedAt
    }
}
