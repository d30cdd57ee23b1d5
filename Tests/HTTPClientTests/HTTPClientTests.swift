import Foundation
import HTTPClient
import TestFixtures
import Testing

/// The JSON the fixture's `/echo` route answers.
private struct Echo: Decodable {
    let method: String
    let path: String
    let query: String
    let headers: [String: String]
    let body: String
}

/// The JSON the fixture's `/connection` route answers.
private struct ConnectionReport: Decodable {
    let clientPort: Int
    let requestsOnConnection: Int
}

private func decode<T: Decodable>(_ type: T.Type, _ response: HTTPResponse) throws -> T {
    try JSONDecoder().decode(type, from: Data(response.body))
}

private func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// Runs `body`, expecting an `HTTPClientError`, and returns it with the time it took to fail.
private func expectClientError(
    _ body: () async throws -> HTTPResponse, sourceLocation: SourceLocation = #_sourceLocation
) async -> (HTTPClientError?, Double) {
    let start = ContinuousClock.now
    do {
        let response = try await body()
        Issue.record("expected an HTTPClientError, got status \(response.status)", sourceLocation: sourceLocation)
        return (nil, seconds(.now - start))
    } catch let error as HTTPClientError {
        return (error, seconds(.now - start))
    } catch {
        Issue.record("expected an HTTPClientError, got \(error)", sourceLocation: sourceLocation)
        return (nil, seconds(.now - start))
    }
}

@Suite("HTTPClient over a real server", .timeLimit(.minutes(1)))
struct HTTPClientTests {
    @Test func getRoundTripSendsHeadersAndQuery() async throws {
        let server = try await FixtureServer.shared.value
        let client = HTTPClient()
        let response = try await client.send(
            HTTPRequest(
                url: server.url("/echo/a%20b?x=1&y=two"), headers: ["X-Test": "abc", "Accept": "application/json"]))
        #expect(response.status == 200)
        #expect(response.headers["content-type"] == "application/json")
        #expect(response.headers["CONTENT-TYPE"] == "application/json")
        let echo = try decode(Echo.self, response)
        #expect(echo.method == "GET")
        #expect(echo.path == "/echo/a%20b")
        #expect(echo.query == "x=1&y=two")
        #expect(echo.headers["x-test"] == "abc")
        #expect(echo.headers["accept"] == "application/json")
        #expect(echo.body == "")
    }

    @Test func postRoundTripSendsTheBodyBytesExactly() async throws {
        let server = try await FixtureServer.shared.value
        let client = HTTPClient()
        let text = "{\"name\": \"grüße\", \"nul\": \"a\u{0}b\"}"
        let response = try await client.send(
            HTTPRequest(
                method: .post, url: server.url("/echo"), headers: ["Content-Type": "application/json"], text: text))
        let echo = try decode(Echo.self, response)
        #expect(echo.method == "POST")
        #expect(echo.body == text)
        #expect(echo.headers["content-type"] == "application/json")
        #expect(echo.headers["content-length"] == String(text.utf8.count))
        #expect(echo.headers["expect"] == nil)
    }

    @Test func otherMethodsAndEmptyBodiesAreSentAsGiven() async throws {
        let server = try await FixtureServer.shared.value
        let client = HTTPClient()
        let put = try decode(
            Echo.self, try await client.send(HTTPRequest(method: .put, url: server.url("/echo"), text: "x")))
        #expect(put.method == "PUT")
        #expect(put.body == "x")
        let emptyPost = try decode(
            Echo.self, try await client.send(HTTPRequest(method: .post, url: server.url("/echo"))))
        #expect(emptyPost.method == "POST")
        #expect(emptyPost.headers["content-length"] == "0")
        let delete = try decode(
            Echo.self, try await client.send(HTTPRequest(method: .delete, url: server.url("/echo"))))
        #expect(delete.method == "DELETE")
        let head = try await client.send(HTTPRequest(method: .head, url: server.url("/large/1000")))
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        #expect(head.headers["Content-Length"] == "1000")
    }

    @Test(arguments: [200, 204, 301, 400, 401, 404, 429, 500, 503])
    func httpErrorStatusesAreResponsesNotErrors(status: Int) async throws {
        let server = try await FixtureServer.shared.value
        let client = HTTPClient()
        let response = try await client.send(HTTPRequest(url: server.url("/status/\(status)?retryAfter=7")))
        #expect(response.status == status)
        #expect(response.headers["retry-after"] == "7")
        if status != 204 { #expect(response.text == "status \(status)") }
    }

    @Test func aLargeBodyArrivesWhole() async throws {
        let server = try await FixtureServer.shared.value
        let client = HTTPClient()
        let size = 5_000_000
        let response = try await client.send(HTTPRequest(url: server.url("/large/\(size)")))
        #expect(response.body.count == size)
        #expect(response.body.prefix(3) == [UInt8(ascii: "a"), UInt8(ascii: "b"), UInt8(ascii: "c")])
        #expect(response.body[size - 1] == Array("abcdefghijklmnopqrstuvwxyz".utf8)[(size - 1) % 26])
    }

    @Test func aBodyOverTheLimitFailsTheRequest() async throws {
        let server = try await FixtureServer.shared.value
        let client = HTTPClient()
        var request = HTTPRequest(url: server.url("/large/100000"))
        request.maxResponseBodyBytes = 1000
        let (error, _) = await expectClientError { try await client.send(request) }
        #expect(error?.kind == .transport)
        #expect(error?.message.contains("over the limit of 1000 bytes") == true)
    }

    @Test func theTotalTimeOutFailsWithATimeoutErrorNearTheLimit() async throws {
        let server = try await FixtureServer.shared.value
        let client = HTTPClient()
        let (error, elapsed) = await expectClientError {
            try await client.send(HTTPRequest(url: server.url("/delay/3000"), timeout: .milliseconds(300)))
        }
        #expect(error?.kind == .timeout)
        #expect(error?.curlCode == 28)
        #expect(elapsed >= 0.25 && elapsed < 1.5, "failed after \(elapsed) s")
    }

    @Test func aRefusedPortFailsAtOnceWithAConnectError() async throws {
        let server = try await FixtureServer.shared.value
        let client = HTTPClient()
        let (error, elapsed) = await expectClientError {
            try await client.send(HTTPRequest(url: "http://127.0.0.1:\(server.unusedPort)/echo"))
        }
        #expect(error?.kind == .connectFailure)
        #expect(error?.curlCode == 7)
        #expect(elapsed < 1, "failed after \(elapsed) s")
    }

    @Test func aHundredConcurrentRequestsAllComplete() async throws {
        let server = try await FixtureServer.shared.value
        let client = HTTPClient()
        let queries = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for i in 0..<100 {
                group.addTask {
                    let response = try await client.send(HTTPRequest(url: server.url("/echo?i=\(i)")))
                    return (i, try decode(Echo.self, response).query)
                }
            }
            var answers: [Int: String] = [:]
            for try await (i, query) in group { answers[i] = query }
            return answers
        }
        #expect(queries.count == 100)
        #expect(queries.allSatisfy { $0.value == "i=\($0.key)" })
    }

    @Test func sequentialRequestsReuseOneConnection() async throws {
        let server = try await FixtureServer.shared.value
        let client = HTTPClient()
        var reports: [ConnectionReport] = []
        for _ in 0..<3 {
            reports.append(
                try decode(ConnectionReport.self, try await client.send(HTTPRequest(url: server.url("/connection")))))
        }
        #expect(Set(reports.map(\.clientPort)).count == 1)
        #expect(reports.map(\.requestsOnConnection) == [1, 2, 3])
    }

    @Test func errorMessagesNeverContainTheQuery() async throws {
        let server = try await FixtureServer.shared.value
        let client = HTTPClient()
        let refused = "http://user:pw@127.0.0.1:\(server.unusedPort)/api/x?key=s3cr3t-refused&other=1"
        let (connectError, _) = await expectClientError { try await client.send(HTTPRequest(url: refused)) }
        let slow = server.url("/delay/2000?key=s3cr3t-slow")
        let (timeoutError, _) = await expectClientError {
            try await client.send(HTTPRequest(url: slow, timeout: .milliseconds(100)))
        }
        let malformed = "htp:/nonsense?key=s3cr3t-malformed"
        let (invalidError, _) = await expectClientError { try await client.send(HTTPRequest(url: malformed)) }
        for error in [connectError, timeoutError, invalidError] {
            let text = String(describing: error)
            #expect(!text.contains("s3cr3t"), "\(text)")
            #expect(!text.contains("other=1"), "\(text)")
            #expect(!text.contains("pw@"), "\(text)")
        }
        #expect(connectError?.message.contains("/api/x") == true)
        #expect(!String(describing: HTTPRequest(url: slow)).contains("s3cr3t"))
    }

    @Test func cancellingTheCallingTaskAbandonsTheTransfer() async throws {
        let server = try await FixtureServer.shared.value
        let client = HTTPClient()
        let task = Task { try await client.send(HTTPRequest(url: server.url("/delay/5000"))) }
        try await Task.sleep(for: .milliseconds(150))
        let start = ContinuousClock.now
        task.cancel()
        let result = await task.result
        #expect(seconds(.now - start) < 1)
        #expect(throws: CancellationError.self) { try result.get() }
        // The client still works afterwards.
        #expect(try await client.send(HTTPRequest(url: server.url("/status/200"))).status == 200)
    }

    @Test func anAlreadyCancelledTaskSendsNothing() async throws {
        let server = try await FixtureServer.shared.value
        let client = HTTPClient()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await client.send(HTTPRequest(url: server.url("/delay/5000")))
        }
        let start = ContinuousClock.now
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(seconds(.now - start) < 1)
    }

    @Test func shutdownFailsPendingAndLaterRequests() async throws {
        let server = try await FixtureServer.shared.value
        let client = HTTPClient()
        let pending = Task { try await client.send(HTTPRequest(url: server.url("/delay/5000"))) }
        try await Task.sleep(for: .milliseconds(150))
        client.shutdown()
        let (pendingError, elapsed) = await expectClientError { try await pending.value }
        #expect(pendingError?.kind == .shutdown)
        #expect(elapsed < 1)
        let (laterError, _) = await expectClientError { try await client.send(HTTPRequest(url: server.url("/echo"))) }
        #expect(laterError?.kind == .shutdown)
    }

    @Test func aHeaderWithALineBreakIsRefusedBeforeSending() async throws {
        let server = try await FixtureServer.shared.value
        let client = HTTPClient()
        let (error, _) = await expectClientError {
            try await client.send(HTTPRequest(url: server.url("/echo"), headers: ["X-Bad": "a\r\nInjected: yes"]))
        }
        #expect(error?.kind == .invalidRequest)
    }
}

@Suite("Secrets are removed from text for logs and errors")
struct RedactionTests {
    @Test func removingQueryDropsQueryFragmentAndUserInfo() {
        #expect(
            Redaction.removingQuery(fromURL: "https://u:p@api.example.com:8443/a/b?key=s&x=1#frag")
                == "https://api.example.com:8443/a/b")
        #expect(Redaction.removingQuery(fromURL: "http://host/path") == "http://host/path")
        #expect(Redaction.removingQuery(fromURL: "/relative?key=s") == "/relative")
    }

    @Test func everyKeyParameterValueIsMasked() {
        let text = "GET /x?key=abc&KEY=def&apikey=ghi \"secretKey=jkl\" key= end"
        #expect(
            Redaction.maskingKeyParameters(in: text)
                == "GET /x?key=<redacted>&KEY=<redacted>&apikey=<redacted> \"secretKey=<redacted>\" key= end")
    }

    @Test func givenSecretsAreMaskedWherever() {
        #expect(Redaction.masking(["abc", "", "abcdef"], in: "x abcdef y abc") == "x <redacted> y <redacted>")
    }

    @Test func clientErrorsMaskKeyValuesWhateverTheyAreGiven() {
        let error = HTTPClientError(kind: .transport, message: "failed at /x?key=hunter2")
        #expect(!error.description.contains("hunter2"))
    }
}

@Suite("HTTP header fields")
struct HTTPHeadersTests {
    @Test func lookupIgnoresCaseAndKeepsOrder() {
        var headers: HTTPHeaders = ["Set-Cookie": "a", "Content-Type": "text/plain"]
        headers.append(name: "set-cookie", value: "b")
        #expect(headers["content-type"] == "text/plain")
        #expect(headers.values(for: "SET-COOKIE") == ["a", "b"])
        headers["SET-cookie"] = "c"
        #expect(headers.values(for: "Set-Cookie") == ["c"])
        headers.remove("content-TYPE")
        #expect(headers["Content-Type"] == nil)
        #expect(headers.count == 1)
    }
}
