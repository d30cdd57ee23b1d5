import Foundation
import Glibc
import Synchronization

/// One keep-alive HTTP/1.1 connection to 127.0.0.1, blocking: used by one load thread only.
final class LoadConnection {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private let fd: Int32
    private var buffer: [UInt8] = []
    private var chunk = [UInt8](repeating: 0, count: 64 * 1024)

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        // The object is whole here, so `deinit` closes the socket when this throws.
        guard rc == 0 else { throw Failure(description: "connect: errno \(errno)") }
    }

    deinit { close(fd) }

    /// Sends one request and reads its answer; the status.
    func exchange(_ request: [UInt8]) throws -> Int {
        var sent = 0
        while sent < request.count {
            let n = request[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw Failure(description: "send: errno \(errno)") }
            sent += n
        }
        return try readResponse()
    }

    private func readResponse() throws -> Int {
        let separator: [UInt8] = [13, 10, 13, 10]
        var headEnd: Int?
        while headEnd == nil {
            headEnd = find(separator)
            if headEnd == nil { try fill() }
        }
        guard let end = headEnd else { throw Failure(description: "no head") }
        let head = String(decoding: buffer[..<end], as: UTF8.self)
        let lines = head.split(separator: "\r\n")
        guard let statusLine = lines.first, statusLine.split(separator: " ").count >= 2,
            let status = Int(statusLine.split(separator: " ")[1])
        else { throw Failure(description: "bad status line: \(head)") }
        var length = 0
        for line in lines.dropFirst() where line.lowercased().hasPrefix("content-length:") {
            length = Int(line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) ?? 0
        }
        let total = end + 4 + length
        while buffer.count < total { try fill() }
        buffer.removeFirst(total)
        return status
    }

    private func find(_ pattern: [UInt8]) -> Int? {
        guard buffer.count >= pattern.count else { return nil }
        for i in 0...(buffer.count - pattern.count) where buffer[i] == pattern[0] {
            if Array(buffer[i..<(i + pattern.count)]) == pattern { return i }
        }
        return nil
    }

    private func fill() throws {
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { throw Failure(description: "connection closed (recv \(n), errno \(errno))") }
        buffer.append(contentsOf: chunk[0..<n])
    }
}

/// What a load phase measured: each request's latency, the statuses, the time it took.
struct LoadResult {
    var latencies: [Double] = []
    var statuses: [Int: Int] = [:]
    var errors = 0
    var seconds = 0.0

    var count: Int { latencies.count }
    var throughput: Double { Double(count) / seconds }

    /// The `p`-quantile of the latencies (0…1), in milliseconds.
    func percentile(_ p: Double) -> Double {
        guard !latencies.isEmpty else { return .nan }
        let sorted = latencies.sorted()
        let index = min(sorted.count - 1, max(0, Int((p * Double(sorted.count)).rounded(.up)) - 1))
        return sorted[index] * 1000
    }

    mutating func merge(_ other: LoadResult) {
        latencies += other.latencies
        for (status, count) in other.statuses { statuses[status, default: 0] += count }
        errors += other.errors
    }

    var summary: String {
        let codes = statuses.keys.sorted().map { "\($0)×\(statuses[$0] ?? 0)" }.joined(separator: " ")
        return String(
            format: "%d requests in %.2f s = %.0f/s; latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms; %@%@",
            count, seconds, throughput, percentile(0.5), percentile(0.9), percentile(0.99), percentile(1),
            codes, errors > 0 ? "; \(errors) errors" : "")
    }
}

extension LoadResult {
    /// Sends `request` on `connection` and records its status and its latency since `since`;
    /// `false` (an error counted) when the exchange failed, which ends that connection's load.
    mutating func record(_ request: [UInt8], on connection: LoadConnection, since: Date) -> Bool {
        do {
            let status = try connection.exchange(request)
            latencies.append(Date().timeIntervalSince(since))
            statuses[status, default: 0] += 1
            return true
        } catch {
            errors += 1
            return false
        }
    }
}

/// A load generator of its own (threads with blocking keep-alive connections, not Swift concurrency).
enum LoadGenerator {
    /// Closed loop: `connections` connections, each sending its next request as soon as the last
    /// was answered, for `seconds` (or until `limit` requests were sent).
    static func closedLoop(
        port: Int, connections: Int, seconds: Double, limit: Int? = nil,
        request: @escaping @Sendable (Int) -> [UInt8]
    ) -> LoadResult {
        let counter = Atomic<Int>(0)
        let start = Date()
        let end = start.addingTimeInterval(seconds)
        return onConnections(port: port, count: connections, start: start) { _, connection, result in
            while Date() < end {
                let n = counter.add(1, ordering: .relaxed).newValue
                if let limit, n > limit { break }
                guard result.record(request(n), on: connection, since: Date()) else { break }
            }
        }
    }

    /// Open loop at `rate` requests a second: request `i` is due at `i / rate` seconds; each
    /// latency counts from when its request was due (so a slow answer that delays the next
    /// request shows in that one's latency too, instead of hiding it).
    static func openLoop(port: Int, connections: Int, rate: Double, requests: [[UInt8]]) -> LoadResult {
        let start = Date().addingTimeInterval(0.05)
        return onConnections(port: port, count: connections, start: start) { lane, connection, result in
            for i in stride(from: lane, to: requests.count, by: connections) {
                let due = start.addingTimeInterval(Double(i) / rate)
                let wait = due.timeIntervalSinceNow
                if wait > 0 { Thread.sleep(forTimeInterval: wait) }
                guard result.record(requests[i], on: connection, since: due) else { break }
            }
        }
    }

    /// Runs `load` on `count` threads, each with a connection of its own (lane 0…count-1), and
    /// merges what they recorded; the seconds are counted from `start`. A connection that cannot
    /// be opened counts as one error.
    private static func onConnections(
        port: Int, count: Int, start: Date,
        load: @escaping @Sendable (Int, LoadConnection, inout LoadResult) -> Void
    ) -> LoadResult {
        let results = Mutex(LoadResult())
        let group = DispatchGroup()
        for lane in 0..<count {
            group.enter()
            Thread {
                var local = LoadResult()
                if let connection = try? LoadConnection(port: port) {
                    load(lane, connection, &local)
                } else {
                    local.errors += 1
                }
                results.withLock { $0.merge(local) }
                group.leave()
            }.start()
        }
        group.wait()
        var result = results.withLock { $0 }
        result.seconds = Date().timeIntervalSince(start)
        return result
    }

    /// An HTTP/1.1 POST with a body.
    static func post(_ path: String, body: [UInt8], headers: [String: String] = [:]) -> [UInt8] {
        var head = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: \(body.count)\r\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { head += "\(name): \(value)\r\n" }
        return Array((head + "\r\n").utf8) + body
    }
}
