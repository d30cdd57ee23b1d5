import Foundation

/// Where the Usetrace API is, the key to show it, and how patiently to talk to it.
public struct UsetraceConfiguration: Sendable, Hashable {
    /// Usetrace's own API.
    public static let defaultBaseURL = "https://api.usetrace.com"
    /// How long after a start `status` may answer 404 before that means the build is really unknown.
    public static let defaultNotFoundWindow: Duration = .seconds(60)

    /// The API base, e.g. `https://api.usetrace.com` or a local simulator; a final `/` is ignored.
    public var baseURL: String
    /// The project API key, sent as `?key=` on every call when set.
    public var apiKey: APIKey?
    /// How long connecting may take, per attempt.
    public var connectTimeout: Duration
    /// How long one attempt may take in all.
    public var requestTimeout: Duration
    /// When to retry and how long to wait.
    public var retryPolicy: RetryPolicy
    /// How long after a start a 404 from `status` is tolerated (see `toleratesNotFound`).
    public var notFoundWindow: Duration

    /// A configuration; defaults: Usetrace's API, no key, 10 s to connect, 30 s a request, the standard retries.
    public init(
        baseURL: String = UsetraceConfiguration.defaultBaseURL, apiKey: APIKey? = nil,
        connectTimeout: Duration = .seconds(10), requestTimeout: Duration = .seconds(30),
        retryPolicy: RetryPolicy = .standard, notFoundWindow: Duration = UsetraceConfiguration.defaultNotFoundWindow
    ) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.retryPolicy = retryPolicy
        self.notFoundWindow = notFoundWindow
    }

    /// Whether a `.notFoundYet` status is still expected for a build started at `startedAt`:
    /// true until `notFoundWindow` has passed; after that the build should be treated as lost.
    public func toleratesNotFound(startedAt: Date, now: Date) -> Bool {
        now.timeIntervalSince(startedAt) <= RetryPolicy.seconds(notFoundWindow)
    }
}
