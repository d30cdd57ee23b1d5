import Foundation
import HTTPClient

/// usetrace-sim on a free loopback port, with builds that finish at once.
final class SimulatorChild: Sendable {
    private let process: Process
    private let client = HTTPClient()
    /// `http://127.0.0.1:PORT`.
    let url: String

    struct StartFailure: Error, CustomStringConvertible {
        var description: String
    }

    init(executable: String, folder: URL) throws {
        let config = folder.appendingPathComponent("sim.json")
        try Data(#"{"defaultDurationMs": 0, "acceptedMs": 0}"#.utf8).write(to: config)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--port", "0", "--config", config.path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let start = text.range(of: "http://") else {
            process.terminate()
            throw StartFailure(description: "usetrace-sim (\(executable)) did not start: \(text.debugDescription)")
        }
        self.process = process
        url = String(text[start.lowerBound...]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Forgets every build and event (`POST /_sim/reset`), so the second run starts from the same state.
    func reset() async {
        _ = try? await client.send(HTTPRequest(method: .post, url: url + "/_sim/reset"))
    }

    func stop() {
        if process.isRunning { process.terminate() }
    }
}
