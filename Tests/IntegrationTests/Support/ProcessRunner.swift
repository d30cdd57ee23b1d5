import Foundation

/// The result of running a process to its end.
struct ProcessOutput: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the project's built executables (they sit next to the test bundle in `.build/<config>`).
enum Binaries {
    /// The folder holding the built products.
    static let folder: URL = {
        if let override = ProcessInfo.processInfo.environment["ORCH_BUILD_DIR"] {
            return URL(fileURLWithPath: override)
        }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("orch").path) { return url }
        }
        return URL(fileURLWithPath: ".build/debug")
    }()

    static var orch: String { folder.appendingPathComponent("orch").path }
    static var simulator: String { folder.appendingPathComponent("usetrace-sim").path }

    /// Runs `executable` with `arguments` and waits at most `timeout` seconds.
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], stdin: String? = nil,
        directory: String? = nil, timeout: TimeInterval = 60
    ) throws -> ProcessOutput {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for key in env.keys
        where key.hasPrefix("ORCH_") || key.hasPrefix("USETRACE_") || key == "PORT" || key == "HOSTNAME" {
            env[key] = nil
        }
        env.merge(environment) { _, new in new }
        process.environment = env
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? input.fileHandleForWriting.close()
        // Read both pipes concurrently so a full pipe never blocks the child.
        let collected = OutputCollector()
        let group = DispatchGroup()
        for (pipe, isOut) in [(out, true), (err, false)] {
            group.enter()
            DispatchQueue.global().async {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                collected.set(data, isOut: isOut)
                group.leave()
            }
        }
        if group.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            _ = group.wait(timeout: .now() + 5)
            throw ProcessTimeout(command: ([executable] + arguments).joined(separator: " "))
        }
        process.waitUntilExit()
        return ProcessOutput(status: process.terminationStatus, stdout: collected.out, stderr: collected.err)
    }

    /// Runs the built `orch`.
    static func orch(
        _ arguments: String..., environment: [String: String] = [:], stdin: String? = nil, directory: String? = nil
    ) throws -> ProcessOutput {
        try run(orch, arguments, environment: environment, stdin: stdin, directory: directory)
    }
}

struct ProcessTimeout: Error, CustomStringConvertible {
    var command: String
    var description: String { "timed out: \(command)" }
}

/// Collects a child's output from two reader threads.
final class OutputCollector: @unchecked Sendable {
    // Safe: every access holds `lock`.
    private let lock = NSLock()
    private var outData = Data()
    private var errData = Data()

    func set(_ data: Data, isOut: Bool) {
        lock.lock()
        defer { lock.unlock() }
        if isOut { outData = data } else { errData = data }
    }

    var out: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: outData, as: UTF8.self)
    }

    var err: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: errData, as: UTF8.self)
    }
}

/// A fresh temporary folder, removed when the value is released.
final class TemporaryFolder: @unchecked Sendable {
    // Safe: `url` is immutable after init.
    let url: URL
    var path: String { url.path }

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("orch-test-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `text` to `name` inside the folder and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// The repository's root folder.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
