import JSON

/// What a build start sends besides its target: capabilities, base URL, parameters, reporters.
public struct BuildRequest: Sendable, Hashable {
    /// One object a capability, e.g. `["browserName": "chrome"]`, sent unchanged.
    public var requiredCapabilities: [[String: JSONValue]]
    /// The site to run against (the wire's `baseUrl`); nil for the project's default.
    public var baseURL: String?
    /// Trace parameters, e.g. `["username": "demo"]`; omitted when empty.
    public var parameters: [String: JSONValue]
    /// Reporters; omitted when empty.
    public var reporters: [WebhookReporter]
    /// A commit to show in Usetrace (tag builds only; ignored for a trace).
    public var commit: String?
    /// A link to the commit (tag builds only; ignored for a trace).
    public var commitLink: String?

    /// A request; the capabilities default to chrome alone, as the original service did.
    public init(
        requiredCapabilities: [[String: JSONValue]] = [["browserName": "chrome"]], baseURL: String? = nil,
        parameters: [String: JSONValue] = [:], reporters: [WebhookReporter] = [], commit: String? = nil,
        commitLink: String? = nil
    ) {
        self.requiredCapabilities = requiredCapabilities
        self.baseURL = baseURL
        self.parameters = parameters
        self.reporters = reporters
        self.commit = commit
        self.commitLink = commitLink
    }

    /// The JSON body: for a trace start when `tags` is nil, for execute-all otherwise (empty tags: omitted, every trace runs).
    func body(tags: [String]?) -> JSONValue {
        var body: [String: JSONValue] = [
            "requiredCapabilities": .array(requiredCapabilities.map { .object($0) })
        ]
        if let baseURL { body["baseUrl"] = .string(baseURL) }
        if !parameters.isEmpty { body["parameters"] = .object(parameters) }
        if !reporters.isEmpty { body["reporters"] = .array(reporters.map(\.json)) }
        if let tags {
            if !tags.isEmpty { body["tags"] = .array(tags.map { .string($0) }) }
            if let commit { body["commit"] = .string(commit) }
            if let commitLink { body["commitLink"] = .string(commitLink) }
        }
        return .object(body)
    }

    /// The secrets the body carries, to be masked wherever an answer might echo them.
    var secrets: [String] { reporters.flatMap(\.secrets) }
}
