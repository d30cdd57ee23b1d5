/// A run's secrets, kept apart from `RunRecord` so that they are never printed or logged with it.
///
/// Its `description`, `debugDescription` and mirror (`dump`) show neither value.
public struct RunSecrets: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The Usetrace project API key the run was scheduled with (needed to resume it), if any.
    public var usetraceKey: String?
    /// The per-run random secret given to Usetrace as the webhook reporter's `secretKey`.
    public var webhookSecret: String

    public init(usetraceKey: String?, webhookSecret: String) {
        self.usetraceKey = usetraceKey
        self.webhookSecret = webhookSecret
    }

    public var description: String {
        "RunSecrets(usetraceKey: \(usetraceKey == nil ? "none" : "<redacted>"), webhookSecret: <redacted>)"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(
            self, children: ["usetraceKey": usetraceKey == nil ? "none" : "<redacted>", "webhookSecret": "<redacted>"])
    }
}
