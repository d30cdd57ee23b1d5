import Foundation
import HTTPClient
import JSON
import Synchronization

/// The Usetrace API client: starts trace and tag builds, follows their status, fetches results.
///
/// Every call retries transport failures, 429 and 5xx per the configuration's `RetryPolicy`;
/// it throws `UsetraceError` (never showing the API key) or `CancellationError`.
public final class UsetraceClient: Sendable {
    /// Where and how this client talks to Usetrace.
    public let configuration: UsetraceConfiguration
    let transport: any HTTPTransport
    let sleep: @Sendable (Duration) async throws -> Void
    private let random: Mutex<any RandomNumberGenerator & Sendable>

    /// A client over `transport`; `random` draws the back-off jitter and `sleep` waits between
    /// attempts (tests pass a seeded generator and a sleep that only records).
    public init(
        configuration: UsetraceConfiguration, transport: any HTTPTransport,
        random: some RandomNumberGenerator & Sendable = SystemRandomNumberGenerator(),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.configuration = configuration
        self.transport = transport
        self.random = Mutex(random)
        self.sleep = sleep
    }

    /// A client over its own `HTTPClient`.
    public convenience init(configuration: UsetraceConfiguration) {
        self.init(configuration: configuration, transport: HTTPClient())
    }

    /// Starts one trace (`POST /api/trace/<traceId>/execute`) and returns the new build's id.
    public func startTraceBuild(traceId: String, request: BuildRequest) async throws -> String {
        try await start(
            call: .startTraceBuild, target: traceId, path: ["api", "trace", traceId, "execute"],
            body: request.body(tags: nil), secrets: request.secrets)
    }

    /// Starts the project's traces with any of `tags` (`POST /api/project/<projectId>/execute-all`;
    /// empty `tags`: every trace) and returns the new build's id.
    public func startTagBuild(projectId: String, tags: [String], request: BuildRequest) async throws -> String {
        try await start(
            call: .startTagBuild, target: projectId, path: ["api", "project", projectId, "execute-all"],
            body: request.body(tags: tags), secrets: request.secrets)
    }

    /// The build's status (`GET /api/build/<buildId>/status`); a 404 gives `.notFoundYet`, which the
    /// caller tolerates while `configuration.toleratesNotFound(startedAt:now:)` holds.
    public func status(buildId: String) async throws -> BuildStatus {
        let (response, attempts) = try await get(
            call: .status, target: buildId, path: ["api", "build", buildId, "status"])
        switch response.status {
        case 200:
            let json = try parseJSON(response, call: .status, target: buildId, attempts: attempts)
            do {
                return try BuildStatus.parse(json, buildId: buildId)
            } catch {
                throw invalidAnswer(.status, buildId, response, attempts, error.message)
            }
        case 404:
            return BuildStatus(buildId: buildId, state: .notFoundYet)
        default:
            throw statusError(.status, buildId, response, attempts, secrets: [])
        }
    }

    /// The finished build's report (`GET /api/build/<buildId>/results/json`).
    public func results(buildId: String) async throws -> BuildReport {
        let (response, attempts) = try await get(
            call: .results, target: buildId, path: ["api", "build", buildId, "results", "json"])
        guard response.status == 200 else { throw statusError(.results, buildId, response, attempts, secrets: []) }
        let json = try parseJSON(response, call: .results, target: buildId, attempts: attempts)
        do {
            return try BuildReport(json: json)
        } catch {
            throw invalidAnswer(.results, buildId, response, attempts, error.message)
        }
    }

    /// Whether a 404 from `status` is still expected for a build started at `startedAt`.
    public func toleratesNotFound(startedAt: Date, now: Date) -> Bool {
        configuration.toleratesNotFound(startedAt: startedAt, now: now)
    }

    // MARK: - Calls

    /// The longest text accepted as a build id: anything longer is an error page, not an id.
    private static let maxBuildIdLength = 200

    private func start(
        call: UsetraceError.Call, target: String, path: [String], body: JSONValue, secrets: [String]
    )
        async throws -> String
    {
        let request = try httpRequest(
            call: call, target: target, method: .post, path: path,
            headers: ["Content-Type": "application/json", "Accept": "text/plain"], body: Array(body.canonicalText.utf8))
        let (response, attempts) = try await exchange(call: call, target: target, request: request, secrets: secrets)
        guard response.status == 200 else { throw statusError(call, target, response, attempts, secrets: secrets) }
        let id = response.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !id.isEmpty else {
            throw invalidAnswer(
                call, target, response, attempts, "HTTP 200 with an empty body: no build id", secrets: secrets)
        }
        guard id.count <= Self.maxBuildIdLength, !id.contains(where: { $0.isWhitespace || $0 == "<" }) else {
            throw invalidAnswer(
                call, target, response, attempts, "HTTP 200 whose body is not a build id", secrets: secrets)
        }
        return id
    }

    private func get(call: UsetraceError.Call, target: String, path: [String]) async throws -> (HTTPResponse, Int) {
        let request = try httpRequest(
            call: call, target: target, method: .get, path: path, headers: ["Accept": "application/json"], body: nil)
        return try await exchange(call: call, target: target, request: request, secrets: [])
    }

    /// The request for `path` (components percent-encoded) with `?key=` when a key is configured.
    private func httpRequest(
        call: UsetraceError.Call, target: String, method: HTTPMethod, path: [String], headers: HTTPHeaders,
        body: [UInt8]?
    ) throws(UsetraceError) -> HTTPRequest {
        guard !target.isEmpty else {
            throw UsetraceError(call: call, kind: .invalidArgument, message: "the id is empty")
        }
        var base = configuration.baseURL
        while base.hasSuffix("/") { base.removeLast() }
        var url = base + "/" + path.map(PercentEncoding.encode).joined(separator: "/")
        if let key = configuration.apiKey { url += "?key=" + PercentEncoding.encode(key.value) }
        var allHeaders = headers
        allHeaders.append(name: "User-Agent", value: "orch")
        return HTTPRequest(
            method: method, url: url, headers: allHeaders, body: body, connectTimeout: configuration.connectTimeout,
            timeout: configuration.requestTimeout)
    }

    // MARK: - Answers

    private func parseJSON(
        _ response: HTTPResponse, call: UsetraceError.Call, target: String, attempts: Int
    )
        throws(UsetraceError) -> JSONValue
    {
        do {
            return try JSONValue.parse(Data(response.body))
        } catch {
            throw invalidAnswer(call, target, response, attempts, "HTTP 200 whose body is not JSON")
        }
    }

    /// The secrets to mask in anything derived from an answer: the API key and the request's own.
    func allSecrets(_ requestSecrets: [String]) -> [String] {
        (configuration.apiKey.map { [$0.value] } ?? []) + requestSecrets
    }

    private func invalidAnswer(
        _ call: UsetraceError.Call, _ target: String, _ response: HTTPResponse, _ attempts: Int, _ message: String,
        secrets: [String] = []
    ) -> UsetraceError {
        UsetraceError(
            call: call, kind: .invalidAnswer, target: target, httpStatus: response.status, attempts: attempts,
            bodyExcerpt: AnswerExcerpt.make(response.body, secrets: allSecrets(secrets)), message: message)
    }

    /// The error for an answer whose status is not the call's success.
    func statusError(
        _ call: UsetraceError.Call, _ target: String, _ response: HTTPResponse, _ attempts: Int, secrets: [String]
    ) -> UsetraceError {
        let status = response.status
        let kind: UsetraceError.Kind
        var message = "HTTP \(status)"
        switch status {
        case 401, 403:
            kind = .unauthorized
            message +=
                configuration.apiKey == nil
                ? ": the project needs an API key and none is configured"
                : ": the API key was refused (not shown)"
        case 429, 500...599:
            kind = .unavailable
        case 400...499:
            kind = .rejected
        default:
            kind = .invalidAnswer
            message = "unexpected HTTP \(status)"
        }
        return UsetraceError(
            call: call, kind: kind, target: target, httpStatus: status, attempts: attempts,
            bodyExcerpt: AnswerExcerpt.make(response.body, secrets: allSecrets(secrets)), message: message)
    }

    /// A jitter fraction in `0 … 1`.
    func drawUnit() -> Double {
        random.withLock { generator in Double.random(in: 0...1, using: &generator) }
    }
}
