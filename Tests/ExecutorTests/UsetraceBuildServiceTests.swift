import Foundation
import HTTPClient
import JSON
import Synchronization
import Testing
import Usetrace

@testable import Executor

/// An HTTP transport that records requests and answers from a script.
final class RecordingTransport: HTTPTransport {
    private let state = Mutex<(requests: [HTTPRequest], answers: [HTTPResponse])>(([], []))

    init(_ answers: [HTTPResponse]) {
        state.withLock { $0.answers = answers }
    }

    var requests: [HTTPRequest] { state.withLock { $0.requests } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        state.withLock { state in
            state.requests.append(request)
            return state.answers.isEmpty ? HTTPResponse(status: 500) : state.answers.removeFirst()
        }
    }
}

@Suite("Usetrace build service")
struct UsetraceBuildServiceTests {
    let configuration = UsetraceConfiguration(baseURL: "http://usetrace.test/", apiKey: APIKey("default-key"))

    @Test func aTraceBuildIsStartedWithTheRunsKey() async throws {
        let transport = RecordingTransport([HTTPResponse(status: 200, text: "build-7\n")])
        let service = UsetraceBuildService(configuration: configuration, transport: transport)
        let request = BuildRequest(requiredCapabilities: [["browserName": "firefox"]], baseURL: "https://x.test")
        let id = try await service.startBuild(.trace(id: "T1"), request: request, key: APIKey("run-key"))
        #expect(id == "build-7")
        let sent = try #require(transport.requests.first)
        #expect(sent.method == .post)
        #expect(sent.url == "http://usetrace.test/api/trace/T1/execute?key=run-key")
        let body = try JSONValue.parse(Data(try #require(sent.body)))
        #expect(body["requiredCapabilities"] == [["browserName": "firefox"]])
        #expect(body["baseUrl"] == "https://x.test")
        #expect(body["tags"] == nil)
    }

    @Test func aTagBuildRunsExecuteAllWithThatOneTag() async throws {
        let transport = RecordingTransport([HTTPResponse(status: 200, text: "build-8")])
        let service = UsetraceBuildService(configuration: configuration, transport: transport)
        _ = try await service.startBuild(.tag(project: "P1", name: "goon"), request: BuildRequest(), key: nil)
        let sent = try #require(transport.requests.first)
        #expect(sent.url == "http://usetrace.test/api/project/P1/execute-all?key=default-key")
        let body = try JSONValue.parse(Data(try #require(sent.body)))
        #expect(body["tags"] == ["goon"])
    }

    @Test func statusAndResultsAreRead() async throws {
        let transport = RecordingTransport([
            HTTPResponse(status: 404),
            HTTPResponse(
                status: 200,
                text:
                    #"{"id": "b1", "status": "FINISHED", "summary": {"request": 1, "finish": 1, "pass": 0, "fail": 1}}"#
            ),
            HTTPResponse(
                status: 200,
                text:
                    #"{"tests": 2, "failures": 1, "errors": 0, "testCase": [{"name": "chrome: Login", "error": null}, {"name": "firefox: Login", "error": "Element not found: #submit"}]}"#
            ),
        ])
        let service = UsetraceBuildService(configuration: configuration, transport: transport)
        #expect(try await service.buildStatus("b1", key: nil).state == .notFoundYet)
        let status = try await service.buildStatus("b1", key: nil)
        #expect(status.state == .finished)
        #expect(status.summary?.fail == 1)
        let report = try await service.buildResults("b1", key: nil)
        #expect(report.outcome == .failed("1 of 2 tests failed: firefox: Login: Element not found: #submit"))
        #expect(transport.requests.map(\.url).last == "http://usetrace.test/api/build/b1/results/json?key=default-key")
    }

    @Test func aPassingReportPasses() throws {
        let report = try BuildReport(json: [
            "tests": 1, "failures": 0, "errors": 0, "testCase": [["name": "chrome: Login", "error": nil]],
        ])
        #expect(report.outcome == .passed)
    }

    @Test func aReportCountingErrorsWithoutACaseFails() throws {
        let report = try BuildReport(json: ["tests": 3, "failures": 0, "errors": 2, "testCase": []])
        #expect(report.outcome == .failed("2 of 3 tests failed"))
    }

    @Test func webhookURLsJoinThePublicURLRunAndToken() {
        #expect(
            WebhookURL.make(publicURL: "https://orch.example.com//", runId: "R1", token: "T1")
                == "https://orch.example.com/webhook/R1/T1")
        #expect(WebhookURL.make(publicURL: "http://h:3000", runId: "R", token: "T") == "http://h:3000/webhook/R/T")
    }
}
