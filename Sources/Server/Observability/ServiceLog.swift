import Executor
import Foundation
import JSON

/// The service's log: one JSON object per line on stderr, for every request and every state change.
///
/// Lines carry ids (request, run) and names (route patterns, statuses), never a secret: no client
/// id, API key, webhook token or secret, and no concrete request path (paths hold those).
public final class ServiceLog: Sendable {
    /// Where lines go; called with one whole line at a time, from any thread.
    public typealias Sink = @Sendable (String) -> Void

    private let sink: Sink
    private let clock: @Sendable () -> Date

    /// A log writing to `sink` (by default stderr, each line with one `write`).
    public init(sink: @escaping Sink = ServiceLog.standardError, clock: @escaping @Sendable () -> Date = Date.init) {
        self.sink = sink
        self.clock = clock
    }

    /// Writes each line to stderr with a single `write(2)`, so lines from different threads never interleave.
    public static let standardError: Sink = { line in
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(2, buffer.baseAddress?.advanced(by: offset), buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }

    /// Logs one event with its fields (`at` and `event` are added).
    public func event(_ name: String, _ fields: [String: JSONValue] = [:]) {
        var members = fields
        members["at"] = .string(Timestamp.rfc3339(clock()))
        members["event"] = .string(name)
        sink(JSONValue.object(members).canonicalText)
    }

    /// One answered request.
    func request(id: String, method: String, route: String, status: Int, seconds: Double) {
        event(
            "request",
            [
                "requestId": .string(id), "method": .string(method), "route": .string(route),
                "status": .int(Int64(status)), "durationMs": .double((seconds * 1_000_000).rounded() / 1000),
            ])
    }

    /// A route failed with an unexpected error (answered 500 with the request id).
    func failure(requestId: String, route: String, error: any Error) {
        event(
            "error",
            ["requestId": .string(requestId), "route": .string(route), "message": .string(String(describing: error))])
    }
}
