import Foundation

/// A client allowed to schedule runs; its id itself is never stored, only its SHA-256.
public struct ClientRecord: Sendable, Hashable {
    /// The client's unique name.
    public var name: String
    /// A short, non-secret fingerprint of the id for display (the first hex digits of its SHA-256).
    public var fingerprint: String
    /// When the client was added.
    public var createdAt: Date

    public init(name: String, fingerprint: String, createdAt: Date) {
        self.name = name
        self.fingerprint = fingerprint
        self.createdAt = createdAt
    }
}
