import Foundation
import Synchronization

/// The Python fixture server (TestFixtures/Fixtures/fixture_server.py) that the HTTPClient and
/// Usetrace tests talk to, started once per test process.
///
/// `@unchecked Sendable`: the process and pipe are set once in `start()` and never touched
/// again; they are only held so the child keeps its standard input open (it exits when it closes).
public final class FixtureServer: @unchecked Sendable {
    /// The port the fixture listens on (127.0.0.1).
    public let port: Int
    /// A port that was free when the fixture started: connecting to it is refused.
    public let unusedPort: Int
    private let process: Process
    private let input: Pipe

    /// The shared fixture, started on first use.
    public static let shared = Task { try await FixtureServer.start() }

    private init(port: Int, unusedPort: Int, process: Process, input: Pipe) {
        self.port = port
        self.unusedPort = unusedPort
        self.process = process
        self.input = input
    }

    /// `http://127.0.0.1:<port><path>`.
    public func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    private static func start() async throws -> FixtureServer {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/fixture_server.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let line = try await firstLine(of: output.fileHandleForReading)
        let words = line.split(separator: " ")
        guard words.count == 4, words[0] == "PORT", let port = Int(words[1]), let unused = Int(words[3]) else {
            throw FixtureError(message: "unexpected first line from the fixture: \(line)")
        }
        return FixtureServer(port: port, unusedPort: unused, process: process, input: input)
    }

    /// Reads up to the first newline without blocking a Swift-concurrency thread.
    private static func firstLine(of handle: FileHandle) async throws -> String {
        let state = Mutex<(buffer: Data, continuation: CheckedContinuation<String, any Error>?)>((Data(), nil))
        return try await withCheckedThrowingContinuation { continuation in
            state.withLock { $0.continuation = continuation }
            handle.readabilityHandler = { handle in
                let chunk = handle.availableData
                state.withLock { state in
                    guard let waiting = state.continuation else { return }
                    if chunk.isEmpty {
                        state.continuation = nil
                        handle.readabilityHandler = nil
                        waiting.resume(throwing: FixtureError(message: "the fixture exited before printing its port"))
                        return
                    }
                    state.buffer.append(chunk)
                    if let newline = state.buffer.firstIndex(of: UInt8(ascii: "\n")) {
                        state.continuation = nil
                        handle.readabilityHandler = nil
                        waiting.resume(returning: String(decoding: state.buffer[..<newline], as: UTF8.self))
                    }
                }
            }
        }
    }
}

/// The fixture could not be started.
public struct FixtureError: Error, CustomStringConvertible {
    /// What went wrong.
    public let message: String
    /// The message.
    public var description: String { message }
}
