import Foundation
import JSON
import Testing

/// `orch runs list|show|rerun` and unknown run ids, against runs made by the real binary.
@Suite(.serialized) struct RunsCommandsTests {
    @Test func listAndShowDescribeTheStoredRuns() async throws {
        let s = try await RunScenario([
            "defaultDurationMs": 20, "traces": ["TraceB": ["outcome": "fail", "error": "Boom & \"quotes\""]],
        ])
        try s.plan("name: listed\ncapabilities: [chrome]\nsteps: [TraceA]\n", name: "ok.yaml")
        try s.plan("name: broken\ncapabilities: [chrome]\nsteps: [TraceA, TraceB]\n", name: "bad.yaml")
        #expect(try await s.drive(["run", "ok.yaml"]).status == 0)
        #expect(try await s.drive(["run", "bad.yaml"]).status == 1)
        let ids = try await s.runIds()
        #expect(ids.count == 2)

        let list = try await s.orch("runs", "list")
        #expect(list.status == 0)
        let lines = list.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("ID") == true)
        #expect(lines.count == 3)
        #expect(lines[1].hasPrefix(ids[0]) && lines[1].contains("failed  broken"))
        #expect(lines[1].hasSuffix("2: 1 passed, 1 failed"))
        #expect(lines[2].contains("passed  listed"))

        let json = try JSONValue.parse(
            try await s.orch("runs", "list", "--format", "json", "--status", "failed").stdout)
        let runs = json["runs"]?.arrayValue ?? []
        #expect(runs.map { $0["id"] } == [.string(ids[0])])
        #expect(runs.first?["cells"]?["failed"] == 1)
        #expect(runs.first?["cells"]?["total"] == 2)
        #expect(runs.first?["cells"]?["cancelled"] == 0)
        #expect(json["nextCursor"] == .null)
        let page = try JSONValue.parse(try await s.orch("runs", "list", "--format", "json", "--limit", "1").stdout)
        #expect(page["runs"]?.arrayValue?.count == 1)
        #expect(page["nextCursor"]?.stringValue != nil)

        let show = try await s.orch("runs", "show", ids[0])
        #expect(show.status == 0)
        #expect(show.stdout.hasPrefix("run       \(ids[0])  failed\nplan      broken  sha256:"))
        #expect(show.stdout.contains("cells     2: 1 passed, 1 failed\n"))
        #expect(show.stdout.contains("1 of 1 test failed: chrome: TraceB: Boom & \"quotes\""))
        let document = try await s.document(ids[0])
        #expect(document["steps"]?.arrayValue?.count == 2)
        #expect(
            Set(document["steps"]?.arrayValue?.first?.objectValue?.keys.map { $0 } ?? [])
                == [
                    "seq", "stage", "id", "kind", "target", "capability", "lane", "status", "attempts", "flaky",
                    "soft", "buildId", "startedAt", "finishedAt", "error",
                ])
    }

    @Test func rerunFailedRunsOnlyTheCellsThatDidNotPass() async throws {
        let s = try await RunScenario([
            "defaultDurationMs": 20, "traces": ["TraceB": ["browsers": ["firefox": ["failTimes": 1]]]],
        ])
        try s.plan(RunCLITests.threeSteps())
        #expect(try await s.drive(["run", "plan.yaml"]).status == 1)
        let first = try await s.onlyRunId()
        let startsBefore = try await s.simulator.starts().count
        #expect(startsBefore == 4)

        let rerun = try await s.drive(["runs", "rerun", first, "--failed"])
        #expect(rerun.status == 0, "\(rerun.stdout)\(rerun.stderr)")
        let ids = try await s.runIds()
        #expect(ids.count == 2)
        let second = ids[0]
        #expect(rerun.stdout.hasPrefix("run \(second): rerun of \(first), 3 of 6 cells\n"))
        let cells = RunCells(try await s.document(second))
        #expect(cells.statuses == ["skipped", "skipped", "skipped", "passed", "passed", "passed"])
        #expect(cells.step(1)?["error"] == .string("not rerun: passed in run \(first)"))
        #expect(try await s.document(second)["status"] == "passed")
        let rerunBuilds = Array(try await s.simulator.starts().dropFirst(startsBefore))
        #expect(Set(rerunBuilds.map(\.key)) == ["TraceB/firefox", "TraceC/chrome", "TraceC/firefox"])
        #expect(rerunBuilds.count == 3)

        // Without --failed every cell runs again.
        let all = try await s.drive(["runs", "rerun", first])
        #expect(all.status == 0)
        #expect(try await s.simulator.starts().count == startsBefore + 3 + 6)

        // Nothing to rerun when every cell passed: nothing is stored.
        let nothing = try await s.drive(["runs", "rerun", second, "--failed"])
        #expect(nothing.status == 0)
        #expect(nothing.stderr.contains("nothing to rerun"))
        #expect(try await s.runIds().count == 3)
    }

    @Test func anUnknownRunIdIsAUsageErrorNamingIt() async throws {
        let s = try await RunScenario()
        for command in [["runs", "show"], ["runs", "cancel"]] {
            let result = try await Binaries.run(
                Binaries.orch, command + ["nope", "--db", s.database], directory: s.folder.path)
            #expect(result.status == 2, "\(command)")
            #expect(result.stderr == "orch: no run has the id 'nope'\n")
        }
        for command in [["runs", "resume"], ["runs", "rerun"]] {
            let result = try await s.drive(command + ["nope"])
            #expect(result.status == 2, "\(command)")
            #expect(result.stderr == "orch: no run has the id 'nope'\n")
        }
    }
}
