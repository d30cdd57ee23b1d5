import Foundation
import JSON
import PlanCompiler
import Store
import Testing

@testable import Executor

@Suite("Run documents")
struct RunDocumentTests {
    @Test func timesAreRFC3339InUTCWithMilliseconds() {
        #expect(Timestamp.rfc3339(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp.rfc3339(ReportFixtures.time(0.25)) == "2025-06-15T15:06:40.250Z")
        // A leap day and the last millisecond of a year.
        #expect(Timestamp.rfc3339(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00.000Z")
        #expect(Timestamp.rfc3339(Date(timeIntervalSince1970: 1_735_689_599.999)) == "2024-12-31T23:59:59.999Z")
        // Before the epoch, the fraction still counts forward within its second.
        #expect(Timestamp.rfc3339(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500Z")
        #expect(Timestamp.json(nil) == .null)
    }

    @Test func aRunDocumentHasEveryFieldOfTheHTTPShapeAndNullsWhereAbsent() {
        let cells = [
            ReportFixtures.cell(
                seq: 2, stage: 1, browser: "firefox", status: .failed, buildId: "b-2", error: "1 of 1 test failed"),
            ReportFixtures.cell(seq: 1, stage: 1, status: .passed, attempt: 2, buildId: "b-1", flaky: true),
            ReportFixtures.cell(
                seq: 3, stage: 2, stepId: "run-1", kind: .command, target: "./reset.sh", browser: nil,
                status: .skipped, attempt: 0, error: "not run: step login (cell 2) failed", started: nil),
        ]
        let document = RunDocument.run(ReportFixtures.run(), cells: cells)
        #expect(
            Set(document.objectValue?.keys.map { $0 } ?? [])
                == ["id", "status", "plan", "createdAt", "startedAt", "finishedAt", "steps"])
        #expect(document["id"] == "RunId0123456789abcdefg")
        #expect(document["status"] == "failed")
        #expect(document["plan"] == ["name": "smoke", "hash": "sha256:abc"])
        #expect(document["createdAt"] == "2025-06-15T15:06:40.000Z")
        #expect(document["finishedAt"] == "2025-06-15T15:06:52.500Z")
        let steps = document["steps"]?.arrayValue ?? []
        #expect(steps.map { $0["seq"] } == [1, 2, 3])
        #expect(
            steps.first == [
                "seq": 1, "stage": 1, "id": "login", "kind": "trace", "target": "TraceA",
                "capability": ["browserName": "chrome"], "lane": 1, "status": "passed", "attempts": 2,
                "flaky": true, "soft": false, "buildId": "b-1", "startedAt": "2025-06-15T15:06:41.000Z",
                "finishedAt": "2025-06-15T15:06:43.000Z", "error": .null,
            ])
        #expect(steps[1]["error"] == "1 of 1 test failed")
        #expect(steps[2]["capability"] == .null)
        #expect(steps[2]["lane"] == .null)
        #expect(steps[2]["buildId"] == .null)
        #expect(steps[2]["startedAt"] == .null)
        #expect(steps[2]["attempts"] == 0)
    }

    @Test func aRunNotStartedHasNullTimes() {
        let document = RunDocument.run(ReportFixtures.run(status: .queued, started: false, finished: false), cells: [])
        #expect(document["startedAt"] == .null)
        #expect(document["finishedAt"] == .null)
        #expect(document["steps"] == [])
    }

    @Test func aListEntryCountsEveryCellStatusZeroIncluded() {
        let summary = RunSummary(
            run: ReportFixtures.run(), cells: CellCounts(byStatus: [.passed: 3, .failed: 1, .skipped: 2]))
        let entry = RunDocument.listEntry(summary)
        #expect(
            entry["cells"] == [
                "total": 6, "pending": 0, "running": 0, "passed": 3, "failed": 1, "error": 0, "skipped": 2,
                "cancelled": 0,
            ])
        #expect(
            Set(entry.objectValue?.keys.map { $0 } ?? [])
                == ["id", "status", "plan", "createdAt", "finishedAt", "cells"])
        #expect(entry["plan"] == ["name": "smoke", "hash": "sha256:abc"])
        let page = RunDocument.list(RunPage(runs: [summary], nextCursor: nil))
        #expect(page["runs"]?.arrayValue?.count == 1)
        #expect(page["nextCursor"] == .null)
        #expect(RunDocument.list(RunPage(runs: [], nextCursor: "17.abc"))["nextCursor"] == "17.abc")
    }

    @Test func aStoredRunsDocumentShowsNoSecretTokenOrFolder() throws {
        let store = try Store.openTemporary()
        let run = try store.createRun(
            plan: ReportFixtures.plan(), usetraceKey: "usetrace-key-must-not-show",
            settings: ["workingDirectory": "/folder/must/not/show"])
        let secrets = try #require(try store.runSecrets(id: run.id))
        let started = try RunLedger.start(
            in: store, runId: run.id, cell: try #require(try store.cell(run: run.id, seq: 1)),
            token: "webhook-token-must-not-show")
        #expect(started == 1)
        let document = try #require(try RunDocument.load(runId: run.id, from: store))
        let text = document.canonicalText
        #expect(!text.contains("usetrace-key-must-not-show"))
        #expect(!text.contains(secrets.webhookSecret))
        #expect(!text.contains("webhook-token-must-not-show"))
        #expect(!text.contains("/folder/must/not/show"))
        #expect(document["steps"]?.arrayValue?.first?["status"] == "running")
        #expect(try RunDocument.load(runId: "no-such-run", from: store) == nil)
    }
}

extension RunLedger {
    /// `start(_:…)` in a transaction of its own, for tests.
    static func start(in store: Store, runId: String, cell: CellRecord, token: String?) throws -> Int? {
        try store.write { tx in try start(tx, runId: runId, cell: cell, token: token, at: Date()) }
    }
}
