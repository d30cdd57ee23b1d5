import Foundation
import HTTPClient
import JSON
import Synchronization

/// The real `orch serve` on a free loopback port (port 0, read from its first stdout line), its
/// JSON log lines collected from stderr as they come; killed when released.
final class ServeProcess: @unchecked Sendable {
    // Safe: every stored property is set in init and never changed; the collected output is
    // behind its `Mutex`, and Process is thread-safe for these calls.
    private let process = Process()
    private let stderrLines = LineBuffer()
    private let finished = DispatchGroup()
    let client = HTTPClient()
    /// `http://127.0.0.1:PORT`.
    let url: String

    /// Starts `orch serve` with `arguments` (the port and host are added) in `folder`.
    init(_ arguments: [String], folder: String, environment: [String: String] = [:]) async throws {
        process.executableURL = URL(fileURLWithPath: Binaries.orch)
        process.arguments = ["serve", "--host", "127.0.0.1", "--port", "0"] + arguments
        process.environment = Binaries.environment(adding: environment)
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // stderr is read as it comes, so the log never fills the pipe and blocks the server.
        finished.enter()
        let errReader = err.fileHandleForReading
        DispatchQueue.global().async { [stderrLines, finished] in
            var pending = Data()
            while true {
                let chunk = errReader.availableData
                if chunk.isEmpty { break }
                pending.append(chunk)
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                    pending.removeSubrange(pending.startIndex...newline)
                    stderrLines.append(line)
                }
            }
            finished.leave()
        }
        let (url, line) = await ListeningURL.read(from: out.fileHandleForReading)
        guard let url else {
            process.terminate()
            let log = stderrLines.all.joined(separator: "\n")
            throw ScenarioFailure("orch serve did not say where it listens: \(line.debugDescription); stderr: \(log)")
        }
        self.url = url
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// The process id.
    var pid: Int32 { process.processIdentifier }

    /// Sends `signal`.
    func send(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits (at most `timeout` seconds) for the process to end; its exit status.
    func wait(timeout: TimeInterval = 30) async throws -> Int32 {
        let end = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < end { try await Task.sleep(for: .milliseconds(10)) }
        if process.isRunning {
            send(SIGKILL)
            throw ScenarioFailure("orch serve did not end within \(timeout) s")
        }
        while finished.wait(timeout: .now()) == .timedOut { try await Task.sleep(for: .milliseconds(5)) }
        return process.terminationStatus
    }

    /// Every stderr line so far.
    var log: [String] { stderrLines.all }

    /// The stderr lines that are JSON objects, parsed.
    var events: [JSONValue] { log.compactMap { try? JSONValue.parse($0) } }

    /// Sends a request to the server.
    func send(
        _ method: HTTPMethod, _ path: String, body: String? = nil, headers: HTTPHeaders = [:]
    ) async throws -> HTTPResponse {
        try await client.send(
            HTTPRequest(method: method, url: url + path, headers: headers, body: body.map { Array($0.utf8) }))
    }

    /// `GET /api/v1/runs/{id}`, parsed.
    func run(_ id: String) async throws -> JSONValue {
        let response = try await send(.get, "/api/v1/runs/\(id)")
        guard response.status == 200 else { throw ScenarioFailure("GET run \(id): \(response.status)") }
        return try JSONValue.parse(Data(response.body))
    }
}

/// Lines collected from a reader thread.
final class LineBuffer: Sendable {
    private let lines = Mutex<[String]>([])

    func append(_ line: String) { lines.withLock { $0.append(line) } }

    var all: [String] { lines.withLock { $0 } }
}

/// One `orch serve` scenario: a folder and database, a client, the simulator, the server.
final class ServeScenario: @unchecked Sendable {
    // Safe: every stored property is set in init and never changed.
    let folder: TemporaryFolder
    let simulator: SimulatorProcess
    let database: String
    /// The client `ci`'s id (made with `orch clients add`).
    let clientId: String

    /// A scenario with the simulator configured by `configuration`, and a client added.
    init(_ configuration: JSONValue = [:]) async throws {
        folder = try TemporaryFolder()
        simulator = try await SimulatorProcess(configuration: configuration, folder: folder)
        database = folder.path + "/orch.db"
        let added = try await Binaries.run(
            Binaries.orch, ["clients", "add", "ci", "--db", database], directory: folder.path)
        guard added.status == 0 else { throw ScenarioFailure("clients add: \(added.stderr)") }
        clientId = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Starts `orch serve` on the scenario's database against its simulator.
    func serve(pollInterval: String = "5s", _ extra: [String] = []) async throws -> ServeProcess {
        try await ServeProcess(
            ["--db", database, "--usetrace-url", simulator.url, "--poll-interval", pollInterval] + extra,
            folder: folder.path)
    }

    /// Waits (up to `limit` seconds) until `condition` holds; whether it did.
    func waitUntil(_ limit: TimeInterval = 30, _ condition: () async throws -> Bool) async throws -> Bool {
        let end = Date().addingTimeInterval(limit)
        while Date() < end {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
    }
}

/// The original service's README order (test_order.json): a tag and two traces on two browsers.
let readmeOrder = """
    {"projectID": "YXlFJTqD6gAZF_7K9TE7VmYiYVazGMc6",
     "requiredCapabilities": [{"browserName": "chrome"}, {"browserName": "firefox"}],
     "runOrder": ["tag:goon", "ZuBmU-WNsQAXLYQJ6mVVjjEjvUD3ZC83", "ZQMxtishNAAWrGeLXggk2jVbU83oGHCu"]}
    """
