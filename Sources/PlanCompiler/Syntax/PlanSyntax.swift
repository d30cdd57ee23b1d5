import JSON

/// A value and the place it was written.
public struct Located<Value: Sendable>: Sendable {
    public var value: Value
    public var location: SourceLocation

    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}

/// A plan as written, typed but not yet resolved: what the reader makes of the source tree.
struct PlanSyntax: Sendable {
    /// Which of the two input formats the file used.
    enum Format: Sendable { case version1, originalOrder }

    var format: Format
    var root: SourceLocation
    var name: Located<String>?
    var project: Located<String>?
    /// The plan's matrix as written; `nil` when the plan gives none.
    var capabilities: Located<[Located<Capability>]>?
    var baseUrl: Located<String>?
    var parameters: [String: JSONValue] = [:]
    var defaultTimeoutSeconds: Int?
    var defaultRetries: Int?
    var maxParallel: Int?
    var order: RunOrder = .stage
    var onFailure: FailurePolicy = .stop
    /// Named groups of trace ids, each entry with its place.
    var groups: [String: Located<[Located<String>]>] = [:]
    var steps: [StepSyntax] = []
}

/// One browser capability: `browserName` and whatever other keys Usetrace is given unchanged.
struct Capability: Sendable, Hashable {
    var members: [String: JSONValue]

    var browserName: String { members["browserName"]?.stringValue ?? "" }

    /// The identity of the capability (its canonical JSON), used to give lanes and find duplicates.
    var identity: String { JSONValue.object(members).canonicalText }
}

/// One entry of `steps` (or of `runOrder`), as written.
struct StepSyntax: Sendable {
    /// What a step runs.
    enum Action: Sendable, Hashable {
        case trace(String)
        case tag(String)
        case group(String)
        case run(String)
    }

    var location: SourceLocation
    var action: Located<Action>
    var id: Located<String>?
    var needs: [Located<String>] = []
    var capabilities: Located<[Located<Capability>]>?
    var retries: Int?
    var timeoutSeconds: Int?
    var continueOnError: Bool = false
}
