import Executor
import Foundation
import JSON
import PlanCompiler
import Store
import Synchronization
import Usetrace
import WebServer

@testable import Server

/// The original service's README order: a tag and two traces on chrome and firefox.
let originalOrder = """
    {"projectID": "YXlFJTqD6gAZF_7K9TE7VmYiYVazGMc6",
     "requiredCapabilities": [{"browserName": "chrome"}, {"browserName": "firefox"}],
     "runOrder": ["tag:goon", "ZuBmU-WNsQAXLYQJ6mVVjjEjvUD3ZC83", "ZQMxtishNAAWrGeLXggk2jVbU83oGHCu"]}
    """

/// A Usetrace stand-in: every build is started with a new id and finishes at its first status
/// call (passed, unless its trace is in `failing`); it counts its calls.
actor FakeBuilds: BuildService {
    private var nextId = 0
    private(set) var starts: [(target: BuildTarget, request: BuildRequest, key: APIKey?)] = []
    private(set) var statusCalls: [String] = []
    private(set) var failing: Set<String> = []
    private(set) var finishes = true

    func fail(_ trace: String) { failing.insert(trace) }
    func setFinishes(_ value: Bool) { finishes = value }

    func startBuild(_ target: BuildTarget, request: BuildRequest, key: APIKey?) async throws -> String {
        nextId += 1
        starts.append((target, request, key))
        let name: String =
            switch target {
            case .trace(let id): id
            case .tag(_, let name): "tag:\(name)"
            }
        return "build-\(nextId)-\(name)"
    }

    func buildStatus(_ buildId: String, key: APIKey?) async throws -> BuildStatus {
        statusCalls.append(buildId)
        return BuildStatus(buildId: buildId, state: finishes ? .finished : .running)
    }

    func buildResults(_ buildId: String, key: APIKey?) async throws -> BuildReport {
        let failed = failing.contains { buildId.hasSuffix("-" + $0) }
        return try BuildReport(json: Self.report(failed: failed))
    }

    /// A report of one test case, failed or passed.
    static func report(failed: Bool) -> JSONValue {
        [
            "tests": 1, "failures": failed ? 1 : 0, "errors": 0,
            "testCase": [["name": "chrome: Login", "error": failed ? "Element not found: #submit" : .null]],
        ]
    }
}

/// Log lines collected in memory.
final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])

    var sink: ServiceLog.Sink { { [self] line in lines.withLock { $0.append(line) } } }
    var all: [String] { lines.withLock { $0 } }
    var parsed: [JSONValue] { all.compactMap { try? JSONValue.parse($0) } }
}

/// A service over a temporary store with fake builds, driven in process through its router.
struct ServiceHarness {
    static let clientId = "Client-Id-Secret-0123456"
    static let otherClientId = "Other-Client-Secret-987"

    let store: Store
    let builds = FakeBuilds()
    let lines = LogLines()
    let service: Service

    init(configuration: Service.Configuration = Service.Configuration(host: "127.0.0.1", port: 0)) throws {
        store = try Store.openTemporary()
        _ = try store.addClient(name: "ci", id: Self.clientId)
        _ = try store.addClient(name: "other", id: Self.otherClientId)
        service = Service(
            configuration: configuration, store: store, builds: builds, log: ServiceLog(sink: lines.sink))
    }

    /// Answers one request in process.
    func request(
        _ method: ServerRequest.Method, _ target: String, body: String = "", headers: HTTPFields = [:]
    ) -> ServerResponse {
        service.router.handle(ServerRequest(method: method, target: target, headers: headers, body: Array(body.utf8)))
    }

    /// Answers one request with raw body bytes.
    func request(
        _ method: ServerRequest.Method, _ target: String, bytes: [UInt8], headers: HTTPFields = [:]
    )
        -> ServerResponse
    {
        service.router.handle(ServerRequest(method: method, target: target, headers: headers, body: bytes))
    }

    /// Schedules `body` (the original order) for client `ci`; the run id.
    func schedule(_ body: String = originalOrder, key: String? = nil) throws -> String {
        let response = request(.post, "/scheduleRun/\(Self.clientId)" + (key.map { "?key=\($0)" } ?? ""), body: body)
        guard response.status == 200 else {
            throw HarnessError("scheduleRun answered \(response.status): \(response.text)")
        }
        return response.text
    }

    /// Starts attempt `attempt` of cell `seq` as the driver would (pending → running, a token);
    /// returns the token.
    @discardableResult
    func startCell(_ run: String, seq: Int, attempt: Int = 1, token: String? = nil) throws -> String {
        let token = token ?? "token-\(seq)-\(attempt)-\(UUID().uuidString.prefix(8))"
        try store.write { tx in
            guard
                try tx.updateCell(
                    run: run, seq: seq, expectedAttempt: attempt - 1, expectedStatus: .pending,
                    set: [.status(.running), .attempt(attempt), .token(token), .startedAt(Date())])
            else { throw HarnessError("cell \(seq) was not pending") }
            try tx.insertAttempt(run: run, seq: seq, attempt: attempt, token: token, startedAt: Date())
        }
        return token
    }

    /// The run's webhook secret.
    func secret(_ run: String) throws -> String {
        guard let secrets = try store.runSecrets(id: run) else { throw HarnessError("no run \(run)") }
        return secrets.webhookSecret
    }

    /// Delivers a report to the run's webhook URL for `token` (the original path when `nil`),
    /// signed with `secret` unless that is `nil`.
    func deliver(
        _ run: String, token: String?, report: JSONValue = FakeBuilds.report(failed: false), secret: String?
    )
        -> ServerResponse
    {
        let body = Array(report.canonicalText.utf8)
        var headers: HTTPFields = ["Content-Type": "application/json"]
        if let secret { headers["Signature"] = WebhookSignature.sign(body, secret: secret) }
        let path = token.map { "/webhook/\(run)/\($0)" } ?? "/webhook/\(run)"
        return request(.post, path, bytes: body, headers: headers)
    }

    /// The Bearer header of a client id.
    static func bearer(_ id: String = clientId) -> HTTPFields { ["Authorization": "Bearer \(id)"] }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension ServerResponse {
    /// The body as UTF-8 text.
    var text: String { String(decoding: body, as: UTF8.self) }
    /// The body as JSON (`null` when it is not JSON).
    var json: JSONValue { (try? JSONValue.parse(Data(body))) ?? .null }
}

/// Whether `condition` becomes true within `limit`.
func eventually(within limit: Duration = .seconds(5), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + limit
    while try await !condition() {
        if ContinuousClock.now >= deadline { return false }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return true
}
