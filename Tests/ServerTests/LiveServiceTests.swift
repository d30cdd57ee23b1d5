import Foundation
import HTTPClient
import JSON
import Store
import Testing

@testable import Server

/// The service started on a free loopback port, driving runs against fake builds.
@Suite struct LiveServiceTests {
    /// A started service with fast polls; stopped at the end of `body`.
    func withService(
        pollInterval: Duration = .milliseconds(20), _ body: (ServiceHarness, HTTPClient, String) async throws -> Void
    ) async throws {
        let harness = try ServiceHarness(
            configuration: .init(host: "127.0.0.1", port: 0, pollInterval: pollInterval))
        try await harness.service.start()
        let client = HTTPClient()
        do {
            try await body(harness, client, "http://127.0.0.1:\(harness.service.port)")
        } catch {
            await harness.service.stop(grace: .seconds(1))
            throw error
        }
        await harness.service.stop(grace: .seconds(1))
    }

    @Test func aScheduledRunIsDrivenToItsEndByPolling() async throws {
        try await withService { harness, client, base in
            let response = try await client.send(
                HTTPRequest(
                    method: .post, url: "\(base)/scheduleRun/\(ServiceHarness.clientId)",
                    headers: ["Content-Type": "application/json"], text: originalOrder))
            #expect(response.status == 200)
            let id = response.text
            #expect(try await eventually { try harness.store.run(id: id)?.status == .passed })
            #expect(try harness.store.cells(run: id).allSatisfy { $0.status == .passed && $0.attempt == 1 })
            let starts = await harness.builds.starts
            #expect(starts.count == 6)
            // Each start names this service as its webhook receiver, with the run's secret.
            let reporter = try #require(starts.first?.request.reporters.first)
            #expect(reporter.url.hasPrefix("\(harness.service.publicURL)/webhook/\(id)/"))
            #expect(reporter.secretKey == (try harness.secret(id)))
            // The driver logs the end once it has seen it (after the store has it).
            #expect(
                await eventually {
                    harness.lines.parsed.contains {
                        $0["event"] == "run.status" && $0["runId"] == .string(id) && $0["to"] == "passed"
                    }
                })
            #expect(harness.lines.parsed.contains { $0["event"] == "cell.status" && $0["to"] == "running" })
        }
    }

    @Test func aSignedWebhookDecidesItsCellAndTheNextStageStartsWithoutWaitingForAPoll() async throws {
        // Polls every minute: only the webhooks can move the run along in time.
        try await withService(pollInterval: .seconds(60)) { harness, client, base in
            await harness.builds.setFinishes(false)
            let id = try harness.schedule()
            let secret = try harness.secret(id)
            for stage in 1...3 {
                let running = try await eventually {
                    try harness.store.cells(run: id).filter { $0.stage == stage }.allSatisfy {
                        $0.status == .running && $0.buildId != nil
                    }
                }
                #expect(running, "stage \(stage) started")
                for cell in try harness.store.cells(run: id) where cell.stage == stage {
                    let token = try #require(cell.token)
                    let body = Array(FakeBuilds.report(failed: false).canonicalText.utf8)
                    let response = try await client.send(
                        HTTPRequest(
                            method: .post, url: "\(base)/webhook/\(id)/\(token)",
                            headers: ["Signature": WebhookSignature.sign(body, secret: secret)], body: body))
                    #expect(response.status == 200)
                    #expect(response.text == #"{"outcome":"decided"}"#)
                }
            }
            #expect(try await eventually { try harness.store.run(id: id)?.status == .passed })
        }
    }

    @Test func anUnsignedHintMakesOrchAskUsetraceAtOnce() async throws {
        try await withService(pollInterval: .seconds(60)) { harness, client, base in
            let id = try harness.schedule()
            #expect(try await eventually { try harness.store.cell(run: id, seq: 1)?.buildId != nil })
            let response = try await client.send(
                HTTPRequest(method: .post, url: "\(base)/webhook/\(id)", text: "{}"))
            #expect(response.status == 202)
            // The hint made orch ask for the status; the fake build had finished, so it passed.
            #expect(try await eventually { try harness.store.cell(run: id, seq: 1)?.status == .passed })
            #expect(await harness.builds.statusCalls.isEmpty == false)
        }
    }

    @Test func unfinishedRunsAreResumedAtStart() async throws {
        let harness = try ServiceHarness(
            configuration: .init(host: "127.0.0.1", port: 0, pollInterval: .milliseconds(20)))
        let id = try harness.schedule()
        #expect(try harness.store.run(id: id)?.status == .queued)
        try await harness.service.start()
        #expect(try await eventually { try harness.store.run(id: id)?.status == .passed })
        await harness.service.stop(grace: .seconds(1))
        #expect(harness.lines.parsed.contains { $0["event"] == "serve.started" && $0["resumedRuns"] == 1 })
    }

    @Test func aBodyOverOneMebibyteIs413InTheErrorShape() async throws {
        try await withService { harness, client, base in
            let body = [UInt8](repeating: UInt8(ascii: " "), count: (1 << 20) + 1)
            let response = try await client.send(
                HTTPRequest(method: .post, url: "\(base)/scheduleRun/\(ServiceHarness.clientId)", body: body))
            #expect(response.status == 413)
            #expect(
                (try? JSONValue.parse(Data(response.body)))?["error"]?["code"] == "body_too_large")
            #expect(try harness.store.listRuns().runs.isEmpty)
            // Refused below the router, it is still logged and counted, under its route's name:
            // never the path, which holds the client id.
            let route = "POST /scheduleRun/{clientId}"
            let logged = harness.lines.parsed.filter { $0["event"] == "request" && $0["status"] == 413 }
            #expect(logged.count == 1)
            #expect(logged.first?["route"] == .string(route))
            #expect(logged.first?["method"] == "POST")
            #expect(!harness.lines.all.joined().contains(ServiceHarness.clientId))
            let metrics = try await client.send(HTTPRequest(url: "\(base)/metrics")).text
            #expect(metrics.contains("orch_http_requests_total{route=\"\(route)\",status=\"413\"} 1\n"))
        }
    }

    @Test func aMalformedRequestMHDAnswersItselfIsLoggedWithoutItsPath() async throws {
        try await withService { harness, client, base in
            // curl sends the Content-Length given here in place of its own.
            let response = try await client.send(
                HTTPRequest(
                    method: .post, url: "\(base)/scheduleRun/\(ServiceHarness.clientId)",
                    headers: ["Content-Length": "abc"], body: Array("{}".utf8)))
            #expect(response.status == 400)
            #expect(
                await eventually {
                    harness.lines.parsed.contains {
                        $0["event"] == "http.library" && ($0["message"]?.stringValue ?? "").contains("400")
                    }
                })
            #expect(!harness.lines.all.joined().contains(ServiceHarness.clientId))
        }
    }
}
