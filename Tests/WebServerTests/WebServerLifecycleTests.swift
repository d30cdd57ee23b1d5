import Foundation
import Synchronization
import TestFixtures
import Testing
import WebServer

@Suite("Starting and stopping")
struct WebServerLifecycleTests {
    @Test func portZeroGivesARealPort() async throws {
        try await withServer(handler: { _ in .text("up") }) { server in
            #expect(server.port > 0)
            #expect(server.isRunning)
            let response = try await exchange(port: server.port, "GET / HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(response.text == "up")
        }
    }

    @Test func aTakenPortGivesAnErrorNamingHostAndPort() async throws {
        try await withServer(handler: { _ in .text("first") }) { first in
            let second = WebServer(configuration: .init(host: "127.0.0.1", port: first.port)) { _ in .text("second") }
            let error = try #require(throws: WebServerError.self) { try second.start() }
            #expect(error.kind == .addressInUse)
            #expect(error.message == "cannot listen on 127.0.0.1:\(first.port): the port is already in use")
        }
    }

    @Test func anAddressNotOfThisMachineIsRefusedClearly() throws {
        let server = WebServer(configuration: .init(host: "192.0.2.1", port: 0)) { _ in .text("") }
        let error = try #require(throws: WebServerError.self) { try server.start() }
        #expect(error.kind == .addressUnavailable)
        #expect(error.message.hasPrefix("cannot listen on 192.0.2.1:0:"))
    }

    @Test func anInvalidConfigurationIsRefused() throws {
        let server = WebServer(configuration: .init(port: 70000)) { _ in .text("") }
        let error = try #require(throws: WebServerError.self) { try server.start() }
        #expect(error.kind == .invalidConfiguration)
    }

    @Test func aServerStartsOnlyOnce() async throws {
        try await withServer(handler: { _ in .text("") }) { server in
            let error = try #require(throws: WebServerError.self) { try server.start() }
            #expect(error.kind == .notStartable)
        }
    }

    @Test func stopLetsASlowHandlerInFlightFinishAndAnswer() async throws {
        let entered = Atomic<Bool>(false)
        let server = WebServer(configuration: .init(host: "127.0.0.1")) { request in
            entered.store(true, ordering: .sequentiallyConsistent)
            Thread.sleep(forTimeInterval: 0.6)
            return .text("finished \(request.path)")
        }
        try server.start()
        let port = server.port
        async let answer = exchange(port: port, "GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")
        while !entered.load(ordering: .sequentiallyConsistent) { try await Task.sleep(for: .milliseconds(5)) }
        #expect(server.requestsInFlight == 1)
        let began = ContinuousClock.now
        await server.stop(grace: .seconds(5))
        let stopTook = ContinuousClock.now - began
        let response = try await answer
        #expect(response.status == 200)
        #expect(response.text == "finished /slow")
        // Stopping answered the request in flight, so it ends the connection after it.
        #expect(response.header("Connection")?.lowercased() == "close")
        #expect(stopTook < .seconds(3))
        #expect(server.port == 0)
        #expect(!server.isRunning)
        // Nothing listens any more.
        await #expect(throws: RawConnection.Failure.self) {
            try await onOwnThread { _ = try RawConnection(port: port) }
        }
    }

    @Test func stopWithNothingInFlightIsQuick() async throws {
        let server = WebServer(configuration: .init(host: "127.0.0.1")) { _ in .text("") }
        try server.start()
        _ = try await exchange(port: server.port, "GET / HTTP/1.1\r\nHost: t\r\n\r\n")
        let began = ContinuousClock.now
        await server.stop(grace: .seconds(5))
        // Well under the grace: nothing is waited for (a loaded CI machine needs the margin).
        #expect(ContinuousClock.now - began < .seconds(4))
        #expect(server.requestsInFlight == 0)
    }

    @Test func theBlockingStopAlsoDrains() async throws {
        let server = WebServer(configuration: .init(host: "127.0.0.1")) { _ in
            Thread.sleep(forTimeInterval: 0.3)
            return .text("done")
        }
        try server.start()
        async let answer = exchange(port: server.port, "GET / HTTP/1.1\r\nHost: t\r\n\r\n")
        // Bounded: a connect that failed must fail the test, not spin it for ever.
        let deadline = ContinuousClock.now + .seconds(10)
        while server.requestsInFlight == 0 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(server.requestsInFlight > 0)
        try await onOwnThread { server.stop(grace: .seconds(5)) }
        #expect(try await answer.text == "done")
    }
}
