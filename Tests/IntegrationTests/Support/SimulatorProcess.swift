import Foundation
import HTTPClient
import JSON

/// The real `usetrace-sim` on a free loopback port (port 0, read from its first stdout line),
/// configured by a JSON document; stopped when released.
final class SimulatorProcess: @unchecked Sendable {
    // Safe: every stored property is set in init and never changed.
    private let process = Process()
    /// Its own client: URLSession's shared one is slow to answer when many tests share it.
    private let client = HTTPClient()
    /// `http://127.0.0.1:PORT`.
    let url: String

    struct StartFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// Starts the simulator with `configuration` (written to a file in `folder`).
    init(configuration: JSONValue, folder: TemporaryFolder) async throws {
        let config = try folder.write("usetrace-sim-\(UUID().uuidString).json", configuration.canonicalText)
        process.executableURL = URL(fileURLWithPath: Binaries.simulator)
        process.arguments = ["--port", "0", "--config", config]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // The first line is "usetrace-sim listening on http://127.0.0.1:PORT".
        let (url, line) = await ListeningURL.read(from: out.fileHandleForReading)
        guard let url else {
            process.terminate()
            throw StartFailure(description: "usetrace-sim did not say where it listens: \(line.debugDescription)")
        }
        self.url = url
    }

    deinit {
        // Killed, not waited for: `waitUntilExit` would hold a test thread, and with it every other test.
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Every event of `GET /_sim/log`, in order.
    func log() async throws -> [JSONValue] {
        let response = try await client.send(HTTPRequest(method: .get, url: url + "/_sim/log"))
        guard response.status == 200 else {
            throw StartFailure(description: "GET /_sim/log answered \(response.status)")
        }
        return try JSONValue.parse(Data(response.body)).arrayValue ?? []
    }

    /// The `start` events: one per build started.
    func starts() async throws -> [SimulatedBuild] {
        try await log().filter { $0["event"] == "start" }.map(SimulatedBuild.init)
    }

    /// Replaces the simulator's configuration (`POST /_sim/config`); its counters start again.
    func configure(_ configuration: JSONValue) async throws {
        let response = try await client.send(
            HTTPRequest(method: .post, url: url + "/_sim/config", text: configuration.canonicalText))
        guard response.status == 200 else { throw StartFailure(description: "POST /_sim/config: \(response.text)") }
    }
}

/// One build as the simulator's log tells it: what it ran, on which browser, and when.
struct SimulatedBuild: Sendable, CustomStringConvertible {
    var buildId: String
    /// The trace id, or `tag:NAME` for an execute-all.
    var target: String
    var browser: String
    /// Monotonic milliseconds of the start.
    var startedAt: Int64
    /// Monotonic milliseconds at which it finishes (start + duration).
    var finishesAt: Int64

    init(_ event: JSONValue) {
        buildId = event["buildId"]?.stringValue ?? ""
        if event["kind"] == "tag" {
            target = "tag:" + (event["tags"]?.arrayValue?.compactMap(\.stringValue).joined(separator: ",") ?? "")
        } else {
            target = event["trace"]?.stringValue ?? ""
        }
        browser = event["browsers"]?.arrayValue?.first?.stringValue ?? ""
        startedAt = event["atMonoMs"]?.intValue ?? 0
        finishesAt = startedAt + (event["durationMs"]?.intValue ?? 0)
    }

    /// `target/browser`, the key tests match cells by.
    var key: String { "\(target)/\(browser)" }

    var description: String { "\(key) \(buildId) [\(startedAt), \(finishesAt)]" }
}
