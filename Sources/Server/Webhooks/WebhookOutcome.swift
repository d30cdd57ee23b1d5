/// What one webhook delivery did (its metrics label, and the outcome stored with a used token).
public enum WebhookOutcome: String, Sendable, Hashable, CaseIterable {
    /// A valid token and signature: the report decided its cell (200).
    case decided
    /// The token was used already: a repeat changes nothing (200).
    case repeated
    /// The cell had ended, or runs another attempt now: nothing changed (200).
    case stale
    /// No `Signature`: only a hint; orch asks Usetrace itself (202).
    case unsigned
    /// A `Signature` that does not match: only a hint (202).
    case badSignature = "bad_signature"
    /// The original service's path, `/webhook/{runId}`, without a token: only a hint (202).
    case originalPath = "original_path"
    /// Signed, but the body is not a report orch can read: only a hint (202).
    case unreadable
    /// No run has the id (404).
    case unknownRun = "unknown_run"
    /// The token names no attempt of the run (404).
    case unknownToken = "unknown_token"

    /// The HTTP status of the answer.
    public var httpStatus: Int {
        switch self {
        case .decided, .repeated, .stale: 200
        case .unsigned, .badSignature, .originalPath, .unreadable: 202
        case .unknownRun, .unknownToken: 404
        }
    }

    /// Whether the delivery is only a hint, on which orch checks the run's builds at Usetrace.
    public var isHint: Bool { httpStatus == 202 }
}
