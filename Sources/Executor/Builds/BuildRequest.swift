import JSON

/// One build to start: a trace, or the traces of a tag, on one capability.
public struct BuildRequest: Sendable, Hashable {
    /// What the build runs.
    public enum Target: Sendable, Hashable {
        /// `POST /api/trace/{id}/execute`.
        case trace(id: String)
        /// `POST /api/project/{project}/execute-all` with `tags: [name]`.
        case tag(project: String, name: String)
    }

    /// What the build runs.
    public var target: Target
    /// `requiredCapabilities`: the cell's one capability.
    public var capabilities: [[String: JSONValue]]
    /// The site to run against, when the plan names one.
    public var baseUrl: String?
    /// Trace parameters, passed unchanged.
    public var parameters: [String: JSONValue]
    /// The webhook reporter, when orch has a public URL.
    public var webhook: WebhookReporter?

    public init(
        target: Target, capabilities: [[String: JSONValue]], baseUrl: String? = nil,
        parameters: [String: JSONValue] = [:], webhook: WebhookReporter? = nil
    ) {
        self.target = target
        self.capabilities = capabilities
        self.baseUrl = baseUrl
        self.parameters = parameters
        self.webhook = webhook
    }
}

/// A webhook reporter for a build: where Usetrace posts the report, and the key it signs it with.
///
/// Its description hides the secret key.
public struct WebhookReporter: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// `{public-url}/webhook/{runId}/{token}`.
    public var url: String
    /// The run's webhook secret, given to Usetrace as `secretKey`.
    public var secretKey: String
    /// When Usetrace calls it: orch wants every report (`always`).
    public var when: String

    public init(url: String, secretKey: String, when: String = "always") {
        self.url = url
        self.secretKey = secretKey
        self.when = when
    }

    /// The reporter of one attempt's start: `{publicURL}/webhook/{runId}/{token}` (one `/` between).
    public init(publicURL: String, runId: String, token: String, secretKey: String) {
        var base = publicURL
        while base.hasSuffix("/") { base.removeLast() }
        self.init(url: "\(base)/webhook/\(runId)/\(token)", secretKey: secretKey)
    }

    public var description: String { "WebhookReporter(url: \(url), when: \(when), secretKey: <redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["url": url, "when": when, "secretKey": "<redacted>"]) }
}
