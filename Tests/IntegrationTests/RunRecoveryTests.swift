import Foundation
import JSON
import Testing

/// Stopping a run from outside (`orch runs cancel`, a signal, `kill -9`) and picking it up again.
@Suite(.serialized) struct RunRecoveryTests {
    static let plan = """
        name: long
        capabilities: [chrome, firefox]
        steps: [TraceA, TraceB, TraceC]

        """

    @Test func aCancelFromASecondProcessStopsTheRunAndItsOrchExitsOne() async throws {
        let s = try await RunScenario(["defaultDurationMs": 60_000])
        try s.plan(Self.plan)
        let run = try s.driveInBackground(["run", "plan.yaml"])
        #expect(try await s.waitUntil { try await s.simulator.starts().count == 2 })
        let id = try await s.onlyRunId()

        let cancel = try await s.orch("runs", "cancel", id)
        #expect(cancel.status == 0, "\(cancel.stderr)")
        #expect(cancel.stdout == "run \(id) cancelled\n")
        let result = try await run.wait(timeout: 20)
        #expect(result.status == 1)
        #expect(result.stdout.contains(" \(id) run cancelled\n"))
        let document = try await s.document(id)
        #expect(document["status"] == "cancelled")
        #expect(RunCells(document).statuses == Array(repeating: "cancelled", count: 6))
        #expect(try await s.simulator.starts().count == 2, "nothing started after the cancel")

        let again = try await s.orch("runs", "cancel", id)
        #expect(again.status == 1)
        #expect(again.stderr == "orch: run \(id) has already ended (cancelled): nothing to cancel\n")
    }

    @Test func sigintCancelsTheRunAndWritesTheJUnitReport() async throws {
        let s = try await RunScenario(["defaultDurationMs": 60_000])
        try s.plan(Self.plan)
        let run = try s.driveInBackground(["run", "plan.yaml", "--junit", "report.xml"])
        #expect(try await s.waitUntil { try await s.simulator.starts().count == 2 })
        run.send(SIGINT)
        let result = try await run.wait(timeout: 20)
        #expect(result.status == 1)
        let id = try await s.onlyRunId()
        #expect(result.stderr.contains("orch: SIGINT: cancelling run \(id)"))
        #expect(try await s.document(id)["status"] == "cancelled")
        let xml = try String(contentsOf: s.folder.url.appendingPathComponent("report.xml"), encoding: .utf8)
        #expect(xml.contains("skipped=\"6\""))
        #expect(xml.contains("<skipped message=\"cancelled\"/>"))
    }

    @Test func afterKill9ResumeFinishesTheRunWithoutStartingARecordedBuildTwice() async throws {
        // The second stage is long, so the kill surely lands in its middle however loaded the machine is.
        let s = try await RunScenario(["defaultDurationMs": 100, "traces": ["TraceB": ["durationMs": 1500]]])
        try s.plan(Self.plan)
        let run = try s.driveInBackground(["run", "plan.yaml"])
        #expect(try await s.waitUntil { try await s.simulator.starts().count >= 3 })
        run.send(SIGKILL)
        #expect(try await run.wait(timeout: 10).status == 9)
        let id = try await s.onlyRunId()
        let before = try await s.document(id)
        #expect(before["status"] == "running")
        let recorded = Dictionary(
            (before["steps"]?.arrayValue ?? []).compactMap { step -> (String, String)? in
                guard let buildId = step["buildId"]?.stringValue else { return nil }
                return (RunCells.key(step), buildId)
            }, uniquingKeysWith: { first, _ in first })
        #expect(recorded.count >= 2)

        let resumed = try await s.drive(["runs", "resume", id])
        #expect(resumed.status == 0, "\(resumed.stdout)\(resumed.stderr)")
        let after = RunCells(try await s.document(id))
        #expect(after.statuses == Array(repeating: "passed", count: 6))
        let builds = try await s.simulator.starts()
        let counts = RunCells.startCounts(builds)
        for (key, buildId) in recorded {
            #expect(counts[key] == 1, "\(key) had build \(buildId) recorded and was started again")
            #expect(after.steps.first { RunCells.key($0) == key }?["buildId"]?.stringValue == buildId)
        }
        // Builds whose start was in flight may start again (at least once at Usetrace); no more than that.
        #expect(counts.values.allSatisfy { $0 <= 2 })
        #expect(Set(counts.keys) == Set(after.steps.map(RunCells.key)))
        #expect(
            after.stageOrderViolations(
                builds.filter { build in
                    // An abandoned duplicate of an in-flight start is not followed; order holds for the builds the run used.
                    after.steps.contains { $0["buildId"]?.stringValue == build.buildId }
                }) == [])
    }

    @Test func resumeOfARunThatEndedShowsItAndExitsByItsStatus() async throws {
        let s = try await RunScenario(["defaultDurationMs": 20])
        try s.plan("name: ended\ncapabilities: [chrome]\nsteps: [TraceA]\n")
        #expect(try await s.drive(["run", "plan.yaml"]).status == 0)
        let id = try await s.onlyRunId()
        let resumed = try await s.drive(["runs", "resume", id])
        #expect(resumed.status == 0)
        #expect(resumed.stdout.contains("run \(id) passed"))
        #expect(try await s.simulator.starts().count == 1)
    }
}
