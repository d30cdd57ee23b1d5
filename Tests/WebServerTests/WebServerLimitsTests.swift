import Foundation
import TestFixtures
import Testing
import WebServer

@Suite("Limits protect the server from large bodies and slow clients")
struct WebServerLimitsTests {
    static let small = WebServer.Configuration(host: "127.0.0.1", maxBodyBytes: 1000, connectionTimeout: .seconds(1))

    /// A client that sends its over-limit body at once, and one that waits for `100 Continue`
    /// (and so sends no body: the answer must come without it).
    @Test(arguments: [
        ("", [UInt8](repeating: 65, count: 5000)),
        ("Expect: 100-continue\r\n", [UInt8]()),
    ])
    func aBodyOverTheLimitWithContentLengthIs413(expect: String, body: [UInt8]) async throws {
        let log = RequestLog()
        try await withServer(
            Self.small,
            handler: {
                log.record($0)
                return .text("ok")
            }
        ) { server in
            let response = try await exchange(
                port: server.port, "POST /up HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\n\(expect)\r\n", body: body)
            #expect(response.status == 413)
            #expect(log.all.isEmpty)
            #expect(try await eventually { server.requestsInFlight == 0 })
        }
    }

    @Test func aBodyExactlyAtTheLimitIsAccepted() async throws {
        try await withServer(Self.small, handler: { .text("\($0.body.count)") }) { server in
            let body = [UInt8](repeating: 65, count: 1000)
            let response = try await exchange(
                port: server.port, "POST /up HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\n", body: body)
            #expect(response.status == 200)
            #expect(response.text == "1000")
        }
    }

    @Test func aChunkedBodyOverTheLimitIs413() async throws {
        let log = RequestLog()
        try await withServer(
            Self.small,
            handler: {
                log.record($0)
                return .text("ok")
            }
        ) { server in
            let chunk = String(repeating: "x", count: 600)
            let chunks = "258\r\n\(chunk)\r\n258\r\n\(chunk)\r\n258\r\n\(chunk)\r\n0\r\n\r\n"
            let response = try await exchange(
                port: server.port, "POST /up HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks)
            #expect(response.status == 413)
            #expect(log.all.isEmpty)
            #expect(try await eventually { server.requestsInFlight == 0 })
        }
    }

    @Test func keepAliveServesSeveralRequestsOnOneConnection() async throws {
        let log = RequestLog()
        try await withServer(handler: {
            log.record($0)
            return .text("n\(log.all.count)")
        }) { server in
            let answers = try await onOwnThread { [port = server.port] in
                let connection = try RawConnection(port: port)
                var texts: [String] = []
                for i in 0..<4 {
                    try connection.send("POST /r\(i) HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nab")
                    let response = try connection.readResponse()
                    #expect(response.header("Connection")?.lowercased() != "close")
                    texts.append(response.text)
                }
                return texts
            }
            #expect(answers == ["n1", "n2", "n3", "n4"])
            #expect(log.all.map(\.path) == ["/r0", "/r1", "/r2", "/r3"])
        }
    }

    @Test func aSlowClientIsDisconnectedAfterTheConnectionTimeout() async throws {
        try await withServer(Self.small, handler: { _ in .text("ok") }) { server in
            let (closed, seconds) = try await onOwnThread { [port = server.port] in
                let connection = try RawConnection(port: port, readTimeout: 6)
                let began = ContinuousClock.now
                try connection.send("GET /slow HTTP/1.1\r\nHost: t\r\nX-Half: ")
                let closed = connection.waitForClose()
                let elapsed = ContinuousClock.now - began
                return (closed, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            }
            #expect(closed)
            // The time-out is 1 s; MHD checks it about once a second.
            #expect(seconds >= 0.9)
            #expect(seconds < 4)
            // The half-read request's state was released with the connection.
            #expect(try await eventually { server.requestsInFlight == 0 })
        }
    }

    @Test func aClientThatHangsUpMidBodyIsForgottenByTheTimeoutAtTheLatest() async throws {
        // MHD 0.9.75 sometimes sees the hang-up at once and sometimes only at the time-out.
        let log = RequestLog()
        try await withServer(
            Self.small,
            handler: {
                log.record($0)
                return .text("ok")
            }
        ) { server in
            try await onOwnThread { [port = server.port] in
                let connection = try RawConnection(port: port)
                try connection.send("POST /up HTTP/1.1\r\nHost: t\r\nContent-Length: 900\r\n\r\nonly ten b")
            }
            try await Task.sleep(for: .milliseconds(50))
            #expect(try await eventually(within: .seconds(3)) { server.requestsInFlight == 0 })
            #expect(log.all.isEmpty)
        }
    }

    @Test func malformedRequestsAreRefusedByMHDAndLeaveNothingBehind() async throws {
        let log = RequestLog()
        try await withServer(handler: {
            log.record($0); return .text("ok")
        }) { server in
            let badVersion = try await exchange(port: server.port, "GET / HTTP/2.7\r\nHost: t\r\n\r\n")
            #expect(badVersion.status == 505)
            let hugeHeader = "GET / HTTP/1.1\r\nHost: t\r\nX-Big: \(String(repeating: "a", count: 40_000))\r\n\r\n"
            let tooBig = try await exchange(port: server.port, hugeHeader)
            #expect(tooBig.status == 431)
            #expect(try await eventually { server.requestsInFlight == 0 })
            #expect(log.all.isEmpty)
        }
    }

    @Test(arguments: [WebServer.Threading.pool(1), .perConnection])
    func connectionsBeyondTheCapAreNotServed(threading: WebServer.Threading) async throws {
        let configuration = WebServer.Configuration(host: "127.0.0.1", maxConnections: 2, threading: threading)
        try await withServer(configuration, handler: { _ in .text("ok") }) { server in
            let outcome = try await onOwnThread { [port = server.port] in
                let first = try RawConnection(port: port)
                let second = try RawConnection(port: port)
                try first.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
                try second.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
                _ = try first.readResponse()
                _ = try second.readResponse()
                // Both stay open (keep-alive): a third is over the cap.
                let third = try RawConnection(port: port, readTimeout: 1)
                try? third.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
                return (try? third.readResponse()) == nil
            }
            #expect(outcome)
        }
    }
}
