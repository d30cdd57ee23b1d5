import Foundation
import Synchronization
import TestFixtures
import Testing

@testable import WebServer

@Suite("The observer is told of every answer, refusals included, and of MHD's own messages")
struct WebServerObserverTests {
    /// What an observer was told.
    final class Told: Sendable {
        private let state = Mutex<([AnsweredRequest], [WebServer.Observer.Notice])>(([], []))
        var observer: WebServer.Observer {
            WebServer.Observer(
                answered: { answered in self.state.withLock { $0.0.append(answered) } },
                notice: { notice in self.state.withLock { $0.1.append(notice) } })
        }
        var answers: [AnsweredRequest] { state.withLock { $0.0 } }
        var notices: [WebServer.Observer.Notice] { state.withLock { $0.1 } }
    }

    static func start(_ told: Told, _ configuration: WebServer.Configuration) throws -> WebServer {
        let server = WebServer(configuration: configuration, observer: told.observer) { _ in .text("ok", status: 201) }
        try server.start()
        return server
    }

    @Test func aRefusedBodyAndAHandledRequestAreBothReported() async throws {
        let told = Told()
        let server = try Self.start(told, WebServer.Configuration(host: "127.0.0.1", maxBodyBytes: 10))
        let refused = try await exchange(
            port: server.port, "POST /a/secret HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\n\r\n",
            body: Array("01234567890".utf8))
        let handled = try await exchange(port: server.port, "GET /b HTTP/1.1\r\nHost: t\r\n\r\n")
        await server.stop(grace: .seconds(1))
        #expect(refused.status == 413)
        #expect(handled.status == 201)
        let answers = told.answers
        #expect(answers.map(\.status) == [413, 201])
        #expect(answers.map(\.refusal) == [.bodyTooLarge, nil])
        #expect(answers.map(\.target) == ["/a/secret", "/b"])
        #expect(answers.first?.method == .post)
    }

    @Test func aBadContentLengthIsAnsweredByMHDAloneAndItsMessageIsReported() async throws {
        let told = Told()
        let server = try Self.start(told, WebServer.Configuration(host: "127.0.0.1"))
        let response = try await exchange(
            port: server.port, "POST /token-abc HTTP/1.1\r\nHost: t\r\nContent-Length: abc\r\n\r\n")
        #expect(response.status == 400)
        #expect(try await eventually { !told.notices.isEmpty })
        await server.stop(grace: .seconds(1))
        // MHD answers it before any callback of ours: no request was seen, none is reported.
        #expect(told.answers.isEmpty)
        let messages = told.notices.compactMap { notice -> String? in
            if case .library(let message) = notice { return message }
            return nil
        }
        #expect(messages.contains { $0.contains("Content-Length") })
        #expect(messages.allSatisfy { !$0.contains("token-abc") && !$0.hasSuffix("\n") })
    }

    @Test func aConnectionCutAtItsDeadlineIsReported() async throws {
        let told = Told()
        let server = try Self.start(
            told, WebServer.Configuration(host: "127.0.0.1", requestDeadline: .milliseconds(100)))
        try await onOwnThread { [port = server.port] in
            let connection = try RawConnection(port: port, readTimeout: 3)
            try connection.send("GET / HTTP/1.1\r\nHo")
            _ = connection.waitForClose()
        }
        #expect(try await eventually { told.notices.contains(.deadlinePassed(connections: 1)) })
        await server.stop(grace: .seconds(1))
    }

    @Test(arguments: [
        (
            "Failed to send the response headers for the request for `/scheduleRun/s3cret'. Error: Broken pipe",
            "Failed to send the response headers for the request for `<path>'. Error: Broken pipe"
        ),
        ("Failed to send data in request for /webhook/run/t0ken.", "Failed to send data in request for <path>."),
        (
            "Failed to parse `Content-Length' header. Closing connection.",
            "Failed to parse `Content-Length' header. Closing connection."
        ),
    ])
    func requestPathsInMHDMessagesAreWithheld(message: String, logged: String) {
        #expect(LibraryMessage.redacted(message) == logged)
    }
}
