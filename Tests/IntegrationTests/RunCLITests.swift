import Foundation
import FoundationXML
import JSON
import Testing

/// `orch run` end to end: the built binary against the real `usetrace-sim`, each test with its own
/// simulator and database; what happened is read back from the simulator's own log and the database.
///
/// Each suite runs its tests one at a time: timing checks (lane order, a kill mid-stage) need a
/// machine that is not running two dozen simulators and orch processes at once.
@Suite(.serialized) struct RunCLITests {
    /// A plan of three trace steps on chrome and firefox; `settings` are extra top-level lines,
    /// `stepB` extra lines of the second step.
    static func threeSteps(settings: String = "", stepB: String = "") -> String {
        """
        name: three
        capabilities: [chrome, firefox]
        \(settings)
        steps:
          - trace: TraceA
          - trace: TraceB
        \(stepB.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
          - trace: TraceC

        """
    }

    static let fails: JSONValue = ["outcome": "fail", "error": "Element not found: #submit"]

    @Test func aPassingPlanRunsStageByStageEachCellOnceAndExitsZero() async throws {
        let s = try await RunScenario(["defaultDurationMs": 40])
        try s.plan(Self.threeSteps())
        let result = try await s.drive(["run", "plan.yaml"])
        #expect(result.status == 0, "\(result.stderr)")
        let id = try await s.onlyRunId()
        let cells = RunCells(try await s.document(id))
        #expect(cells.statuses == Array(repeating: "passed", count: 6))
        let builds = try await s.simulator.starts()
        #expect(builds.count == 6)
        #expect(RunCells.startCounts(builds) == cells.attemptsByKey)
        #expect(cells.attemptsByKey.values.allSatisfy { $0 == 1 })
        #expect(cells.stageOrderViolations(builds) == [])
        // A pipe gets one line per state change, and the summary at the end.
        #expect(result.stdout.contains(" \(id) run running\n"))
        #expect(result.stdout.contains(" \(id) cell 1 stage 1 TraceA/chrome running attempt 1 build "))
        #expect(result.stdout.contains(" \(id) cell 6 stage 3 TraceC/firefox passed attempt 1 build "))
        #expect(result.stdout.contains(" \(id) run passed\n"))
        #expect(result.stdout.contains("run \(id) passed after "))
        #expect(result.stdout.hasSuffix("Details: orch runs show \(id)\n"))
        #expect(!result.stdout.contains("\u{1B}["), "no terminal escapes in a pipe")
    }

    @Test func aFailureStopsTheRunSkipsLaterCellsAndExitsOne() async throws {
        let s = try await RunScenario([
            "defaultDurationMs": 30, "traces": ["TraceB": ["browsers": ["firefox": Self.fails]]],
        ])
        try s.plan(Self.threeSteps())
        let result = try await s.drive(["run", "plan.yaml", "--junit", "report.xml"])
        #expect(result.status == 1)
        let id = try await s.onlyRunId()
        let document = try await s.document(id)
        #expect(document["status"] == "failed")
        let cells = RunCells(document)
        #expect(cells.statuses == ["passed", "passed", "passed", "failed", "skipped", "skipped"])
        #expect(cells.step(4)?["error"]?.stringValue?.contains("Element not found: #submit") == true)
        #expect(cells.step(5)?["error"] == "not run: step TraceB (cell 4) failed")
        let builds = try await s.simulator.starts()
        #expect(!builds.contains { $0.target == "TraceC" }, "a skipped cell never reached Usetrace")
        #expect(cells.stageOrderViolations(builds) == [])
        #expect(result.stdout.contains("cell 4 stage 2 TraceB/firefox failed: 1 of 1 test failed"))

        // The JUnit report is written for a failed run too.
        let xml = try XMLDocument(contentsOf: s.folder.url.appendingPathComponent("report.xml"), options: [])
        let suite = try #require(try xml.nodes(forXPath: "//testsuite").first as? XMLElement)
        #expect(suite.attribute(forName: "tests")?.stringValue == "6")
        #expect(suite.attribute(forName: "failures")?.stringValue == "1")
        #expect(suite.attribute(forName: "skipped")?.stringValue == "2")
        let cases = try xml.nodes(forXPath: "//testcase").compactMap { $0 as? XMLElement }
        #expect(
            cases.map { $0.attribute(forName: "name")?.stringValue ?? "" }.prefix(2) == [
                "TraceA (chrome)", "TraceA (firefox)",
            ])
        #expect(cases[3].attribute(forName: "classname")?.stringValue == "three.stage2")
        let failure = try #require(cases[3].elements(forName: "failure").first)
        #expect(failure.attribute(forName: "message")?.stringValue?.contains("Element not found: #submit") == true)
        #expect(cases[4].elements(forName: "skipped").count == 1)
    }

    @Test func continueOnErrorKeepsTheRunGoingAndPassingWithASoftFailure() async throws {
        let s = try await RunScenario([
            "defaultDurationMs": 30, "traces": ["TraceB": ["browsers": ["firefox": Self.fails]]],
        ])
        try s.plan(Self.threeSteps(stepB: "continueOnError: true"))
        let result = try await s.drive(["run", "plan.yaml"])
        #expect(result.status == 0, "\(result.stdout)")
        let document = try await s.document(try await s.onlyRunId())
        #expect(document["status"] == "passed")
        let cells = RunCells(document)
        #expect(cells.statuses == ["passed", "passed", "passed", "failed", "passed", "passed"])
        #expect(cells.step(4)?["soft"] == true)
        #expect(cells.step(3)?["soft"] == false)
        #expect(cells.stageOrderViolations(try await s.simulator.starts()) == [])
    }

    @Test func onFailureContinueRunsEveryStageButFailsTheRun() async throws {
        let s = try await RunScenario([
            "defaultDurationMs": 30, "traces": ["TraceB": ["browsers": ["firefox": Self.fails]]],
        ])
        try s.plan(Self.threeSteps(settings: "onFailure: continue"))
        let result = try await s.drive(["run", "plan.yaml"])
        #expect(result.status == 1)
        let document = try await s.document(try await s.onlyRunId())
        #expect(document["status"] == "failed")
        #expect(RunCells(document).statuses == ["passed", "passed", "passed", "failed", "passed", "passed"])
        #expect(RunCells(document).step(4)?["soft"] == false)
        #expect(try await s.simulator.starts().count == 6)
    }

    @Test func retriesRunAFailedCellAgainAndAPassOnARetryIsFlaky() async throws {
        let s = try await RunScenario([
            "defaultDurationMs": 30,
            "traces": ["TraceA": ["failTimes": 1], "TraceB": ["failTimes": 2, "error": "Timeout waiting for #cart"]],
        ])
        try s.plan(
            """
            name: retries
            capabilities: [chrome, firefox]
            steps:
              - trace: TraceA
                retries: 1
              - trace: TraceB
                retries: 1
                continueOnError: true

            """)
        let result = try await s.drive(["run", "plan.yaml", "--junit", "report.xml"])
        #expect(result.status == 0, "\(result.stdout)")
        let cells = RunCells(try await s.document(try await s.onlyRunId()))
        #expect(cells.statuses == ["passed", "passed", "failed", "failed"])
        #expect(cells.step(1)?["flaky"] == true)
        #expect(cells.step(1)?["attempts"] == 2)
        #expect(cells.step(3)?["flaky"] == false)
        #expect(cells.step(3)?["attempts"] == 2)
        #expect(cells.step(3)?["error"]?.stringValue?.contains("Timeout waiting for #cart") == true)
        // Every cell ran exactly once per attempt.
        let builds = try await s.simulator.starts()
        #expect(
            RunCells.startCounts(builds) == [
                "TraceA/chrome": 2, "TraceA/firefox": 2, "TraceB/chrome": 2, "TraceB/firefox": 2,
            ])
        #expect(cells.stageOrderViolations(builds) == [])
        #expect(result.stdout.contains("cell 1 stage 1 TraceA/chrome retrying after attempt 1: 1 of 1 test failed"))
        #expect(result.stdout.contains("cell 1 stage 1 TraceA/chrome passed attempt 2 build "))
        #expect(result.stdout.contains(" flaky\n"))

        let xml = try String(contentsOf: s.folder.url.appendingPathComponent("report.xml"), encoding: .utf8)
        #expect(xml.contains("<property name=\"flaky\" value=\"true\"/>"))
        #expect(xml.contains("flaky: passed on attempt 2 after attempt 1 failed: 1 of 1 test failed"))
    }

    @Test func laneOrderLetsChromeRunAheadOfASlowFirefoxButKeepsEachLaneInOrder() async throws {
        let slowFirefox: JSONValue = ["browsers": ["firefox": ["durationMs": 600]]]
        let s = try await RunScenario([
            "defaultDurationMs": 20, "traces": ["TraceA": slowFirefox, "TraceB": slowFirefox, "TraceC": slowFirefox],
        ])
        try s.plan(Self.threeSteps(settings: "order: lane"))
        let result = try await s.drive(["run", "plan.yaml"])
        #expect(result.status == 0, "\(result.stdout)")
        let builds = try await s.simulator.starts()
        func build(_ key: String) throws -> SimulatedBuild {
            try #require(builds.first { $0.key == key }, "no build of \(key)")
        }
        // Chrome finished its last step before firefox finished its first.
        #expect(try build("TraceC/chrome").finishesAt <= build("TraceA/firefox").finishesAt)
        // Neither lane ran out of its own order.
        for browser in ["chrome", "firefox"] {
            #expect(try build("TraceB/\(browser)").startedAt >= build("TraceA/\(browser)").finishesAt)
            #expect(try build("TraceC/\(browser)").startedAt >= build("TraceB/\(browser)").finishesAt)
        }
        #expect(builds.count == 6)
    }

    @Test func aBuildLongerThanTheStepTimeoutEndsInError() async throws {
        let s = try await RunScenario(["defaultDurationMs": 20, "traces": ["TraceA": ["durationMs": 30_000]]])
        try s.plan(
            """
            name: timeout
            capabilities: [chrome]
            steps:
              - trace: TraceA
                timeout: 1s
              - trace: TraceB

            """)
        let started = Date()
        let result = try await s.drive(["run", "plan.yaml"])
        #expect(result.status == 1)
        #expect(Date().timeIntervalSince(started) < 10)
        let cells = RunCells(try await s.document(try await s.onlyRunId()))
        #expect(cells.statuses == ["error", "skipped"])
        #expect(cells.step(1)?["error"] == "timed out after 1s")
        #expect(try await s.simulator.starts().map(\.key) == ["TraceA/chrome"])
    }

    @Test func startsRefusedWith503AreRetriedAndEachCellStartsOnce() async throws {
        let s = try await RunScenario(["defaultDurationMs": 20, "faults": ["startFailures": 3, "startStatus": 503]])
        try s.plan(
            """
            name: storm
            capabilities: [chrome, firefox]
            steps:
              - trace: TraceA
              - trace: TraceB

            """)
        let result = try await s.drive(["run", "plan.yaml"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let cells = RunCells(try await s.document(try await s.onlyRunId()))
        #expect(cells.statuses == ["passed", "passed", "passed", "passed"])
        let log = try await s.simulator.log()
        #expect(log.filter { $0["event"] == "fault" && $0["fault"] == "startFailure" }.count == 3)
        let builds = try await s.simulator.starts()
        #expect(RunCells.startCounts(builds).values.sorted() == [1, 1, 1, 1])
        #expect(cells.stageOrderViolations(builds) == [])
    }

    @Test func aRequiredAPIKeyIsSentWhenGivenAndNeverShown() async throws {
        let key = "sim-key-4d1f9c"
        let s = try await RunScenario(["defaultDurationMs": 20, "requiredKey": .string(key)])
        try s.plan("name: keyed\ncapabilities: [chrome]\nsteps: [TraceA, TraceB]\n")

        let withFlag = try await s.drive(["run", "plan.yaml", "--usetrace-key", key, "--junit", "with.xml"])
        #expect(withFlag.status == 0, "\(withFlag.stdout)")
        let withEnvironment = try await s.drive(["run", "plan.yaml"], environment: ["USETRACE_API_KEY": key])
        #expect(withEnvironment.status == 0, "\(withEnvironment.stdout)")

        let without = try await s.drive(["run", "plan.yaml", "--junit", "without.xml", "--format", "json"])
        #expect(without.status == 1)
        let document = try JSONValue.parse(without.stdout)
        let cells = RunCells(document)
        #expect(cells.statuses == ["error", "skipped"])
        let error = cells.step(1)?["error"]?.stringValue ?? ""
        #expect(error.contains("HTTP 401"), "\(error)")
        #expect(error.contains("needs an API key and none is configured"), "\(error)")

        var shown = [withFlag.stdout, withFlag.stderr, withEnvironment.stdout, withEnvironment.stderr]
        shown += [without.stdout, without.stderr]
        for name in ["with.xml", "without.xml"] {
            shown.append(try String(contentsOf: s.folder.url.appendingPathComponent(name), encoding: .utf8))
        }
        for id in try await s.runIds() {
            shown.append(try await s.document(id).canonicalText)
            shown.append(try await s.orch("runs", "show", id).stdout)
        }
        shown.append(try await s.simulator.log().map(\.canonicalText).joined())
        for text in shown { #expect(!text.contains(key), "the key was shown") }
    }

    @Test func commandStepsRunInThePlansFolderAndPassFailOrTimeOut() async throws {
        let s = try await RunScenario()
        try s.plan(
            """
            name: commands
            onFailure: continue
            steps:
              - run: pwd > where.txt && echo "made it"
              - run: echo about to fail; exit 3
              - run: sleep 30
                timeout: 1s

            """, name: "plans/commands.yaml")
        let result = try await s.drive(["run", "plans/commands.yaml", "--junit", "report.xml"])
        #expect(result.status == 1)
        let cells = RunCells(try await s.document(try await s.onlyRunId()))
        #expect(cells.statuses == ["passed", "failed", "error"])
        #expect(cells.step(2)?["error"] == "the command exited with status 3")
        #expect(cells.step(3)?["error"] == "timed out after 1s")
        #expect(cells.step(1)?["capability"] == .null)
        let planFolder = s.folder.url.appendingPathComponent("plans").resolvingSymlinksInPath().path
        let written = try String(contentsOfFile: planFolder + "/where.txt", encoding: .utf8)
        #expect(
            URL(fileURLWithPath: written.trimmingCharacters(in: .newlines)).resolvingSymlinksInPath().path == planFolder
        )
        let xml = try String(contentsOf: s.folder.url.appendingPathComponent("report.xml"), encoding: .utf8)
        #expect(xml.contains("<system-out>made it\n</system-out>"))
        #expect(xml.contains("<system-out>about to fail\n</system-out>"))
        #expect(try await s.simulator.starts().isEmpty)
    }

    @Test func jsonFormatPrintsExactlyTheRunDocumentOnStdoutAndProgressOnStderr() async throws {
        let s = try await RunScenario(["defaultDurationMs": 20])
        try s.plan("name: json\ncapabilities: [chrome, firefox]\nsteps: [TraceA]\n")
        let result = try await s.drive(["run", "plan.yaml", "--format", "json"])
        #expect(result.status == 0)
        let document = try JSONValue.parse(result.stdout)
        let id = try await s.onlyRunId()
        #expect(document == (try await s.document(id)))
        #expect(document["status"] == "passed")
        #expect(document["plan"]?["name"] == "json")
        #expect(result.stderr.contains(" \(id) cell 2 stage 1 TraceA/firefox passed attempt 1 build "))
        #expect(result.stdout.hasPrefix("{") && result.stdout.hasSuffix("}\n"))
    }

    @Test func aDryRunShowsTheCallsAndStartsAndStoresNothing() async throws {
        let s = try await RunScenario(["defaultDurationMs": 20])
        try s.plan(
            """
            name: dry
            project: Project1
            capabilities: [chrome, firefox]
            baseUrl: https://staging.example.com
            steps:
              - tag: smoke
              - trace: TraceA
              - run: ./reset.sh

            """)
        let result = try await s.drive(
            ["run", "plan.yaml", "--dry-run", "--usetrace-key", "dry-key-77"],
            environment: ["HOSTNAME": "https://ci.example.com"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("nothing is started or stored"))
        #expect(
            result.stdout.contains(
                "cell 1 tag:smoke/chrome: POST \(s.simulator.url)/api/project/Project1/execute-all?key=<redacted> "))
        #expect(result.stdout.contains("cell 3 TraceA/chrome: POST \(s.simulator.url)/api/trace/TraceA/execute"))
        #expect(result.stdout.contains("https://ci.example.com/webhook/<run id>/<token>"))
        #expect(result.stdout.contains("cell 5 run-1: run ./reset.sh in "))
        #expect(!result.stdout.contains("dry-key-77"))
        #expect(try await s.simulator.log().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: s.database), "a dry run stores nothing")

        let json = try await s.drive(["run", "plan.yaml", "--dry-run", "--format", "json"])
        let document = try JSONValue.parse(json.stdout)
        #expect(document["dryRun"] == true)
        #expect(document["calls"]?.arrayValue?.count == 5)
        #expect(document["calls"]?.arrayValue?.first?["body"]?["tags"] == ["smoke"])
        #expect(!FileManager.default.fileExists(atPath: s.database))
    }

    @Test func aBareHostnameIsIgnoredWithAWarning() async throws {
        let s = try await RunScenario()
        try s.plan("name: host\nsteps: [TraceA]\n")
        let result = try await s.drive(["run", "plan.yaml", "--dry-run"], environment: ["HOSTNAME": "runner-7f3a"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("orch: warning: HOSTNAME ('runner-7f3a') is not a URL with a scheme"))
        #expect(result.stdout.contains("webhooks none (polling only)"))
    }

    @Test func anInvalidPlanExitsOneWithItsDiagnosticsAndStoresNothing() async throws {
        let s = try await RunScenario()
        try s.plan("name: bad\nsteps:\n  - trace: A\n    retires: 2\n")
        let result = try await s.drive(["run", "plan.yaml"])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains("plan.yaml:4:5: error: unknown key 'retires' in a step; did you mean 'retries'?"))
        #expect(result.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: s.database))
        #expect(try await s.simulator.log().isEmpty)
    }

    @Test func aDatabaseThatCannotBeOpenedExitsThreeWithoutShowingTheKey() async throws {
        let s = try await RunScenario()
        try s.plan("name: db\nsteps: [TraceA]\n")
        // A folder is not a database file.
        let result = try await Binaries.run(
            Binaries.orch,
            [
                "run", "plan.yaml", "--db", s.folder.path, "--usetrace-url", s.simulator.url, "--usetrace-key",
                "db-key-1",
            ],
            directory: s.folder.path)
        #expect(result.status == 3)
        #expect(result.stderr.hasPrefix("orch: \(s.folder.path): cannot open the database"))
        #expect(!result.stderr.contains("db-key-1"))
        #expect(try await s.simulator.log().isEmpty)
    }

    @Test func badRunOptionsAreUsageErrors() async throws {
        let s = try await RunScenario()
        try s.plan("name: opts\nsteps: [TraceA]\n")
        let url = try await Binaries.run(
            Binaries.orch, ["run", "plan.yaml", "--usetrace-url", "ftp://x"], directory: s.folder.path)
        #expect(url.status == 2)
        #expect(url.stderr.contains("--usetrace-url must be an http:// or https:// URL"))
        let poll = try await Binaries.run(
            Binaries.orch, ["run", "plan.yaml", "--poll-interval", "soon"], directory: s.folder.path)
        #expect(poll.status == 2)
        let junit = try await s.drive(["run", "plan.yaml", "--junit", "no/such/folder/report.xml"])
        #expect(junit.status == 2)
        #expect(junit.stderr.contains("the folder of the JUnit report does not exist"))
        #expect(!FileManager.default.fileExists(atPath: s.database))
    }
}
