import Foundation

/// A built executable running in the background while a test does other things; killed when released.
final class BackgroundProcess: @unchecked Sendable {
    // Safe: `process` and the pipes are set in init; Process and FileHandle are thread-safe for
    // these calls, and the collected output sits behind OutputCollector's lock.
    private let process = Process()
    private let collected = OutputCollector()
    private let readers = DispatchGroup()
    let command: String

    /// Starts `executable` with `arguments`, the environment cleaned as `Binaries.run` cleans it.
    init(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], directory: String? = nil
    ) throws {
        command = ([executable] + arguments).joined(separator: " ")
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = Binaries.environment(adding: environment)
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        for (pipe, isOut) in [(out, true), (err, false)] {
            readers.enter()
            DispatchQueue.global().async { [collected, readers] in
                collected.set(pipe.fileHandleForReading.readDataToEndOfFile(), isOut: isOut)
                readers.leave()
            }
        }
    }

    /// The process id.
    var pid: Int32 { process.processIdentifier }

    /// Whether it is still running.
    var isRunning: Bool { process.isRunning }

    /// Sends `signal` (e.g. `SIGKILL`, `SIGINT`).
    func send(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits at most `timeout` seconds for it to end and returns what it wrote; kills it when it does not end.
    func wait(timeout: TimeInterval = 60) async throws -> ProcessOutput {
        let end = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < end { try await Task.sleep(for: .milliseconds(10)) }
        if process.isRunning {
            send(SIGKILL)
            throw ProcessTimeout(command: command)
        }
        // Its output ends when every holder of the pipes is gone; wait for that within the same deadline.
        while readers.wait(timeout: .now()) == .timedOut {
            guard Date() < end else { throw ProcessTimeout(command: command + " (its output did not end)") }
            try await Task.sleep(for: .milliseconds(5))
        }
        return ProcessOutput(status: process.terminationStatus, stdout: collected.out, stderr: collected.err)
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

extension Binaries {
    /// Runs `executable` to its end without holding a Swift-concurrency thread while it runs (the
    /// tests run in parallel on a small pool; a blocked pool would stall every other test's waits).
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], directory: String? = nil,
        timeout: TimeInterval = 60
    ) async throws -> ProcessOutput {
        try await BackgroundProcess(executable, arguments, environment: environment, directory: directory)
            .wait(timeout: timeout)
    }

    /// This process's environment without orch's and Usetrace's variables, plus `adding`.
    static func environment(adding: [String: String]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        for key in env.keys
        where key.hasPrefix("ORCH_") || key.hasPrefix("USETRACE_") || key == "PORT" || key == "HOSTNAME" {
            env[key] = nil
        }
        env.merge(adding) { _, new in new }
        return env
    }
}
