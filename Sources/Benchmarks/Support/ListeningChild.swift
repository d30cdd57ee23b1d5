import Foundation

/// A server the benchmarks start with port 0 (`orch serve`, `usetrace-sim`), whose first stdout
/// line says where it listens ("… listening on http://127.0.0.1:PORT"); with the figures the
/// benchmarks read off it from `/proc`.
public final class ListeningChild {
    /// Why the child could not be started or did not say where it listens.
    public struct StartFailure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The process, running.
    public let process = Process()
    /// `http://127.0.0.1:PORT`.
    public let url: String
    /// The port it listens on.
    public let port: Int

    /// Starts `path` with `arguments` in `folder` (stderr discarded) and reads its first line.
    public init(_ path: String, _ arguments: [String], folder: URL) throws {
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = folder
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
            throw StartFailure(description: "\(path) did not say where it listens: \(text.debugDescription)")
        }
        let url = String(text[start.lowerBound...]).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let colon = url.lastIndex(of: ":"), let port = Int(url[url.index(after: colon)...]) else {
            process.terminate()
            throw StartFailure(description: "\(path) said no port: \(text.debugDescription)")
        }
        self.url = url
        self.port = port
    }

    /// Resident memory in MB (VmRSS).
    public var residentMB: Double { statusMB("VmRSS") }

    /// Resident memory as "anonymous + file-backed" (RssAnon, RssFile), for telling the heap from
    /// the pages of the binary and libraries.
    public var residentParts: String {
        String(format: "%.1f MB anonymous + %.1f MB file-backed", statusMB("RssAnon"), statusMB("RssFile"))
    }

    /// A `/proc/PID/status` field given in kB, in MB.
    private func statusMB(_ field: String) -> Double {
        let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix(field + ":") } ?? ""
        let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
        return kilobytes / 1024
    }

    /// User and system CPU time so far, in seconds (from /proc/PID/stat, in clock ticks).
    public var cpuSeconds: Double {
        let stat = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8)) ?? ""
        // The fields after the command name, which is in parentheses and may hold spaces.
        guard let close = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Sends SIGTERM and waits for the process to end.
    public func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
    }
}
