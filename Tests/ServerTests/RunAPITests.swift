import Foundation
import JSON
import Store
import Testing
import WebServer

@testable import Server

/// The JSON API's reads and changes of runs, in process.
@Suite struct RunAPITests {
    @Test func theListIsNewestFirstPaginatedAndFilteredByStatus() throws {
        let harness = try ServiceHarness()
        var ids: [String] = []
        for _ in 0..<3 { ids.append(try harness.schedule()) }
        _ = try harness.store.write { [ids] tx in
            try tx.updateRunStatus(run: ids[1], from: [.queued], to: .cancelled, finishedAt: Date())
        }
        let first = harness.request(.get, "/api/v1/runs?limit=2")
        #expect(first.status == 200)
        let firstIds = first.json["runs"]?.arrayValue?.compactMap { $0["id"]?.stringValue }
        let cursor = try #require(first.json["nextCursor"]?.stringValue)
        let second = harness.request(.get, "/api/v1/runs?limit=2&cursor=\(cursor)")
        let secondIds = second.json["runs"]?.arrayValue?.compactMap { $0["id"]?.stringValue }
        #expect(((firstIds ?? []) + (secondIds ?? [])).sorted() == ids.sorted())
        #expect(second.json["nextCursor"] == .null)
        let entry = try #require(first.json["runs"]?.arrayValue?.first)
        #expect(entry["cells"]?["total"] == 6)
        #expect(entry["plan"]?["name"] == "order")

        let cancelled = harness.request(.get, "/api/v1/runs?status=cancelled")
        #expect(cancelled.json["runs"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [ids[1]])
        #expect(harness.request(.get, "/api/v1/runs?status=bogus").status == 400)
        #expect(harness.request(.get, "/api/v1/runs?limit=0").status == 400)
        #expect(harness.request(.get, "/api/v1/runs?cursor=junk").json["error"]?["code"] == "bad_request")
    }

    @Test func getRunsIsHTMLOrTheJSONListWithAcceptJSON() throws {
        let harness = try ServiceHarness()
        let id = try harness.schedule()
        let html = harness.request(.get, "/getRuns/")
        #expect(html.status == 200)
        #expect(html.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(html.text.contains(id))
        let json = harness.request(.get, "/getRuns", headers: ["Accept": "application/json"])
        #expect(json.json["runs"]?.arrayValue?.first?["id"] == .string(id))
    }

    @Test func aRunIsShownWithItsStepsAndAnUnknownOneIs404() throws {
        let harness = try ServiceHarness()
        let id = try harness.schedule()
        let response = harness.request(.get, "/api/v1/runs/\(id)")
        #expect(response.status == 200)
        #expect(response.json["id"] == .string(id))
        #expect(response.json["steps"]?.arrayValue?.count == 6)
        #expect(response.json["steps"]?.arrayValue?.first?["id"] == "tag:goon")
        let missing = harness.request(.get, "/api/v1/runs/nope")
        #expect(missing.status == 404)
        #expect(missing.json["error"]?["code"] == "unknown_run")
    }

    @Test func junitIsXMLWithOneTestcasePerCell() throws {
        let harness = try ServiceHarness()
        let id = try harness.schedule()
        let response = harness.request(.get, "/api/v1/runs/\(id)/junit")
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"] == "application/xml; charset=utf-8")
        #expect(response.text.components(separatedBy: "<testcase ").count - 1 == 6)
    }

    @Test func cancellingNeedsTheClientThatCreatedTheRun() throws {
        let harness = try ServiceHarness()
        let id = try harness.schedule()
        #expect(harness.request(.post, "/api/v1/runs/\(id)/cancel").status == 401)
        let other = harness.request(
            .post, "/api/v1/runs/\(id)/cancel", headers: ServiceHarness.bearer(ServiceHarness.otherClientId))
        #expect(other.status == 403)
        #expect(try harness.store.run(id: id)?.status == .queued)
        let cancelled = harness.request(.post, "/api/v1/runs/\(id)/cancel", headers: ServiceHarness.bearer())
        #expect(cancelled.status == 200)
        #expect(cancelled.json["status"] == "cancelled")
        #expect(try harness.store.cells(run: id).allSatisfy { $0.status == .cancelled })
        let again = harness.request(.post, "/api/v1/runs/\(id)/cancel", headers: ServiceHarness.bearer())
        #expect(again.status == 409)
        #expect(again.json["error"]?["code"] == "run_ended")
    }

    @Test func rerunMakesANewRunOfAllCellsOrOnlyTheFailedOnes() throws {
        let harness = try ServiceHarness()
        let id = try harness.schedule(key: "Run-Key")
        #expect(harness.request(.post, "/api/v1/runs/\(id)/rerun", headers: ServiceHarness.bearer()).status == 409)
        // The run ended: stage 1 passed, cell 3 failed, the rest skipped.
        try harness.store.write { tx in
            for seq in 1...6 {
                let status: CellStatus = seq <= 2 ? .passed : seq == 3 ? .failed : .skipped
                _ = try tx.updateCell(
                    run: id, seq: seq, expectedAttempt: 0, expectedStatus: .pending, set: [.status(status)])
            }
            _ = try tx.updateRunStatus(run: id, from: [.queued], to: .failed, finishedAt: Date())
        }
        let all = harness.request(.post, "/api/v1/runs/\(id)/rerun", headers: ServiceHarness.bearer())
        #expect(all.status == 201)
        let allId = try #require(all.json["id"]?.stringValue)
        #expect(all.json["rerunOf"] == .string(id))
        #expect(try harness.store.cells(run: allId).count == 6)
        #expect(try harness.store.run(id: allId)?.planHash == harness.store.run(id: id)?.planHash)
        #expect(try harness.store.runSecrets(id: allId)?.usetraceKey == "Run-Key")

        let failed = harness.request(.post, "/api/v1/runs/\(id)/rerun?failed=true", headers: ServiceHarness.bearer())
        #expect(failed.status == 201)
        let failedId = try #require(failed.json["id"]?.stringValue)
        // The same plan, as `orch runs rerun --failed` makes it: what passed is skipped at once.
        let cells = try harness.store.cells(run: failedId)
        #expect(cells.map(\.status) == [.skipped, .skipped, .pending, .pending, .pending, .pending])
        #expect(cells.first?.error == "not rerun: passed in run \(id)")
        #expect(try harness.store.run(id: failedId)?.planHash == harness.store.run(id: id)?.planHash)
        #expect(
            harness.request(
                .post, "/api/v1/runs/\(id)/rerun", headers: ServiceHarness.bearer(ServiceHarness.otherClientId)
            ).status == 403)
    }

    @Test func rerunsFailedTakesTrueFalseOneZeroYesOrNoAndAnythingElseIs400() throws {
        let harness = try ServiceHarness()
        let id = try harness.schedule()
        try harness.store.write { tx in
            for seq in 1...6 {
                let status: CellStatus = seq <= 2 ? .passed : .failed
                _ = try tx.updateCell(
                    run: id, seq: seq, expectedAttempt: 0, expectedStatus: .pending, set: [.status(status)])
            }
            _ = try tx.updateRunStatus(run: id, from: [.queued], to: .failed, finishedAt: Date())
        }
        func rerun(_ query: String) throws -> (status: Int, json: JSONValue, pending: Int) {
            let response = harness.request(.post, "/api/v1/runs/\(id)/rerun" + query, headers: ServiceHarness.bearer())
            let created = response.json["id"]?.stringValue
            let pending = try created.map { try harness.store.cells(run: $0).filter { $0.status == .pending }.count }
            return (response.status, response.json, pending ?? 0)
        }
        for query in ["?failed=true", "?failed=1", "?failed=TRUE", "?failed=yes"] {
            #expect(try rerun(query).pending == 4, "\(query)")
        }
        for query in ["", "?failed=false", "?failed=0", "?failed=no", "?other=true"] {
            #expect(try rerun(query).pending == 6, "\(query)")
        }
        let runsBefore = try harness.store.listRuns().runs.count
        for (query, value) in [("?failed=maybe", "maybe"), ("?failed=on", "on"), ("?failed", "")] {
            let refused = try rerun(query)
            #expect(refused.status == 400, "\(query)")
            let message = "failed must be true or false (or 1 or 0, yes or no), not '\(value)'"
            #expect(
                refused.json == [
                    "error": [
                        "code": "bad_request", "message": .string(message),
                        "details": [["parameter": "failed", "value": .string(value), "message": .string(message)]],
                    ]
                ])
        }
        #expect(try harness.store.listRuns().runs.count == runsBefore)
    }

    @Test func validateCompilesWithoutStoring() throws {
        let harness = try ServiceHarness()
        let valid = harness.request(.post, "/api/v1/plans/validate", body: originalOrder)
        #expect(valid.status == 200)
        #expect(valid.json["valid"] == true)
        #expect(valid.json["compiled"]?["cells"] == 6)
        let invalid = harness.request(.post, "/api/v1/plans/validate", body: "steps:\n  - trace: A\n    retires: 1\n")
        #expect(invalid.json["valid"] == false)
        #expect(invalid.json["errors"]?.arrayValue?.count == 1)
        #expect(invalid.json["compiled"] == .null)
        let command = harness.request(.post, "/api/v1/plans/validate", body: "steps:\n  - run: ls\n")
        #expect(command.json["valid"] == false)
        #expect(try harness.store.listRuns().runs.isEmpty)
    }
}
