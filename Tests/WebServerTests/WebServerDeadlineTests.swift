import Foundation
import TestFixtures
import Testing
import WebServer

@Suite("Slow clients are cut off by the request deadline and the per-address limit")
struct WebServerDeadlineTests {
    /// A deadline far below the idle time-out, so only the deadline can close a dribbling client.
    static func configuration(_ threading: WebServer.Threading) -> WebServer.Configuration {
        WebServer.Configuration(
            host: "127.0.0.1", connectionTimeout: .seconds(5), requestDeadline: .milliseconds(500),
            threading: threading)
    }

    /// Sends `head` at once, then `dribble` one byte every 50 ms; returns the seconds until the
    /// server closed the connection, or nil if it never did within 4 s.
    static func dribble(port: Int, head: String, _ dribble: String) throws -> Double? {
        let connection = try RawConnection(port: port)
        let began = ContinuousClock.now
        try connection.send(head)
        for byte in dribble.utf8 {
            let elapsed = ContinuousClock.now - began
            if connection.closedByPeer() { return elapsed.seconds }
            if elapsed > .seconds(4) { return nil }
            // A send can fail once the server's end is gone: that is a close too.
            do { try connection.send([byte]) } catch { return (ContinuousClock.now - began).seconds }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }

    @Test(arguments: [WebServer.Threading.perConnection, .pool(1)])
    func aClientDribblingItsHeadersIsDisconnectedAtTheDeadline(threading: WebServer.Threading) async throws {
        try await withServer(Self.configuration(threading), handler: { _ in .text("ok") }) { server in
            let port = server.port
            async let slow = onOwnThread {
                try Self.dribble(
                    port: port, head: "GET /slow HTTP/1.1\r\n",
                    "Host: t\r\nX-Slow: \(String(repeating: "a", count: 200))\r\n\r\n")
            }
            // Meanwhile another connection is served at once.
            let normal = try await exchange(port: port, "GET /fast HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(normal.status == 200)
            let seconds = try #require(try await slow)
            #expect(seconds >= 0.45)
            #expect(seconds < 1.5)
            #expect(try await eventually { server.requestsInFlight == 0 })
        }
    }

    @Test(arguments: [WebServer.Threading.perConnection, .pool(1)])
    func aClientDribblingItsBodyIsDisconnectedAtTheDeadline(threading: WebServer.Threading) async throws {
        let log = RequestLog()
        try await withServer(
            Self.configuration(threading),
            handler: {
                log.record($0)
                return .text("ok")
            }
        ) { server in
            let port = server.port
            async let slow = onOwnThread {
                try Self.dribble(
                    port: port, head: "POST /up HTTP/1.1\r\nHost: t\r\nContent-Length: 200\r\n\r\n",
                    String(repeating: "b", count: 200))
            }
            let normal = try await exchange(port: port, "GET /fast HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(normal.status == 200)
            let seconds = try #require(try await slow)
            #expect(seconds >= 0.45)
            #expect(seconds < 1.5)
            #expect(log.all.map(\.path) == ["/fast"])
            #expect(try await eventually { server.requestsInFlight == 0 })
        }
    }

    @Test func aKeptAliveConnectionMayIdleLongerThanTheDeadlineBetweenRequests() async throws {
        try await withServer(Self.configuration(.perConnection), handler: { _ in .text("ok") }) { server in
            let statuses = try await onOwnThread { [port = server.port] in
                let connection = try RawConnection(port: port)
                try connection.send("GET /a HTTP/1.1\r\nHost: t\r\n\r\n")
                let first = try connection.readResponse().status
                Thread.sleep(forTimeInterval: 1)
                try connection.send("GET /b HTTP/1.1\r\nHost: t\r\n\r\n")
                return [first, try connection.readResponse().status]
            }
            #expect(statuses == [200, 200])
        }
    }

    @Test(arguments: [WebServer.Threading.perConnection, .pool(1)])
    func connectionsFromOneAddressBeyondItsLimitAreRefused(threading: WebServer.Threading) async throws {
        var configuration = WebServer.Configuration(host: "127.0.0.1", maxConnections: 10, threading: threading)
        configuration.maxConnectionsPerIP = 2
        try await withServer(configuration, handler: { _ in .text("ok") }) { server in
            let (kept, third) = try await onOwnThread { [port = server.port] in
                let first = try RawConnection(port: port)
                let second = try RawConnection(port: port)
                try first.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
                try second.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
                let kept = [try first.readResponse().status, try second.readResponse().status]
                // Both stay open (keep-alive): a third from the same address is over its limit.
                let third = try RawConnection(port: port, readTimeout: 1)
                try? third.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
                return (kept, (try? third.readResponse())?.status)
            }
            #expect(kept == [200, 200])
            #expect(third == nil)
        }
    }
}

extension Duration {
    /// The duration in seconds.
    fileprivate var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
