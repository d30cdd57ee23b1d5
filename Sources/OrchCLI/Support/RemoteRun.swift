import Executor
import Foundation
import HTTPClient
import JSON
import PlanCompiler
import Store
import Synchronization

/// `orch run --server URL --client ID PLAN`: schedules the plan on a running `orch serve` over
/// HTTP and follows the run there (`GET /api/v1/runs/{id}`), with the same progress view, summary,
/// `--junit` and exit status as a local run. SIGINT or SIGTERM cancels the run on the server.
struct RemoteRun: Sendable {
    /// How often the run is read back from the server.
    static let refreshInterval: Duration = .milliseconds(500)
    /// How many reads in a row may fail (the server restarting) before orch gives up.
    static let tolerableFailures = 20

    let server: String
    let clientId: String
    let usetraceKey: String?
    let context: CommandContext
    let format: RunFollower.Format
    let junitPath: String?
    private let client = HTTPClient()

    init(
        server: String, clientId: String, usetraceKey: String?, arguments: ParsedArguments, context: CommandContext
    ) {
        var base = server
        while base.hasSuffix("/") { base.removeLast() }
        self.server = base
        self.clientId = clientId
        self.usetraceKey = usetraceKey
        self.context = context
        format = arguments.choice("format") ?? .text
        junitPath = arguments.string("junit").map { RunEnvironment.absolute($0, in: context.currentDirectory) }
    }

    /// Sends the plan file's bytes; the new run's id. A plan the server refuses is printed as
    /// problems of the file (exit 1); an unknown client is exit 2; an unreachable server exit 3.
    func schedule(_ bytes: [UInt8], path: String) async throws(CommandFailure) -> String {
        let type = path.lowercased().hasSuffix(".json") ? "application/json" : "application/yaml"
        var url = server + "/api/v1/runs"
        if let usetraceKey { url += "?key=" + Self.queryEscaped(usetraceKey) }
        let response = try await send(
            HTTPRequest(
                method: .post, url: url,
                headers: ["Authorization": "Bearer \(clientId)", "Content-Type": type, "Accept": "application/json"],
                body: bytes))
        let document = try? JSONValue.parse(Data(response.body))
        switch response.status {
        case 201:
            guard let id = document?["id"]?.stringValue else {
                throw .cannotWork("the server at \(server) answered the new run without its id")
            }
            return id
        case 400:
            let error = document?["error"]
            context.console.err(
                Self.problems(of: error, path: path) + "orch: the server refused the plan: \(Self.message(of: error))\n"
            )
            throw .checkFailed
        case 401, 404:
            throw .notFound("the server at \(server) knows no client with that --client id")
        default:
            throw .cannotWork(
                "the server at \(server) answered \(response.status): \(Self.message(of: document?["error"]))")
        }
    }

    /// Follows run `runId` on the server to its end; returns when it passed, throws `.checkFailed`
    /// when it failed or was cancelled.
    func follow(_ runId: String) async throws(CommandFailure) {
        var document = try await read(runId)
        let toStdout = format == .text
        let sink = toStdout ? context.console.out : context.console.err
        let isTerminal = toStdout ? context.console.outIsTerminal : context.console.errIsTerminal
        let display = ProgressDisplay(
            style: ProgressDisplay.style(isTerminal: isTerminal, environment: context.environment), sink: sink,
            runId: runId, planName: document["plan"]?["name"]?.stringValue ?? "", environment: context.environment)
        let steps = document["steps"]?.arrayValue ?? []
        display.start(
            planHash: document["plan"]?["hash"]?.stringValue ?? "",
            stages: Set(steps.compactMap { $0["stage"]?.intValue }).count, cells: steps.count)

        let signals = Atomic<Int>(0)
        let watcher = SignalWatcher([SIGINT, SIGTERM]) { [self] number in
            if signals.add(1, ordering: .relaxed).newValue > 1 {
                context.console.err("orch: \(SignalWatcher.name(number)) again: quitting; run \(runId) goes on\n")
                exit(130)
            }
            context.console.err(
                "orch: \(SignalWatcher.name(number)): cancelling run \(runId) (send it again to quit at once)\n")
            Task { await cancel(runId) }
        }
        defer { watcher.stop() }
        var changes = RemoteProgress(runId: runId)
        var failures = 0
        while true {
            for change in changes.changes(in: document) { display.handle(change) }
            if let status = RunStatus(rawValue: document["status"]?.stringValue ?? ""), status.isFinal { break }
            if display.isLive { display.refresh() }
            try? await Task.sleep(for: Self.refreshInterval)
            do {
                document = try await read(runId)
                failures = 0
            } catch {
                failures += 1
                if failures > Self.tolerableFailures { throw error }
            }
        }
        display.finish()
        try await writeJUnit(runId)
        switch format {
        case .text:
            let (run, cells) = RemoteProgress.records(of: document)
            context.console.out(RunText.summary(run: run, cells: cells, pageURL: pageURL(of: runId)))
        case .json:
            context.console.out(document.prettyText + "\n")
        }
        guard document["status"] == "passed" else { throw .checkFailed }
    }

    /// The run's dashboard page on the server (`GET /runs/{id}`).
    func pageURL(of runId: String) -> String {
        server + "/runs/" + runId
    }

    private func read(_ runId: String) async throws(CommandFailure) -> JSONValue {
        let response = try await send(
            HTTPRequest(
                method: .get, url: server + "/api/v1/runs/\(runId)", headers: ["Authorization": "Bearer \(clientId)"]))
        guard response.status == 200, let document = try? JSONValue.parse(Data(response.body)) else {
            throw .cannotWork("reading run \(runId) from \(server) answered \(response.status)")
        }
        return document
    }

    private func cancel(_ runId: String) async {
        _ = try? await send(
            HTTPRequest(
                method: .post, url: server + "/api/v1/runs/\(runId)/cancel",
                headers: ["Authorization": "Bearer \(clientId)"]))
    }

    private func writeJUnit(_ runId: String) async throws(CommandFailure) {
        guard let junitPath else { return }
        let response = try await send(
            HTTPRequest(
                method: .get, url: server + "/api/v1/runs/\(runId)/junit",
                headers: ["Authorization": "Bearer \(clientId)"]))
        guard response.status == 200 else {
            throw .cannotWork("the JUnit report of run \(runId) could not be read: \(response.status)")
        }
        do {
            try Data(response.body).write(to: URL(fileURLWithPath: junitPath), options: .atomic)
        } catch {
            throw .cannotWork("cannot write the JUnit report \(junitPath): \(error.localizedDescription)")
        }
    }

    private func send(_ request: HTTPRequest) async throws(CommandFailure) -> HTTPResponse {
        do {
            return try await client.send(request)
        } catch {
            throw .cannotWork("cannot reach the server at \(server): \(error)")
        }
    }

    /// The `details` of a refusal as problems of the plan file, `path:line:col: error: message`; a
    /// detail without a message of its own (an older server's) says the refusal's message.
    static func problems(of error: JSONValue?, path: String) -> String {
        var text = ""
        for detail in error?["details"]?.arrayValue ?? [] {
            let message = detail["message"]?.stringValue ?? Self.message(of: error)
            let severity = detail["severity"]?.stringValue ?? "error"
            if let line = detail["line"]?.intValue, let column = detail["column"]?.intValue {
                text += "\(path):\(line):\(column): \(severity): \(message)\n"
            } else {
                text += "\(path): \(severity): \(message)\n"
            }
        }
        return text
    }

    private static func message(of error: JSONValue?) -> String {
        error?["message"]?.stringValue ?? "no reason given"
    }

    /// `text` with everything but unreserved characters percent-encoded, for a query value.
    static func queryEscaped(_ text: String) -> String {
        let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)
        return text.utf8.map { unreserved.contains($0) ? String(UnicodeScalar($0)) : String(format: "%%%02X", $0) }
            .joined()
    }
}
