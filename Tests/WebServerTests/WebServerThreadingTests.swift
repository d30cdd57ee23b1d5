import Dispatch
import Foundation
import TestFixtures
import Testing

@testable import WebServer

/// What a handler that waits holds up: its own connection only with a thread for each
/// connection; every connection of its thread with a pool.
@Suite struct WebServerThreadingTests {
    /// A handler that holds `/slow` until `release` is signalled and answers anything else at once.
    static func handler(_ release: DispatchSemaphore) -> @Sendable (ServerRequest) -> ServerResponse {
        { request in
            if request.path == "/slow" { release.wait() }
            return .text(request.path)
        }
    }

    /// Sends `/slow` on one connection, then `/fast` on another; whether `/fast` was answered
    /// while `/slow` was still held (and both were answered in the end).
    static func fastAnsweredWhileSlowHeld(port: Int, release: DispatchSemaphore) async throws -> Bool {
        try await onOwnThread {
            let slow = try RawConnection(port: port)
            try slow.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")
            Thread.sleep(forTimeInterval: 0.2)  // the slow request reaches its handler first
            let fast = try RawConnection(port: port, readTimeout: 1)
            try fast.send("GET /fast HTTP/1.1\r\nHost: t\r\n\r\n")
            let early = try? fast.readResponse()
            release.signal()
            _ = try slow.readResponse()
            if early == nil { _ = try fast.readResponse() }
            return early?.status == 200
        }
    }

    @Test func withAThreadForEachConnectionAWaitingHandlerHoldsUpNoOtherConnection() async throws {
        let release = DispatchSemaphore(value: 0)
        let configuration = WebServer.Configuration(host: "127.0.0.1", threading: .perConnection)
        try await withServer(configuration, handler: Self.handler(release)) { server in
            let answered = try await Self.fastAnsweredWhileSlowHeld(port: server.port, release: release)
            #expect(answered)
        }
    }

    @Test func withAPoolOfOneAWaitingHandlerHoldsUpTheOtherConnections() async throws {
        let release = DispatchSemaphore(value: 0)
        let configuration = WebServer.Configuration(host: "127.0.0.1", threading: .pool(1))
        try await withServer(configuration, handler: Self.handler(release)) { server in
            let answered = try await Self.fastAnsweredWhileSlowHeld(port: server.port, release: release)
            #expect(!answered)
        }
    }

    @Test func aPoolWithoutThreadsIsRefused() {
        #expect(WebServer.Configuration(threading: .pool(0)).problem() != nil)
        #expect(WebServer.Configuration(maxConnections: 2, threading: .pool(3)).problem() != nil)
        #expect(WebServer.Configuration(threading: .perConnection).problem() == nil)
    }
}
