import Foundation
import JSON
import PlanCompiler
import Store
import Testing
import Usetrace

@testable import Executor

@Suite("Run driver")
struct RunDriverTests {
    // MARK: order

    @Test func stagesRunStrictlyOneAfterAnother() async throws {
        let h = try DriverHarness(makePlan([.trace("A"), .trace("B"), .trace("C")]))
        await h.usetrace.script("A", browser: "firefox", [.slow(6)])
        let status = try await h.driver().run()
        #expect(status == .passed)
        #expect(try h.cells().allSatisfy { $0.status == .passed && $0.attempt == 1 })
        // Every cell of a stage ended before any cell of the next stage started.
        for stage in 1..<3 {
            let ends = try (1...2).map { try h.firstEvent(.cellPassed, seq: (stage - 1) * 2 + $0) ?? .max }
            let starts = try (1...2).map { try h.firstEvent(.cellStarted, seq: stage * 2 + $0) ?? -1 }
            #expect(ends.max()! < starts.min()!, "stage \(stage + 1) started before stage \(stage) ended")
        }
        let run = try #require(try h.store.run(id: h.run.id))
        #expect(run.startedAt != nil)
        #expect(run.finishedAt != nil)
        let kinds = try h.events().filter { $0.seq == nil }.map(\.kind)
        #expect(kinds == [.runCreated, .runStarted, .runPassed])
    }

    @Test func theDecisionThatEndsAStageStartsTheNextInTheSameTransaction() async throws {
        let h = try DriverHarness(makePlan([.trace("A"), .trace("B"), .trace("C")], browsers: ["chrome"]))
        #expect(try await h.driver().run() == .passed)
        let events = try h.events()
        for seq in 1...2 {
            // The pass of cell `seq` and the start of the next cell are one write: adjacent events
            // of the same moment.
            let passed = try #require(events.firstIndex { $0.kind == .cellPassed && $0.seq == seq })
            let next = events[passed + 1]
            #expect(next.kind == .cellStarted && next.seq == seq + 1)
            #expect(next.at == events[passed].at)
        }
    }

    @Test func aDecisionBeforeTheNextReadStillSeesTheCellsTheDriverStartedAndSkipsAfterAHardFailure() async throws {
        // Lane order, onFailure: stop. Chrome A (seq 1) fails hard and firefox A (seq 2) passes,
        // both decided before the driver reads the cells again: firefox B (seq 4) must not start.
        let h = try DriverHarness(makePlan([.trace("A"), .trace("B")], order: .lane))
        await h.usetrace.script("A", [.never])
        let driver = h.driver()
        try await startFirstStage(of: driver, in: h)
        #expect(try h.cell(1)?.status == .running)
        #expect(try h.cell(2)?.status == .running)
        _ = try await driver.decide(seq: 1, attempt: 1, outcome: .failed("boom"))
        _ = try await driver.decide(seq: 2, attempt: 1, outcome: .passed)
        #expect(try h.cell(3)?.status == .pending)
        #expect(try h.cell(4)?.status == .pending, "a cell after a hard failure was started")
    }

    @Test func laneOrderLetsChromeRunAheadOfASlowFirefox() async throws {
        let h = try DriverHarness(makePlan([.trace("A"), .trace("B"), .trace("C")], order: .lane))
        await h.usetrace.script("A", browser: "firefox", [.slow(40)])
        let status = try await h.driver().run()
        #expect(status == .passed)
        // Chrome (seqs 1, 3, 5) finished every step before firefox (2) finished its first.
        let firefoxFirst = try #require(try h.firstEvent(.cellPassed, seq: 2))
        #expect(try h.firstEvent(.cellPassed, seq: 5).map { $0 < firefoxFirst } == true)
        // Firefox still kept its own order.
        #expect(try h.firstEvent(.cellStarted, seq: 4).map { $0 > firefoxFirst } == true)
    }

    @Test func aCommandIsABarrierInLaneOrder() async throws {
        let h = try DriverHarness(makePlan([.trace("A"), .command("true"), .trace("B")], order: .lane))
        await h.usetrace.script("A", browser: "firefox", [.slow(10)])
        #expect(try await h.driver().run() == .passed)
        let commandStart = try #require(try h.firstEvent(.cellStarted, seq: 3))
        #expect(try h.firstEvent(.cellPassed, seq: 2).map { $0 < commandStart } == true)
        let commandEnd = try #require(try h.firstEvent(.cellPassed, seq: 3))
        #expect(try h.firstEvent(.cellStarted, seq: 4).map { $0 > commandEnd } == true)
    }

    @Test func maxParallelLimitsBuildsRunningAtOnce() async throws {
        let h = try DriverHarness(
            makePlan([.trace("A")], browsers: ["chrome", "firefox", "edge"], maxParallel: 1))
        await h.usetrace.script("A", [.slow(3)])
        #expect(try await h.driver().run() == .passed)
        #expect(await h.usetrace.mostAtOnce == 1)
        #expect(await h.usetrace.starts.map(\.browser) == ["chrome", "firefox", "edge"])
    }

    // MARK: what is started

    @Test func aTraceCellStartsItsTraceOnItsOneCapability() async throws {
        let h = try DriverHarness(makePlan([.trace("TraceA")]))
        _ = try await h.driver().run()
        // The two cells of the stage start at once, in either order: chrome's (cell 1) first here.
        let starts = await h.usetrace.starts.sorted { ($0.browser ?? "") < ($1.browser ?? "") }
        #expect(starts.count == 2)
        #expect(starts.map(\.target) == [.trace(id: "TraceA"), .trace(id: "TraceA")])
        #expect(
            starts.map(\.request.requiredCapabilities) == [[["browserName": "chrome"]], [["browserName": "firefox"]]])
        #expect(starts.allSatisfy { $0.request.baseURL == "https://staging.example.com" })
        #expect(starts.allSatisfy { $0.request.parameters == ["username": "demo"] })
        #expect(starts.allSatisfy { $0.key == APIKey("project-key") })
        #expect(starts.allSatisfy { $0.request.reporters.isEmpty }, "no public URL, no reporter")
        #expect(try h.cell(1)?.buildId == starts[0].buildId)
    }

    @Test func aTagCellRunsExecuteAllOnThePlansProjectWithThatTag() async throws {
        let h = try DriverHarness(makePlan([.tag("goon")], browsers: ["chrome"]))
        _ = try await h.driver().run()
        #expect(await h.usetrace.starts.map(\.target) == [.tag(project: "Project1", name: "goon")])
    }

    @Test func withAPublicURLEachStartGetsItsOwnWebhook() async throws {
        let h = try DriverHarness(makePlan([.trace("A", retries: 1)]), publicURL: "https://orch.example.com/")
        await h.usetrace.script("A", browser: "chrome", [.fail(), .pass])
        #expect(try await h.driver().run() == .passed)
        let secret = try #require(try h.store.runSecrets(id: h.run.id)).webhookSecret
        let starts = await h.usetrace.starts
        let attempts = try h.store.attempts(run: h.run.id, seq: 1)
        #expect(attempts.count == 2)
        let chrome = starts.filter { $0.browser == "chrome" }
        #expect(chrome.count == 2)
        for (start, attempt) in zip(chrome, attempts) {
            let token = try #require(attempt.token)
            #expect(start.request.reporters.count == 1)
            #expect(start.request.reporters.first?.url == "https://orch.example.com/webhook/\(h.run.id)/\(token)")
            #expect(start.request.reporters.first?.secretKey == secret)
            #expect(start.request.reporters.first?.when == .always)
        }
        #expect(attempts[0].token != attempts[1].token)
    }

    // MARK: outcomes

    @Test func aFailedCellIsRetriedAndAPassOnARetryIsFlaky() async throws {
        let h = try DriverHarness(makePlan([.trace("A", retries: 2), .trace("B")]))
        await h.usetrace.script("A", browser: "firefox", [.fail("first"), .fail("second"), .pass])
        #expect(try await h.driver().run() == .passed)
        let firefox = try #require(try h.cell(2))
        #expect(firefox.status == .passed)
        #expect(firefox.attempt == 3)
        #expect(firefox.flaky)
        #expect(try h.cell(1)?.flaky == false)
        #expect(try h.cell(1)?.attempt == 1, "only the failed cell is retried")
        #expect(
            try h.eventKinds(2) == [
                "cell.started", "cell.build-started", "cell.retrying", "cell.started", "cell.build-started",
                "cell.retrying", "cell.started", "cell.build-started", "cell.passed",
            ])
        let attempts = try h.store.attempts(run: h.run.id, seq: 2)
        #expect(attempts.map(\.status) == [.failed, .failed, .passed])
        #expect(attempts[0].error == "1 of 1 test failed: chrome: Login: first")
    }

    @Test func aHardFailureSkipsTheLaterStagesAndFailsTheRun() async throws {
        let h = try DriverHarness(makePlan([.trace("A"), .trace("B"), .command("true")]))
        await h.usetrace.script("A", browser: "chrome", [.fail()])
        #expect(try await h.driver().run() == .failed)
        let cells = try h.cells()
        #expect(cells.map(\.status) == [.failed, .passed, .skipped, .skipped, .skipped])
        #expect(cells[2].error == "not run: step step-1 (cell 1) failed")
        #expect(try h.eventKinds(3) == ["cell.skipped"])
        #expect(await h.usetrace.starts.count == 2)
    }

    @Test func onFailureContinueRunsEverythingButFailsTheRun() async throws {
        let h = try DriverHarness(makePlan([.trace("A"), .trace("B")], onFailure: .continue))
        await h.usetrace.script("A", browser: "chrome", [.fail()])
        #expect(try await h.driver().run() == .failed)
        #expect(try h.cells().map(\.status) == [.failed, .passed, .passed, .passed])
    }

    @Test func aSoftFailureLetsTheRunPass() async throws {
        let h = try DriverHarness(makePlan([.trace("A", continueOnError: true), .trace("B")]))
        await h.usetrace.script("A", browser: "chrome", [.fail()])
        #expect(try await h.driver().run() == .passed)
        let cell = try #require(try h.cell(1))
        #expect(cell.status == .failed)
        #expect(cell.soft)
    }

    @Test func aBuildThatRunsPastItsTimeOutEndsInError() async throws {
        let h = try DriverHarness(makePlan([.trace("A", timeout: 120)], browsers: ["chrome"]))
        await h.usetrace.script("A", [.never])
        #expect(try await h.driver().run() == .failed)
        let cell = try #require(try h.cell(1))
        #expect(cell.status == .error)
        #expect(cell.error == "timed out after 2m")
        let elapsed = try #require(cell.finishedAt).timeIntervalSince(try #require(cell.startedAt))
        #expect(elapsed >= 120)
    }

    @Test func aBuildThatCannotBeStartedEndsInErrorWithTheReason() async throws {
        let h = try DriverHarness(makePlan([.trace("A")], browsers: ["chrome"]))
        await h.usetrace.script("A", [.refused("Usetrace answered 500")])
        #expect(try await h.driver().run() == .failed)
        let cell = try #require(try h.cell(1))
        #expect(cell.status == .error)
        #expect(cell.error == "could not start the build: Usetrace answered 500")
        #expect(cell.buildId == nil)
    }

    @Test func aStartThatHangsPastTheTimeOutEndsInError() async throws {
        let h = try DriverHarness(makePlan([.trace("A", timeout: 60)], browsers: ["chrome"]))
        await h.usetrace.script("A", [FakeBuild(startDelay: .seconds(30))])
        let started = ContinuousClock.now
        #expect(try await h.driver().run() == .failed)
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(try h.cell(1)?.error == "timed out after 1m")
    }

    @Test func a404RightAfterTheStartIsTolerated() async throws {
        let h = try DriverHarness(makePlan([.trace("A")], browsers: ["chrome"]))
        await h.usetrace.script("A", [FakeBuild(notFoundPolls: 3)])
        #expect(try await h.driver().run() == .passed)
        #expect(try h.cell(1)?.error == nil)
    }

    @Test func aBuildUsetraceNeverKnowsEndsInError() async throws {
        let h = try DriverHarness(makePlan([.trace("A")], browsers: ["chrome"]), notFoundWindow: .seconds(60))
        await h.usetrace.script("A", [FakeBuild(notFoundPolls: 100_000)])
        #expect(try await h.driver().run() == .failed)
        let error = try #require(try h.cell(1)?.error)
        #expect(error.hasPrefix("Usetrace does not know build build-1"))
    }

    @Test func theSummaryAndReportAreKept() async throws {
        let h = try DriverHarness(makePlan([.trace("A")], browsers: ["chrome"]))
        _ = try await h.driver().run()
        #expect(try h.cell(1)?.summary == ["request": 1, "finish": 1, "pass": 1, "fail": 0])
        #expect(try h.store.attempts(run: h.run.id, seq: 1).first?.report?["tests"] == 1)
    }

    // MARK: commands

    @Test func commandStepsRunInTheRunsFolderAndKeepTheirOutput() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("orch-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "ready".write(to: folder.appendingPathComponent("fixture.txt"), atomically: true, encoding: .utf8)
        let h = try DriverHarness(
            makePlan([.command("cat fixture.txt; echo \" $ORCH_CELL\""), .command("echo oops >&2; exit 3")]),
            settings: [RunDriver.workingDirectorySetting: .string(folder.path)])
        #expect(try await h.driver().run() == .failed)
        let first = try #require(try h.store.attempts(run: h.run.id, seq: 1).first)
        #expect(first.status == .passed)
        #expect(first.report?["output"] == "ready 1\n")
        #expect(first.report?["exitStatus"] == 0)
        #expect(first.pid != nil)
        let second = try #require(try h.cell(2))
        #expect(second.status == .failed)
        #expect(second.error == "the command exited with status 3")
        #expect(try h.store.attempts(run: h.run.id, seq: 2).first?.report?["output"] == "oops\n")
    }

    @Test func aCommandPastItsTimeOutIsKilledWithItsGroup() async throws {
        let h = try DriverHarness(makePlan([.command("sleep 30 & wait", timeout: 60)]))
        #expect(try await h.driver().run() == .failed)
        let cell = try #require(try h.cell(1))
        #expect(cell.status == .error)
        #expect(cell.error == "timed out after 1m")
        let pid = try #require(try h.store.attempts(run: h.run.id, seq: 1).first?.pid)
        #expect(!ProcessGroup(id: pid).isAlive)
    }

    // MARK: stale outcomes

    @Test func aLateOrRepeatedOutcomeChangesNothing() async throws {
        let h = try DriverHarness(makePlan([.trace("A", retries: 1)], browsers: ["chrome"]))
        await h.usetrace.script("A", [.fail(), .never])
        let driver = h.driver()
        let running = Task { try await driver.run() }
        #expect(try await h.waitUntil { try h.cell(1)?.attempt == 2 && h.cell(1)?.buildId != nil })
        // A late answer for attempt 1 (already decided) changes nothing.
        #expect(try await driver.decide(seq: 1, attempt: 1, outcome: .passed) == nil)
        #expect(try h.cell(1)?.status == .running)
        // The answer for attempt 2 decides the cell, through the same path a webhook takes.
        let transition = try await driver.decide(seq: 1, attempt: 2, outcome: .passed)
        #expect(transition == CellTransition(status: .passed, attempt: 2, flaky: true))
        // Its repeat changes nothing, and neither does a conflicting late answer.
        #expect(try await driver.decide(seq: 1, attempt: 2, outcome: .passed) == nil)
        #expect(try await driver.decide(seq: 1, attempt: 2, outcome: .failed("late")) == nil)
        #expect(try await running.value == .passed)
        #expect(try h.eventKinds(1).filter { $0 == "cell.passed" }.count == 1)
        #expect(try h.cell(1)?.flaky == true)
    }

    @Test func anOutcomeRecordedByAnotherProcessDecidesTheCellWithoutAPoll() async throws {
        let h = try DriverHarness(makePlan([.trace("A"), .trace("B")], browsers: ["chrome"]))
        await h.usetrace.script("A", [.never])
        let running = Task { try await h.driver().run() }
        #expect(try await h.waitUntil { try h.cell(1)?.buildId != nil })
        let other = try Store.open(path: h.store.path)
        let transition = try RunLedger.decide(in: other, runId: h.run.id, seq: 1, attempt: 1, outcome: .passed)
        #expect(transition?.status == .passed)
        #expect(try await running.value == .passed)
        #expect(await h.usetrace.starts.map(\.name) == ["A", "B"])
    }

    // MARK: cancel

    @Test func aCancelFromAnotherProcessStopsTheRun() async throws {
        let h = try DriverHarness(makePlan([.trace("A"), .trace("B")]))
        await h.usetrace.script("A", [.never])
        let running = Task { try await h.driver().run() }
        #expect(try await h.waitUntil { try h.cells().filter { $0.buildId != nil }.count == 2 })
        let other = try Store.open(path: h.store.path)
        #expect(try RunLedger.cancel(in: other, runId: h.run.id))
        let started = ContinuousClock.now
        #expect(try await running.value == .cancelled)
        #expect(ContinuousClock.now - started < .seconds(1))
        #expect(try h.cells().map(\.status) == [.cancelled, .cancelled, .cancelled, .cancelled])
        #expect(try h.store.attempts(run: h.run.id, seq: 1).map(\.status) == [.cancelled])
        #expect(try RunLedger.cancel(in: other, runId: h.run.id) == false, "a second cancel changes nothing")
        #expect(try h.events().filter { $0.kind == .runCancelled }.count == 1)
    }

    @Test func aCancelKillsARunningCommand() async throws {
        let h = try DriverHarness(makePlan([.command("sleep 30")]))
        let driver = h.driver()
        let running = Task { try await driver.run() }
        #expect(
            try await h.waitUntil { try h.store.attempts(run: h.run.id, seq: 1).first?.pid != nil })
        let pid = try #require(try h.store.attempts(run: h.run.id, seq: 1).first?.pid)
        #expect(ProcessGroup(id: pid).isAlive)
        #expect(try await driver.cancel())
        #expect(try await running.value == .cancelled)
        #expect(!ProcessGroup(id: pid).isAlive)
        #expect(try h.cell(1)?.status == .cancelled)
    }

    @Test func aRunCancelledWhileQueuedNeverStarts() async throws {
        let h = try DriverHarness(makePlan([.trace("A")]))
        #expect(try RunLedger.cancel(in: h.store, runId: h.run.id))
        #expect(try await h.driver().run() == .cancelled)
        #expect(await h.usetrace.starts.isEmpty)
    }

    // MARK: resume

    @Test func aResumedRunFollowsRecordedBuildsAndRestartsStartsInFlight() async throws {
        let h = try DriverHarness(makePlan([.trace("A"), .trace("B")]))
        // An earlier orch process started both cells of stage 1 and died: chrome's build id was
        // recorded, firefox's start was in flight.
        let now = h.clock.now()
        try await h.store.write { tx in
            _ = try RunLedger.markStarted(tx, runId: h.run.id, at: now)
            let cells = try tx.cells(run: h.run.id)
            _ = try RunLedger.start(tx, runId: h.run.id, cell: cells[0], token: "old-token-1", at: now)
            _ = try RunLedger.start(tx, runId: h.run.id, cell: cells[1], token: "old-token-2", at: now)
            _ = try RunLedger.recordBuild(tx, runId: h.run.id, seq: 1, attempt: 1, buildId: "old-build", at: now)
        }
        await h.usetrace.existing("old-build", .slow(2))

        #expect(try await h.driver().run() == .passed)
        let starts = await h.usetrace.starts
        // Chrome's stage-1 build was not started again; firefox's was, then stage 2.
        let names = starts.map { "\($0.name)/\($0.browser ?? "")" }
        // Stage 2's two builds are started at once, in either order.
        #expect(names.first == "A/firefox")
        #expect(names.dropFirst().sorted() == ["B/chrome", "B/firefox"])
        #expect(try h.cell(1)?.buildId == "old-build")
        #expect(try h.cell(1)?.attempt == 1)
        #expect(try h.cell(2)?.attempt == 1, "same attempt")
        #expect(try h.cell(2)?.token != "old-token-2", "new token")
        #expect(try h.eventKinds(1).contains("cell.restarted") == false)
        let restarted = try #require(try h.events().first { $0.kind == .cellRestarted })
        #expect(restarted.seq == 2)
        #expect(restarted.attempt == 1)
        #expect(restarted.detail?["reason"]?.stringValue?.contains("in flight") == true)
        #expect(try h.store.attempt(token: "old-token-2") == nil, "the old token no longer names the attempt")
    }

    @Test func aDriverDroppedMidStageIsResumedByANewOne() async throws {
        let h = try DriverHarness(makePlan([.trace("A"), .trace("B")]))
        await h.usetrace.script("A", browser: "chrome", [.slow(20)])
        await h.usetrace.script("A", browser: "firefox", [FakeBuild(runningPolls: 1, startDelay: .seconds(30))])
        let first = Task { try await h.driver().run() }
        // Chrome's build is recorded, firefox's start is still in flight: the process "dies".
        #expect(try await h.waitUntil { try h.cell(1)?.buildId != nil && h.cell(2)?.status == .running })
        first.cancel()
        _ = try? await first.value
        #expect(try h.cell(2)?.buildId == nil)
        await h.usetrace.script("A", browser: "firefox", [.pass])

        #expect(try await h.driver().run() == .passed)
        let starts = await h.usetrace.starts
        #expect(
            starts.filter { $0.name == "A" && $0.browser == "chrome" }.count == 1, "chrome was followed, not restarted")
        #expect(starts.filter { $0.name == "A" && $0.browser == "firefox" }.count == 1)
        #expect(try h.cells().allSatisfy { $0.status == .passed && $0.attempt == 1 })
        #expect(try h.eventKinds(2).contains("cell.restarted"))
        #expect(try h.eventKinds(1).filter { $0 == "cell.started" }.count == 1)
    }

    @Test func aResumedCommandIsKilledIfStillAliveAndStartedAgain() async throws {
        let h = try DriverHarness(makePlan([.command("echo second run")]))
        // The earlier process started the command and died; its process group lives on.
        let orphan = try CommandRunner().start("sleep 30", in: "/")
        let now = h.clock.now()
        try await h.store.write { tx in
            _ = try RunLedger.markStarted(tx, runId: h.run.id, at: now)
            _ = try RunLedger.start(tx, runId: h.run.id, cell: try tx.cells(run: h.run.id)[0], token: nil, at: now)
            try RunLedger.recordPid(tx, runId: h.run.id, seq: 1, attempt: 1, pid: orphan.pid)
        }
        #expect(try await h.driver().run() == .passed)
        #expect(!orphan.group.isAlive)
        let restarted = try #require(try h.events().first { $0.kind == .cellRestarted })
        #expect(restarted.detail?["killedPid"] == .int(Int64(orphan.pid)))
        let attempt = try #require(try h.store.attempts(run: h.run.id, seq: 1).first)
        #expect(attempt.report?["output"] == "second run\n")
        #expect(attempt.pid != orphan.pid)
        _ = await orphan.result()
    }

    @Test func aFinishedRunIsNotStartedAgain() async throws {
        let h = try DriverHarness(makePlan([.trace("A")]))
        #expect(try await h.driver().run() == .passed)
        let before = try h.events().count
        #expect(try await h.driver().run() == .passed)
        #expect(try h.events().count == before)
        #expect(await h.usetrace.starts.count == 2)
    }

    @Test func oneDriverDrivesItsRunOnce() async throws {
        let h = try DriverHarness(makePlan([.trace("A")]))
        let driver = h.driver()
        _ = try await driver.run()
        await #expect(throws: ExecutorError.self) { try await driver.run() }
    }

    @Test func anUnknownRunIsAnError() async throws {
        let h = try DriverHarness(makePlan([.trace("A")]))
        let driver = RunDriver(store: h.store, runId: "no-such-run", builds: h.usetrace, clock: h.clock)
        await #expect(throws: ExecutorError.self) { try await driver.run() }
    }

    // MARK: progress

    @Test func progressShowsEveryChangeAndEndsWithTheRun() async throws {
        let h = try DriverHarness(makePlan([.trace("A", retries: 1)], browsers: ["chrome"]))
        await h.usetrace.script("A", [.fail(), .pass])
        let driver = h.driver()
        let collector = collectProgress(of: driver)
        #expect(try await driver.run() == .passed)
        let seen = await collector.value
        let runStatuses = seen.compactMap { if case .run(_, let status) = $0 { status } else { nil } }
        #expect(runStatuses == [.queued, .running, .passed] || runStatuses == [.running, .passed])
        let cellStates = seen.compactMap { change -> String? in
            guard case .cell(let cell) = change else { return nil }
            return "\(cell.status.rawValue)/\(cell.attempt)"
        }
        #expect(cellStates.first == "pending/0")
        #expect(cellStates.last == "passed/2")
        #expect(cellStates.contains("pending/1"), "the retry is shown")
    }

    @Test func everyStartIsShownEvenWhenItsCellIsDecidedBeforeTheNextRead() async throws {
        // As with a webhook that comes at once: each cell is decided before the driver reads it
        // again, so no read ever sees it running; its start must be shown all the same.
        let h = try DriverHarness(makePlan([.trace("A"), .trace("B")]))
        await h.usetrace.script("A", [.never])
        await h.usetrace.script("B", [.never])
        let driver = h.driver()
        let collector = collectProgress(of: driver)
        try await startFirstStage(of: driver, in: h)
        // Cells 3 and 4 start in the transaction of the decision of cell 2.
        for seq in 1...4 { _ = try await driver.decide(seq: seq, attempt: 1, outcome: .passed) }
        #expect(try await driver.run() == .passed)
        var statuses: [Int: [CellStatus]] = [:]
        for case .cell(let cell) in await collector.value where statuses[cell.seq]?.last != cell.status {
            statuses[cell.seq, default: []].append(cell.status)
        }
        for seq in 1...4 {
            #expect(statuses[seq] == [.pending, .running, .passed], "cell \(seq)")
        }
    }

    @Test func aRetryIsShownWaitingAsItsDecisionCommitsBeforeAnyRead() async throws {
        let h = try DriverHarness(makePlan([.trace("A", retries: 1)], browsers: ["chrome"]))
        await h.usetrace.script("A", [.never])
        let driver = h.driver()
        let collector = collectProgress(of: driver)
        try await startFirstStage(of: driver, in: h)
        let transition = try await driver.decide(seq: 1, attempt: 1, outcome: .failed("boom"))
        #expect(transition?.isRetry == true)
        // No tick since the decision: what is shown comes from the decision itself.
        driver.endSubscriptions()
        let cells = await collector.value.compactMap { change -> String? in
            guard case .cell(let cell) = change else { return nil }
            return "\(cell.status.rawValue)/\(cell.attempt)/\(cell.error ?? "-")"
        }
        #expect(cells == ["pending/0/-", "running/1/-", "pending/1/boom"])
    }

    @Test func aStreamOpenedAfterTheRunEndedEndsAtOnce() async throws {
        let h = try DriverHarness(makePlan([.trace("A")], browsers: ["chrome"]))
        let driver = h.driver()
        _ = try await driver.run()
        var count = 0
        for await _ in driver.progress() { count += 1 }
        #expect(count == 0)
    }

    /// Collects every change `driver` publishes from now until its run ends.
    private func collectProgress(of driver: RunDriver) -> Task<[RunProgress], Never> {
        let stream = driver.progress()
        return Task {
            var seen: [RunProgress] = []
            for await change in stream { seen.append(change) }
            return seen
        }
    }

    /// Marks the run started and has `driver` load it and run one tick, which starts the first stage.
    private func startFirstStage(of driver: RunDriver, in h: DriverHarness) async throws {
        let now = h.clock.now()
        _ = try await h.store.write { tx in try RunLedger.markStarted(tx, runId: h.run.id, at: now) }
        _ = try await driver.load()
        _ = try await driver.tick()
    }
}
