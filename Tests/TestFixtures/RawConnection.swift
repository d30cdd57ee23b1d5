import Foundation
import Glibc

/// A blocking TCP client for tests that need byte-level control (keep-alive, half-sent requests,
/// chunked bodies). Use it only inside `onOwnThread`, never directly on a concurrency thread.
///
/// `@unchecked Sendable`: its one socket is used by one thread at a time; a test may hand it from
/// one `onOwnThread` step to the next (send half a request, signal the server, send the rest).
public final class RawConnection: @unchecked Sendable {
    /// A response as read off the wire.
    public struct Response: Sendable {
        public var status: Int
        public var headers: [(String, String)]
        public var body: [UInt8]

        /// The first header named `name` (case-insensitive), if any.
        public func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }

        /// The body as UTF-8 text.
        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// A socket call that failed, or an answer that is not HTTP.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    private let fd: Int32
    private var pending: [UInt8] = []

    /// Connects to 127.0.0.1:`port`; reads give up after `readTimeout`.
    public init(port: Int, readTimeout: Double = 5) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(errno)") }
        var timeout = timeval(tv_sec: Int(readTimeout), tv_usec: Int((readTimeout - Double(Int(readTimeout))) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        // No close here: the object is whole, so `deinit` runs when this throws and closes the socket
        // (closing it here too would close a number another thread may have been given meanwhile).
        guard rc == 0 else { throw Failure(description: "connect to port \(port): errno \(errno)") }
    }

    deinit { close(fd) }

    /// Sends every byte.
    public func send(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw Failure(description: "send: errno \(errno)") }
            sent += n
        }
    }

    /// Sends UTF-8 text.
    public func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// Reads one response with a Content-Length body (what the server sends for buffered answers);
    /// `bodyless` for the answer to a HEAD request, which has the length but not the body.
    public func readResponse(bodyless: Bool = false) throws -> Response {
        let headEnd = try readUntil(Array("\r\n\r\n".utf8))
        let head = String(decoding: pending[..<headEnd], as: UTF8.self)
        pending.removeFirst(headEnd + 4)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
            throw Failure(description: "bad status line in \(head)")
        }
        let headers = lines.compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var response = Response(status: status, headers: headers, body: [])
        let length = bodyless ? 0 : Int(response.header("Content-Length") ?? "0") ?? 0
        while pending.count < length {
            guard try fill() else { throw Failure(description: "connection closed inside a body") }
        }
        response.body = Array(pending.prefix(length))
        pending.removeFirst(length)
        return response
    }

    /// Whether the server closes the connection (a read sees end of file or a reset) before the read time-out.
    public func waitForClose() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { return true }
            if n < 0 { return errno == ECONNRESET }
        }
    }

    /// Whether the server has closed the connection (end of file or a reset), without waiting;
    /// bytes the server sent meanwhile stay unread.
    public func closedByPeer() -> Bool {
        var byte: UInt8 = 0
        let n = recv(fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
        if n == 0 { return true }
        return n < 0 && errno == ECONNRESET
    }

    private func readUntil(_ marker: [UInt8]) throws -> Int {
        while true {
            if let found = find(marker) { return found }
            guard try fill() else { throw Failure(description: "connection closed before a full response head") }
        }
    }

    private func find(_ marker: [UInt8]) -> Int? {
        guard pending.count >= marker.count else { return nil }
        for i in 0...(pending.count - marker.count) where pending[i..<(i + marker.count)].elementsEqual(marker) {
            return i
        }
        return nil
    }

    private func fill() throws -> Bool {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n == 0 { return false }
        if n < 0 {
            if errno == ECONNRESET { return false }
            throw Failure(description: "recv: errno \(errno) (time-out?)")
        }
        pending.append(contentsOf: buffer[..<n])
        return true
    }
}

/// Runs blocking client code on a thread of its own, so no concurrency thread ever blocks.
public func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread {
            continuation.resume(with: Result { try body() })
        }.start()
    }
}
