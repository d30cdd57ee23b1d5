import Foundation
import JSON
import PlanCompiler
import Store
import Testing

@testable import Executor

/// A stored run of three trace cells (one browser) whose cells ended as `statuses` say.
private struct EndedRun {
    let store: Store
    let plan: CompiledPlan
    let run: RunRecord

    init(
        _ statuses: [CellStatus], client: String? = "ci", key: String? = "source-key",
        settings: [String: JSONValue] = [RunDriver.workingDirectorySetting: "/work/project"]
    ) throws {
        store = try Store.openTemporary()
        plan = makePlan(
            statuses.indices.map { .trace("T\($0 + 1)") }, browsers: ["chrome"])
        if let client { _ = try store.addClient(name: client, id: "client-id-of-\(client)") }
        let created = try store.createRun(plan: plan, clientName: client, usetraceKey: key, settings: settings)
        try store.write { tx in
            for (index, status) in statuses.enumerated() {
                _ = try tx.updateCell(
                    run: created.id, seq: index + 1, expectedAttempt: 0, expectedStatus: .pending,
                    set: [.status(status)])
            }
        }
        run = try #require(try store.run(id: created.id))
    }

    func cells() throws -> [CellRecord] { try store.cells(run: run.id) }
}

@Suite("Reruns of a run")
struct RunRerunTests {
    @Test func withoutFailedOnlyEveryCellRunsAgain() throws {
        let source = try EndedRun([.passed, .failed, .passed])
        let rerun = RunRerun(of: source.run, cells: try source.cells(), failedOnly: false)
        #expect(rerun.passedSeqs.isEmpty)
        #expect(rerun.cellsToRun == 3)

        let created = try rerun.create(in: source.store, plan: source.plan)
        #expect(try source.store.cells(run: created.id).map(\.status) == [.pending, .pending, .pending])
        #expect(created.planHash == source.plan.hash)
        #expect(created.clientName == "ci")
        #expect(created.settings[RunRerun.rerunOfSetting] == .string(source.run.id))
        #expect(created.settings[RunRerun.failedOnlySetting] == .bool(false))
        #expect(created.settings[RunRerun.passedBeforeSetting] == .array([]))
    }

    @Test func failedOnlySkipsThePassedCellsWithAReasonAndAnEvent() throws {
        let source = try EndedRun([.passed, .failed, .passed])
        let rerun = RunRerun(of: source.run, cells: try source.cells(), failedOnly: true)
        #expect(rerun.passedSeqs == [1, 3])
        #expect(rerun.cellsToRun == 1)

        let now = Date(timeIntervalSince1970: 1_750_000_000)
        let created = try rerun.create(in: source.store, plan: source.plan, at: now)
        let cells = try source.store.cells(run: created.id)
        let reason = "not rerun: passed in run \(source.run.id)"
        #expect(cells.map(\.status) == [.skipped, .pending, .skipped])
        #expect(cells.map(\.error) == [reason, nil, reason])
        #expect(cells.map(\.finishedAt) == [now, nil, now])
        #expect(created.settings[RunRerun.failedOnlySetting] == .bool(true))
        #expect(created.settings[RunRerun.passedBeforeSetting] == .array([1, 3]))

        let skips = try source.store.events(run: created.id).filter { $0.kind == .cellSkipped }
        #expect(skips.map(\.seq) == [1, 3])
        #expect(skips.allSatisfy { $0.fromStatus == "pending" && $0.toStatus == "skipped" && $0.attempt == 0 })
        #expect(
            skips.allSatisfy {
                $0.detail == ["reason": .string(reason), "rerunOf": .string(source.run.id)]
            })
    }

    @Test func aRerunOfARerunCountsTheCellsItSkippedAsPassedButNoOtherSkippedCell() throws {
        let source = try EndedRun(
            [.skipped, .failed, .skipped],
            settings: [RunRerun.passedBeforeSetting: [1]])
        let rerun = RunRerun(of: source.run, cells: try source.cells(), failedOnly: true)
        #expect(rerun.passedSeqs == [1])
        #expect(rerun.cellsToRun == 2)
    }

    @Test func aRunWhoseCellsAllPassedLeavesNothingToRerunWithFailedOnly() throws {
        let source = try EndedRun([.passed, .passed])
        #expect(RunRerun(of: source.run, cells: try source.cells(), failedOnly: true).cellsToRun == 0)
        #expect(RunRerun(of: source.run, cells: try source.cells(), failedOnly: false).cellsToRun == 2)
    }

    @Test func theAsyncCreateStoresTheSameRerun() async throws {
        let source = try EndedRun([.passed, .failed])
        let rerun = RunRerun(of: source.run, cells: try source.cells(), failedOnly: true)
        let created = try await rerun.create(in: source.store, plan: source.plan)
        #expect(try source.store.cells(run: created.id).map(\.status) == [.skipped, .pending])
        #expect(created.settings[RunRerun.passedBeforeSetting] == .array([1]))
        #expect(try source.store.runSecrets(id: created.id)?.usetraceKey == "source-key")
    }

    @Test func theRerunIsClaimedByThisProcess() throws {
        let source = try EndedRun([.failed])
        let created = try RunRerun(of: source.run, cells: try source.cells(), failedOnly: false)
            .create(in: source.store, plan: source.plan)
        #expect(created.settings[DriverClaim.setting] == .int(Int64(getpid())))
    }

    @Test func theSourceKeyIsKeptUnlessAnotherIsGiven() throws {
        let source = try EndedRun([.failed])
        let rerun = RunRerun(of: source.run, cells: try source.cells(), failedOnly: false)
        let kept = try rerun.create(in: source.store, plan: source.plan)
        let replaced = try rerun.create(in: source.store, plan: source.plan, usetraceKey: "given-key")
        #expect(try source.store.runSecrets(id: kept.id)?.usetraceKey == "source-key")
        #expect(try source.store.runSecrets(id: replaced.id)?.usetraceKey == "given-key")
    }

    @Test func theSourceFolderWinsOverTheDefaultWhichIsUsedOnlyWithout() throws {
        let folder = RunDriver.workingDirectorySetting
        let withFolder = try EndedRun([.failed])
        let kept = try RunRerun(of: withFolder.run, cells: try withFolder.cells(), failedOnly: false)
            .create(in: withFolder.store, plan: withFolder.plan, defaultWorkingDirectory: "/elsewhere")
        #expect(kept.settings[folder] == "/work/project")

        let withoutFolder = try EndedRun([.failed], settings: [:])
        let rerun = RunRerun(of: withoutFolder.run, cells: try withoutFolder.cells(), failedOnly: false)
        let defaulted = try rerun.create(
            in: withoutFolder.store, plan: withoutFolder.plan, defaultWorkingDirectory: "/elsewhere")
        let none = try rerun.create(in: withoutFolder.store, plan: withoutFolder.plan)
        #expect(defaulted.settings[folder] == "/elsewhere")
        #expect(none.settings[folder] == nil)
    }
}
