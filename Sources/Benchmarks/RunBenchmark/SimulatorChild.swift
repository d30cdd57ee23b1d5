import BenchmarkSupport
import Foundation
import HTTPClient

/// usetrace-sim on a free loopback port, with builds that finish at once.
final class SimulatorChild {
    private let child: ListeningChild
    private let client = HTTPClient()
    /// `http://127.0.0.1:PORT`.
    var url: String { child.url }

    init(executable: String, folder: URL) throws {
        let config = folder.appendingPathComponent("sim.json")
        try Data(#"{"defaultDurationMs": 0, "acceptedMs": 0}"#.utf8).write(to: config)
        child = try ListeningChild(executable, ["--port", "0", "--config", config.path], folder: folder)
    }

    /// Forgets every build and event (`POST /_sim/reset`), so the second run starts from the same state.
    func reset() async {
        _ = try? await client.send(HTTPRequest(method: .post, url: url + "/_sim/reset"))
    }

    func stop() { child.stop() }
}
