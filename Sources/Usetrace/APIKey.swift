import HTTPClient

/// A Usetrace project API key: sent as `?key=` and never shown (every rendering of it is redacted).
public struct APIKey: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The key itself; only the client's URL builder reads it.
    let value: String

    /// A key from its text (as given by `--usetrace-key` or `USETRACE_API_KEY`).
    public init(_ value: String) { self.value = value }

    /// Always the mask.
    public var description: String { Redaction.mask }
    /// Always the mask.
    public var debugDescription: String { Redaction.mask }
    /// Reflection (`dump`, test failure output) shows the mask too.
    public var customMirror: Mirror { Mirror(self, children: ["value": Redaction.mask]) }
}
