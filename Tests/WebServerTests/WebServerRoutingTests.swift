import Foundation
import TestFixtures
import Testing
import WebServer

@Suite("Requests reach the handler whole and decoded")
struct WebServerRoutingTests {
    /// A small router: what a service's handler looks like.
    static func route(_ request: ServerRequest) -> ServerResponse {
        let parts = request.pathComponents
        // HEAD is answered like GET; the server leaves the body out.
        let method = request.method == .head ? ServerRequest.Method.get : request.method
        switch (method, parts.first ?? "", parts.count) {
        case (.get, "hello", 1): return .text("hello")
        case (.post, "echo", 1):
            return ServerResponse(status: 201, headers: ["X-Length": "\(request.body.count)"], body: request.body)
        case (.get, "json", 1): return .json(#"{"ok":true}"#)
        case (.get, "page", 1): return .html("<p>hi</p>")
        case (.delete, "items", 2): return .text("deleted \(parts[1])")
        case (_, "hello", 1), (_, "echo", 1): return .text("method not allowed", status: 405)
        default: return .text("no route for \(request.path)", status: 404)
        }
    }

    @Test func routesAndMethodsChooseTheAnswer() async throws {
        try await withServer(handler: Self.route) { server in
            let port = server.port
            let hello = try await exchange(port: port, "GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(hello.status == 200)
            #expect(hello.text == "hello")
            #expect(hello.header("Content-Type") == "text/plain; charset=utf-8")

            let json = try await exchange(port: port, "GET /json HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(json.header("Content-Type") == "application/json; charset=utf-8")
            #expect(json.text == #"{"ok":true}"#)

            let page = try await exchange(port: port, "GET /page HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(page.header("Content-Type") == "text/html; charset=utf-8")

            let deleted = try await exchange(port: port, "DELETE /items/42 HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(deleted.text == "deleted 42")

            let wrongMethod = try await exchange(
                port: port, "PUT /hello HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n")
            #expect(wrongMethod.status == 405)

            let missing = try await exchange(port: port, "GET /nowhere HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(missing.status == 404)
            #expect(missing.text == "no route for /nowhere")
        }
    }

    @Test func headAnswersHaveNoBodyButTheLength() async throws {
        try await withServer(handler: Self.route) { server in
            let head = try await onOwnThread { [port = server.port] in
                let connection = try RawConnection(port: port)
                try connection.send("HEAD /hello HTTP/1.1\r\nHost: t\r\n\r\nGET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
                // A HEAD answer has Content-Length but no body, so the next answer follows at once.
                let first = try connection.readResponse(bodyless: true)
                let length = first.header("Content-Length")
                let second = try connection.readResponse()
                return (first.status, length, second.text)
            }
            #expect(head.0 == 200)
            #expect(head.1 == "5")
            #expect(head.2 == "hello")
        }
    }

    @Test func pathAndQueryAreDecoded() async throws {
        let log = RequestLog()
        try await withServer(handler: {
            log.record($0)
            return .text("ok")
        }) { server in
            let target = "/a%20b/c%2Fd/J%C3%B6rg?x=1&x=2&name=J%C3%B6rg+M&flag&plus=%2B&bad=%zz"
            _ = try await exchange(port: server.port, "GET \(target) HTTP/1.1\r\nHost: t\r\n\r\n")
            let request = try #require(log.last)
            #expect(request.target == target)
            #expect(request.rawPath == "/a%20b/c%2Fd/J%C3%B6rg")
            #expect(request.path == "/a b/c/d/Jörg")
            #expect(request.pathComponents == ["a b", "c/d", "Jörg"])
            #expect(request.rawQuery == "x=1&x=2&name=J%C3%B6rg+M&flag&plus=%2B&bad=%zz")
            #expect(request.query["x"] == "1")
            #expect(request.query.values(for: "x") == ["1", "2"])
            #expect(request.query["name"] == "Jörg M")
            #expect(request.query["flag"] == "")
            #expect(request.query["plus"] == "+")
            #expect(request.query["bad"] == "%zz")
            #expect(request.query["missing"] == nil)
        }
    }

    @Test func headersAreLookedUpWithoutRegardToCase() async throws {
        let log = RequestLog()
        let handler: @Sendable (ServerRequest) -> ServerResponse = { request in
            log.record(request)
            return ServerResponse(status: 200, headers: ["X-Answer": "yes", "Set-Cookie": "a=1"], body: [])
        }
        try await withServer(handler: handler) { server in
            let response = try await exchange(
                port: server.port, "GET / HTTP/1.1\r\nHost: t\r\nX-Custom-Thing: v1\r\nx-custom-thing: v2\r\n\r\n")
            #expect(response.header("x-answer") == "yes")
            #expect(response.header("Set-Cookie") == "a=1")
            let request = try #require(log.last)
            #expect(request.headers["x-CUSTOM-thing"] == "v1")
            #expect(request.headers.values(for: "X-Custom-Thing") == ["v1", "v2"])
            #expect(request.headers["host"] == "t")
            #expect(request.headers["absent"] == nil)
            #expect(request.remoteAddress == "127.0.0.1")
        }
    }

    @Test func aLargePostBodyArrivesWholeAcrossCallbacks() async throws {
        // 300 KiB is far more than MHD's 32 KiB read buffer, so it comes in many pieces.
        let body = (0..<(300 * 1024)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
        try await withServer(handler: Self.route) { server in
            let response = try await exchange(
                port: server.port, "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: \(body.count)\r\n\r\n", body: body
            )
            #expect(response.status == 201)
            #expect(response.header("X-Length") == "\(body.count)")
            #expect(response.body == body)
        }
    }

    @Test func aChunkedBodyUnderTheLimitArrivesWhole() async throws {
        let log = RequestLog()
        try await withServer(handler: {
            log.record($0)
            return .text("ok")
        }) { server in
            let head = "POST /up HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
            let chunks = "5\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\n\r\n"
            let response = try await exchange(port: server.port, head + chunks)
            #expect(response.status == 200)
            #expect(log.last?.bodyText == "hello world")
        }
    }

    @Test func everyRequestGetsItsOwnId() async throws {
        let log = RequestLog()
        try await withServer(handler: {
            log.record($0)
            return .text("ok")
        }) { server in
            for _ in 0..<3 { _ = try await exchange(port: server.port, "GET / HTTP/1.1\r\nHost: t\r\n\r\n") }
            let ids = log.all.map(\.id)
            #expect(ids.count == 3)
            #expect(Set(ids).count == 3)
        }
    }
}
