import Foundation
import JSON

/// A stored run, without its secrets (those are in `RunSecrets`, read with `Store.runSecrets(id:)`).
public struct RunRecord: Sendable, Hashable {
    /// The run id (22 URL-safe characters).
    public var id: String
    /// The hash of the compiled plan the run executes.
    public var planHash: String
    /// The plan's name.
    public var planName: String
    /// The name of the client that scheduled the run, if one did.
    public var clientName: String?
    /// The run's status.
    public var status: RunStatus
    /// When the run was created.
    public var createdAt: Date
    /// When the run started, once it has.
    public var startedAt: Date?
    /// When the run ended, once it has.
    public var finishedAt: Date?
    /// Anything else the run was created with (an object; `{}` when nothing).
    public var settings: JSONValue

    public init(
        id: String, planHash: String, planName: String, clientName: String?, status: RunStatus, createdAt: Date,
        startedAt: Date?, finishedAt: Date?, settings: JSONValue
    ) {
        self.id = id
        self.planHash = planHash
        self.planName = planName
        self.clientName = clientName
        self.status = status
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.settings = settings
    }
}
