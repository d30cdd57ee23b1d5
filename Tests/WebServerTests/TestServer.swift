import Foundation
import Synchronization
import TestFixtures
import Testing
import WebServer

/// Starts a server on a free loopback port, runs `body`, and always stops it.
func withServer<T>(
    _ configuration: WebServer.Configuration = WebServer.Configuration(host: "127.0.0.1"),
    handler: @escaping @Sendable (ServerRequest) -> ServerResponse,
    _ body: (WebServer) async throws -> T
) async throws -> T {
    let server = WebServer(configuration: configuration, handler: handler)
    try server.start()
    do {
        let result = try await body(server)
        await server.stop(grace: .seconds(2))
        return result
    } catch {
        await server.stop(grace: .seconds(2))
        throw error
    }
}

/// Remembers every request a handler saw, for tests to inspect afterwards.
final class RequestLog: Sendable {
    private let requests = Mutex<[ServerRequest]>([])

    func record(_ request: ServerRequest) { requests.withLock { $0.append(request) } }

    var all: [ServerRequest] { requests.withLock { $0 } }
    var last: ServerRequest? { all.last }
}

/// One request on a fresh connection: the request line, extra header lines, an optional body.
func exchange(port: Int, _ head: String, body: [UInt8] = []) async throws -> RawConnection.Response {
    try await onOwnThread {
        let connection = try RawConnection(port: port)
        try connection.send(Array(head.utf8) + body)
        return try connection.readResponse()
    }
}

/// Whether `condition` becomes true within `limit`, checked every few milliseconds.
func eventually(within limit: Duration = .seconds(2), _ condition: () -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + limit
    while !condition() {
        if ContinuousClock.now >= deadline { return false }
        try await Task.sleep(for: .milliseconds(5))
    }
    return true
}
