import Foundation
import HTTPClient
import JSON
import Testing
import Usetrace

@Suite("Answers are read as the Usetrace API documents them")
struct UsetraceResponseTests {
    /// The report document of usetrace-api.md, verbatim.
    static let specReport = """
        {
          "name": "Environment: https://staging.example.com/",
          "tests": 2, "traces": 1, "expectedTracesToPass": 1, "tracesPassed": 0,
          "errors": 0, "failures": 1, "skip": 0, "bugs": 0, "bugsPassing": 0,
          "buildStable": false,
          "testCase": [
            {"className": "Usetrace.trace", "name": "chrome: Login", "time": 2.6,
             "error": null, "browserName": "chrome", "traceName": "Login",
             "taggedBug": false, "taggedFlaky": false},
            {"className": "Usetrace.trace", "name": "firefox: Login", "time": 3.1,
             "error": "Element not found: #submit", "browserName": "firefox",
             "traceName": "Login", "taggedBug": false, "taggedFlaky": false}
          ]
        }
        """

    // MARK: Build ids

    @Test(arguments: ["abc-123", "  abc-123\n", "\tabc-123\r\n"])
    func aStartAnswersTheBuildIdAsTrimmedPlainText(body: String) async throws {
        let transport = ScriptedTransport(statuses: [200], text: body)
        #expect(try await makeClient(transport).startTraceBuild(traceId: "T", request: BuildRequest()) == "abc-123")
    }

    @Test(arguments: ["", "  \n ", "<html><body>Oops</body></html>", "two words"])
    func aStartWhoseBodyIsNoBuildIdFailsWithoutRetry(body: String) async throws {
        let transport = ScriptedTransport(statuses: [200], text: body)
        let error = await expectUsetraceError {
            try await makeClient(transport).startTagBuild(projectId: "P", tags: ["t"], request: BuildRequest())
        }
        #expect(error?.kind == .invalidAnswer)
        #expect(error?.call == .startTagBuild)
        #expect(error?.httpStatus == 200)
        #expect(transport.requests.count == 1)
    }

    @Test(arguments: [201, 202, 204, 302])
    func aStartAnsweredWithAnotherSuccessStatusIsAFailedStart(status: Int) async throws {
        let transport = ScriptedTransport(statuses: [status], text: "b-1")
        let error = await expectUsetraceError {
            try await makeClient(transport).startTraceBuild(traceId: "T", request: BuildRequest())
        }
        #expect(error?.kind == .invalidAnswer)
        #expect(error?.httpStatus == status)
    }

    // MARK: Status

    @Test(arguments: [
        ("ACCEPTED", BuildStatus.State.accepted), ("RUNNING", .running), ("FINISHED", .finished),
        ("QUEUED", .unknown("QUEUED")),
    ])
    func everyStatusWordIsRead(word: String, state: BuildStatus.State) async throws {
        let body = #"{"id": "b-7", "status": "\#(word)", "summary": {"request": 2, "finish": 1, "pass": 1, "fail": 0}}"#
        let transport = ScriptedTransport(statuses: [200], text: body)
        let status = try await makeClient(transport).status(buildId: "b-7")
        #expect(status.buildId == "b-7")
        #expect(status.state == state)
        #expect(status.summary == BuildSummary(request: 2, finish: 1, pass: 1, fail: 0))
        #expect(status.raw?["status"] == .string(word))
    }

    @Test func aFinishedBuildPassesWhenNothingFailed() async throws {
        let passed = #"{"id": "b", "status": "FINISHED", "summary": {"request": 2, "finish": 2, "pass": 2, "fail": 0}}"#
        let failed = #"{"id": "b", "status": "FINISHED", "summary": {"request": 2, "finish": 2, "pass": 1, "fail": 1}}"#
        let running = #"{"id": "b", "status": "RUNNING", "summary": {"request": 2, "finish": 0, "pass": 0, "fail": 0}}"#
        let client = makeClient(
            ScriptedTransport([passed, failed, running].map { .respond(HTTPResponse(status: 200, text: $0)) }))
        #expect(try await client.status(buildId: "b").passed == true)
        #expect(try await client.status(buildId: "b").passed == false)
        #expect(try await client.status(buildId: "b").passed == nil)
    }

    @Test func aStatusWithoutSummaryOrIdIsStillRead() async throws {
        let transport = ScriptedTransport(statuses: [200], text: #"{"status": "ACCEPTED"}"#)
        let status = try await makeClient(transport).status(buildId: "b-8")
        #expect(status == BuildStatus(buildId: "b-8", state: .accepted, summary: nil, raw: ["status": "ACCEPTED"]))
    }

    @Test func aStatus404IsNotFoundYetAtOnceWithoutRetry() async throws {
        let transport = ScriptedTransport(statuses: [404], text: "Not Found")
        let sleeper = SleepRecorder()
        let status = try await makeClient(transport, sleeper: sleeper).status(buildId: "b-new")
        #expect(status.state == .notFoundYet)
        #expect(status.buildId == "b-new")
        #expect(transport.requests.count == 1)
        #expect(sleeper.durations.isEmpty)
    }

    @Test func theNotFoundWindowLastsSixtySecondsFromTheStartByDefault() {
        let configuration = UsetraceConfiguration()
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(UsetraceConfiguration.defaultNotFoundWindow == .seconds(60))
        #expect(configuration.toleratesNotFound(startedAt: start, now: start.addingTimeInterval(1)))
        #expect(configuration.toleratesNotFound(startedAt: start, now: start.addingTimeInterval(59.9)))
        #expect(!configuration.toleratesNotFound(startedAt: start, now: start.addingTimeInterval(60.1)))
        let short = UsetraceConfiguration(notFoundWindow: .seconds(5))
        #expect(!short.toleratesNotFound(startedAt: start, now: start.addingTimeInterval(6)))
    }

    @Test(arguments: ["not json", "[1, 2]", #"{"id": "b"}"#, #"{"status": "RUNNING", "summary": {"fail": "x"}}"#])
    func aMalformedStatusIsAnInvalidAnswer(body: String) async throws {
        let error = await expectUsetraceError {
            try await makeClient(ScriptedTransport(statuses: [200], text: body)).status(buildId: "b")
        }
        #expect(error?.kind == .invalidAnswer)
        #expect(error?.call == .status)
        #expect(error?.target == "b")
    }

    // MARK: Results

    @Test func theSpecExampleReportIsReadWhole() async throws {
        let transport = ScriptedTransport(statuses: [200], text: Self.specReport)
        let report = try await makeClient(transport).results(buildId: "b")
        #expect(report.name == "Environment: https://staging.example.com/")
        #expect(report.tests == 2)
        #expect(report.failures == 1)
        #expect(report.errors == 0)
        #expect(
            report.testCases == [
                BuildReport.TestCase(
                    name: "chrome: Login", className: "Usetrace.trace", browserName: "chrome", traceName: "Login",
                    error: nil, time: 2.6),
                BuildReport.TestCase(
                    name: "firefox: Login", className: "Usetrace.trace", browserName: "firefox", traceName: "Login",
                    error: "Element not found: #submit", time: 3.1),
            ])
        #expect(report.raw["buildStable"] == false)
        #expect(report.raw["expectedTracesToPass"] == 1)
        #expect(!report.passed)
    }

    @Test func aReportPassesOnlyWithNoFailureNoErrorAndNoTestCaseError() throws {
        func report(failures: Int, errors: Int, caseError: JSONValue) throws -> BuildReport {
            try BuildReport(json: [
                "tests": 1, "failures": .int(Int64(failures)), "errors": .int(Int64(errors)),
                "testCase": [["name": "chrome: Login", "error": caseError]],
            ])
        }
        #expect(try report(failures: 0, errors: 0, caseError: nil).passed)
        #expect(try report(failures: 0, errors: 0, caseError: "").passed)
        #expect(try !report(failures: 1, errors: 0, caseError: nil).passed)
        #expect(try !report(failures: 0, errors: 1, caseError: nil).passed)
        #expect(try !report(failures: 0, errors: 0, caseError: "Timed out").passed)
    }

    @Test func aReportIsReadFromWebhookBytesToo() throws {
        let report = try BuildReport(bytes: Array(Self.specReport.utf8))
        #expect(report.testCases.count == 2)
        #expect(report.testCases[1].passed == false)
    }

    @Test(arguments: [
        #"{"tests": 1, "failures": 0, "errors": 0}"#, #"{"failures": 0, "testCase": []}"#,
        #"{"failures": 0, "errors": 0, "testCase": [1]}"#, #"{"failures": -1, "errors": 0, "testCase": []}"#, "[]",
    ])
    func aReportLackingWhatDecidesPassingIsAnInvalidAnswer(body: String) async throws {
        let error = await expectUsetraceError {
            try await makeClient(ScriptedTransport(statuses: [200], text: body)).results(buildId: "b")
        }
        #expect(error?.kind == .invalidAnswer)
        #expect(error?.call == .results)
    }

    @Test func resultsOfAnUnknownBuildAreRejected() async throws {
        let transport = ScriptedTransport(statuses: [404], text: "Not Found")
        let error = await expectUsetraceError { try await makeClient(transport).results(buildId: "b") }
        #expect(error?.kind == .rejected)
        #expect(error?.httpStatus == 404)
        #expect(transport.requests.count == 1)
    }
}
