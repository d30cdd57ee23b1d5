import Foundation
import JSON
import Store
import Testing
import WebServer

@testable import Server

/// `POST /scheduleRun/{clientId}` and `POST /api/v1/runs`, in process.
@Suite struct ScheduleRunTests {
    @Test func theOriginalOrderIsScheduledAndTheRunIdAnsweredAsPlainText() throws {
        let harness = try ServiceHarness()
        let response = harness.request(.post, "/scheduleRun/\(ServiceHarness.clientId)", body: originalOrder)
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"] == "text/plain; charset=utf-8")
        let run = try #require(try harness.store.run(id: response.text))
        #expect(run.status == .queued)
        #expect(run.clientName == "ci")
        #expect(run.planName == "order")
        #expect(
            try harness.store.cells(run: run.id).map(\.stepId) == [
                "tag:goon", "tag:goon", "ZuBmU-WNsQAXLYQJ6mVVjjEjvUD3ZC83", "ZuBmU-WNsQAXLYQJ6mVVjjEjvUD3ZC83",
                "ZQMxtishNAAWrGeLXggk2jVbU83oGHCu", "ZQMxtishNAAWrGeLXggk2jVbU83oGHCu",
            ])
    }

    @Test func aFinalSlashMakesNoDifference() throws {
        let harness = try ServiceHarness()
        let response = harness.request(.post, "/scheduleRun/\(ServiceHarness.clientId)/", body: originalOrder)
        #expect(response.status == 200)
        #expect(try harness.store.run(id: response.text) != nil)
    }

    @Test func acceptJSONGetsTheIdAndStatusAsJSON() throws {
        let harness = try ServiceHarness()
        let response = harness.request(
            .post, "/scheduleRun/\(ServiceHarness.clientId)", body: originalOrder,
            headers: ["Accept": "application/json"])
        #expect(response.status == 200)
        let id = try #require(response.json["id"]?.stringValue)
        #expect(response.json == ["id": .string(id), "status": "queued"])
    }

    @Test func theKeyIsStoredWithTheRunAndNeverEchoed() throws {
        let harness = try ServiceHarness()
        let id = try harness.schedule(key: "Usetrace-Key-Secret")
        #expect(try harness.store.runSecrets(id: id)?.usetraceKey == "Usetrace-Key-Secret")
        #expect(!harness.lines.all.joined().contains("Usetrace-Key-Secret"))
        #expect(!harness.lines.all.joined().contains(ServiceHarness.clientId))
    }

    @Test func anUnknownClientGets404AndNothingIsStored() throws {
        let harness = try ServiceHarness()
        let response = harness.request(.post, "/scheduleRun/NoSuchClient", body: originalOrder)
        #expect(response.status == 404)
        #expect(response.json["error"]?["code"] == "unknown_client")
        #expect(!response.text.contains("NoSuchClient"))
        #expect(try harness.store.listRuns().runs.isEmpty)
    }

    @Test func anInvalidPlanGets400ListingEveryProblemAndNothingIsStored() throws {
        let harness = try ServiceHarness()
        let plan = "version: 1\nsteps:\n  - trace: A\n    retires: 2\n  - tag: goon\n"
        let response = harness.request(
            .post, "/scheduleRun/\(ServiceHarness.clientId)", body: plan, headers: ["Content-Type": "application/yaml"])
        #expect(response.status == 400)
        #expect(response.json["error"]?["code"] == "invalid_plan")
        #expect(
            response.json["error"]?["details"] == [
                [
                    "severity": "error", "file": "plan.yaml", "line": 4, "column": 5,
                    "message": "unknown key 'retires' in a step; did you mean 'retries'?",
                ],
                [
                    "severity": "error", "file": "plan.yaml", "line": 5, "column": 5,
                    "message": "tag step 'goon' needs the plan's 'project' (the Usetrace project id)",
                ],
            ])
        #expect(try harness.store.listRuns().runs.isEmpty)
    }

    @Test func commandStepsAreRefusedUnlessAllowed() throws {
        let plan = "steps:\n  - run: ./reset.sh\n  - trace: A\n"
        let refusing = try ServiceHarness()
        let refused = refusing.request(.post, "/scheduleRun/\(ServiceHarness.clientId)", body: plan)
        #expect(refused.status == 400)
        #expect(refused.json["error"]?["code"] == "commands_not_allowed")
        #expect(
            refused.json["error"]?["details"] == [
                [
                    "severity": "error", "file": "plan.yaml",
                    "message": "step 'run-1' runs a command, which this service does not allow",
                    "step": "run-1", "command": "./reset.sh",
                ]
            ])
        #expect(refused.json["error"]?["message"]?.stringValue?.contains("--allow-commands") == true)
        #expect(try refusing.store.listRuns().runs.isEmpty)

        let allowing = try ServiceHarness(
            configuration: .init(host: "127.0.0.1", port: 0, allowsCommands: true, workingDirectory: "/tmp"))
        let accepted = allowing.request(.post, "/scheduleRun/\(ServiceHarness.clientId)", body: plan)
        #expect(accepted.status == 200)
        #expect(try allowing.store.run(id: accepted.text)?.settings["workingDirectory"] == "/tmp")
    }

    @Test func theAPICreatesWithABearerClientAndAnswers201() throws {
        let harness = try ServiceHarness()
        let response = harness.request(.post, "/api/v1/runs", body: originalOrder, headers: ServiceHarness.bearer())
        #expect(response.status == 201)
        let id = try #require(response.json["id"]?.stringValue)
        #expect(response.headers["Location"] == "/api/v1/runs/\(id)")
        #expect(try harness.store.run(id: id)?.clientName == "ci")
    }

    @Test func theAPIWithoutAClientIs401AndWithAnUnknownOne404() throws {
        let harness = try ServiceHarness()
        let missing = harness.request(.post, "/api/v1/runs", body: originalOrder)
        #expect(missing.status == 401)
        #expect(missing.headers["WWW-Authenticate"] == #"Bearer realm="orch""#)
        let unknown = harness.request(
            .post, "/api/v1/runs", body: originalOrder, headers: ServiceHarness.bearer("nope"))
        #expect(unknown.status == 404)
        #expect(try harness.store.listRuns().runs.isEmpty)
    }
}
