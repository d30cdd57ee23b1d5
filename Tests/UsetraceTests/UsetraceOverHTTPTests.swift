import HTTPClient
import TestFixtures
import Testing
import Usetrace

@Suite("The Usetrace client over real HTTP", .timeLimit(.minutes(1)))
struct UsetraceOverHTTPTests {
    @Test func aTraceBuildIsStartedFollowedAndReported() async throws {
        let server = try await FixtureServer.shared.value
        let client = UsetraceClient(
            configuration: UsetraceConfiguration(baseURL: server.url("/"), apiKey: APIKey("fixture-key")))
        let id = try await client.startTraceBuild(traceId: "Zu Bm", request: BuildRequest())
        #expect(id == "build-Zu%20Bm")  // the fixture echoes the path component as it arrived, encoded
        let tagBuild = try await client.startTagBuild(projectId: "P1", tags: ["goon"], request: BuildRequest())
        #expect(tagBuild == "tagbuild-P1")
        let status = try await client.status(buildId: id)
        #expect(status.state == .finished)
        #expect(status.passed == false)
        #expect(try await client.status(buildId: "missing").state == .notFoundYet)
        let report = try await client.results(buildId: id)
        #expect(report.testCases.count == 2)
        #expect(!report.passed)
    }

    @Test func aWrongKeyIsUnauthorizedAndNotShownThoughTheServerEchoesIt() async throws {
        let server = try await FixtureServer.shared.value
        let client = UsetraceClient(
            configuration: UsetraceConfiguration(baseURL: server.url(""), apiKey: APIKey("wrong-key-42")))
        let error = await expectUsetraceError {
            try await client.startTraceBuild(traceId: "T", request: BuildRequest())
        }
        #expect(error?.kind == .unauthorized)
        #expect(error?.bodyExcerpt?.contains("invalid key") == true)
        #expect(error.map { !String(describing: $0).contains("wrong-key-42") } == true)
    }

    @Test func aRefusedConnectionIsRetriedThenReportedWithoutTheKey() async throws {
        let server = try await FixtureServer.shared.value
        let client = UsetraceClient(
            configuration: UsetraceConfiguration(
                baseURL: "http://127.0.0.1:\(server.unusedPort)", apiKey: APIKey("refused-key-7"),
                retryPolicy: RetryPolicy(maxAttempts: 3, initialDelay: .milliseconds(10))),
            transport: HTTPClient())
        let error = await expectUsetraceError { try await client.status(buildId: "b") }
        #expect(error?.kind == .transport)
        #expect(error?.attempts == 3)
        #expect(error?.transportError?.kind == .connectFailure)
        #expect(error.map { !String(describing: $0).contains("refused-key-7") } == true)
    }
}
