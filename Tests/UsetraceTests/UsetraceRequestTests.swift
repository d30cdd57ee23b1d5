import Foundation
import HTTPClient
import JSON
import Testing
import Usetrace

private func bodyJSON(_ request: HTTPRequest?) throws -> JSONValue {
    try JSONValue.parse(Data(request?.body ?? []))
}

@Suite("Requests are sent as the Usetrace API documents them")
struct UsetraceRequestTests {
    static let capabilities: [[String: JSONValue]] = [
        ["browserName": "chrome"],
        [
            "browserName": "firefox", "version": "121",
            "moz:firefoxOptions": ["args": ["-headless"], "prefs": ["a": 1]],
        ],
    ]

    static let reporter = WebhookReporter(
        url: "https://orch.example.com/webhook/run1/tok1", when: .fails, secretKey: "whsec-1", username: "ci",
        password: "pw-1")

    @Test func traceStartPostsTheBodyToExecuteWithTheKeyInTheQuery() async throws {
        let transport = ScriptedTransport(statuses: [200], text: "b-1")
        let client = makeClient(transport, key: "k&y/1 2", baseURL: "https://api.example.com/")
        let request = BuildRequest(
            requiredCapabilities: Self.capabilities, baseURL: "https://staging.example.com",
            parameters: ["username": "demo", "retries": 2], reporters: [Self.reporter], commit: "abc",
            commitLink: "https://git/abc")
        _ = try await client.startTraceBuild(traceId: "ZuBmU-WNsQ", request: request)

        let sent = try #require(transport.requests.first)
        #expect(sent.method == .post)
        #expect(sent.url == "https://api.example.com/api/trace/ZuBmU-WNsQ/execute?key=k%26y%2F1%202")
        #expect(sent.headers["Content-Type"] == "application/json")
        let expected: JSONValue = [
            "requiredCapabilities": .array(Self.capabilities.map { .object($0) }),
            "baseUrl": "https://staging.example.com",
            "parameters": ["username": "demo", "retries": 2],
            "reporters": [
                [
                    "webhook": [
                        "url": "https://orch.example.com/webhook/run1/tok1", "when": "fails", "secretKey": "whsec-1",
                        "username": "ci", "password": "pw-1",
                    ]
                ]
            ],
        ]
        #expect(try bodyJSON(sent) == expected)
    }

    @Test func tagStartPostsTagsAndCommitToExecuteAll() async throws {
        let transport = ScriptedTransport(statuses: [200], text: "b-2")
        let client = makeClient(transport)
        let request = BuildRequest(commit: "abc123", commitLink: "https://git.example.com/c/abc123")
        _ = try await client.startTagBuild(projectId: "YXlFJTqD6g", tags: ["goon", "smoke"], request: request)

        let sent = try #require(transport.requests.first)
        #expect(sent.method == .post)
        #expect(sent.url == "https://api.example.com/api/project/YXlFJTqD6g/execute-all?key=k3y-SECRET")
        let expected: JSONValue = [
            "requiredCapabilities": [["browserName": "chrome"]],
            "tags": ["goon", "smoke"],
            "commit": "abc123",
            "commitLink": "https://git.example.com/c/abc123",
        ]
        #expect(try bodyJSON(sent) == expected)
    }

    @Test func aTagStartWithoutTagsRunsEveryTraceAndOmitsTheField() async throws {
        let transport = ScriptedTransport(statuses: [200], text: "b-3")
        _ = try await makeClient(transport).startTagBuild(projectId: "P", tags: [], request: BuildRequest())
        #expect(try bodyJSON(transport.requests.first) == ["requiredCapabilities": [["browserName": "chrome"]]])
    }

    @Test func withoutAKeyNoQueryIsSent() async throws {
        let transport = ScriptedTransport([
            .respond(HTTPResponse(status: 200, text: "b")),
            .respond(HTTPResponse(status: 200, text: #"{"id":"b","status":"RUNNING"}"#)),
        ])
        let client = makeClient(transport, key: nil)
        _ = try await client.startTraceBuild(traceId: "T", request: BuildRequest())
        _ = try await client.status(buildId: "b")
        #expect(
            transport.requests.map(\.url) == [
                "https://api.example.com/api/trace/T/execute", "https://api.example.com/api/build/b/status",
            ])
    }

    @Test func statusAndResultsAreGetsWithTheKey() async throws {
        let transport = ScriptedTransport([
            .respond(HTTPResponse(status: 200, text: #"{"id":"b-9","status":"ACCEPTED"}"#)),
            .respond(HTTPResponse(status: 200, text: UsetraceResponseTests.specReport)),
        ])
        let client = makeClient(transport)
        _ = try await client.status(buildId: "b-9")
        _ = try await client.results(buildId: "b-9")
        let requests = transport.requests
        #expect(requests.map(\.method) == [.get, .get])
        #expect(
            requests.map(\.url) == [
                "https://api.example.com/api/build/b-9/status?key=k3y-SECRET",
                "https://api.example.com/api/build/b-9/results/json?key=k3y-SECRET",
            ])
        #expect(requests.allSatisfy { $0.body == nil && $0.headers["Accept"] == "application/json" })
    }

    @Test func pathComponentsArePercentEncoded() async throws {
        let transport = ScriptedTransport(statuses: [200, 200, 404], text: "b")
        let client = makeClient(transport, key: nil)
        _ = try await client.startTraceBuild(traceId: "a b/c?d#é", request: BuildRequest())
        _ = try await client.startTraceBuild(traceId: "..", request: BuildRequest())
        _ = try await client.status(buildId: "x/../y")
        #expect(
            transport.requests.map(\.url) == [
                "https://api.example.com/api/trace/a%20b%2Fc%3Fd%23%C3%A9/execute",
                "https://api.example.com/api/trace/%2E%2E/execute",
                "https://api.example.com/api/build/x%2F..%2Fy/status",
            ])
    }

    @Test func anEmptyIdIsRefusedWithoutARequest() async throws {
        let transport = ScriptedTransport([])
        let error = await expectUsetraceError { try await makeClient(transport).status(buildId: "") }
        #expect(error?.kind == .invalidArgument)
        #expect(transport.requests.isEmpty)
    }

    @Test func timeOutsComeFromTheConfiguration() async throws {
        let transport = ScriptedTransport(statuses: [200], text: "b")
        let client = UsetraceClient(
            configuration: UsetraceConfiguration(
                baseURL: "http://sim", connectTimeout: .seconds(3), requestTimeout: .seconds(12)),
            transport: transport)
        _ = try await client.startTraceBuild(traceId: "T", request: BuildRequest())
        #expect(transport.requests.first?.connectTimeout == .seconds(3))
        #expect(transport.requests.first?.timeout == .seconds(12))
    }
}
