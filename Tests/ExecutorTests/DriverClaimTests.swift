import Foundation
import JSON
import PlanCompiler
import Store
import Testing

@testable import Executor

/// A live process named `orch` (a copy of `sleep` under that name), stopped by `stop()`.
private struct FakeOrchProcess {
    let process = Process()
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("orch-claim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let binary = folder.appendingPathComponent("orch")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: "/bin/sleep"), to: binary)
        process.executableURL = binary
        process.arguments = ["30"]
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    func stop() {
        // SIGKILL: under the test runner, `terminate()`'s SIGTERM left the child sleeping its full 30 s.
        kill(pid, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }
}

@Suite("Which process drives a run")
struct DriverClaimTests {
    private func storedRun(driverPid: Int32?) throws -> (Store, RunRecord) {
        let store = try Store.openTemporary()
        let settings: [String: JSONValue] = driverPid.map { [DriverClaim.setting: .int(Int64($0))] } ?? [:]
        let run = try store.createRun(plan: makePlan([.trace("T1")], browsers: ["chrome"]), settings: settings)
        return (store, run)
    }

    @Test func aLiveOrchProcessIsTheDriverAndItsRunIsNotClaimedAgain() async throws {
        let orch = try FakeOrchProcess()
        defer { orch.stop() }
        #expect(DriverClaim.isLiveOrch(orch.pid))
        let (store, run) = try storedRun(driverPid: orch.pid)
        #expect(DriverClaim.liveDriver(of: run) == orch.pid)
        #expect(DriverClaim.isClaimedElsewhere(run))
        #expect(try await DriverClaim.claimUnclaimed([run.id], in: store) == [])
        #expect(try store.run(id: run.id)?.settings[DriverClaim.setting] == .int(Int64(orch.pid)))
    }

    @Test func aDeadOrOtherProcessOrThisOneIsNoDriver() throws {
        #expect(!DriverClaim.isLiveOrch(getpid()))  // the test runner is not named orch
        #expect(!DriverClaim.isLiveOrch(1))
        #expect(!DriverClaim.isLiveOrch(0))
        #expect(!DriverClaim.isLiveOrch(-5))
        for pid: Int32? in [nil, getpid(), 1] {
            let (_, run) = try storedRun(driverPid: pid)
            #expect(DriverClaim.liveDriver(of: run) == nil)
            #expect(!DriverClaim.isClaimedElsewhere(run))
        }
    }

    @Test func unclaimedRunsAreClaimedForThisProcessKeepingTheirOtherSettings() async throws {
        let store = try Store.openTemporary()
        let plan = makePlan([.trace("T1")], browsers: ["chrome"])
        let first = try store.createRun(plan: plan, settings: ["workingDirectory": "/a"])
        let second = try store.createRun(plan: plan, settings: [DriverClaim.setting: 1])
        #expect(
            try await DriverClaim.claimUnclaimed([first.id, "no-such-run", second.id], in: store) == [
                first.id, second.id,
            ])
        let own = JSONValue.int(Int64(getpid()))
        #expect(try store.run(id: first.id)?.settings == [DriverClaim.setting: own, "workingDirectory": "/a"])
        #expect(try store.run(id: second.id)?.settings[DriverClaim.setting] == own)
    }

    @Test func claimTakesTheRunFromWhoeverHeldIt() async throws {
        let orch = try FakeOrchProcess()
        defer { orch.stop() }
        let (store, run) = try storedRun(driverPid: orch.pid)
        try await DriverClaim.claim(run.id, in: store)
        try await DriverClaim.claim("no-such-run", in: store)
        #expect(try store.run(id: run.id)?.settings[DriverClaim.setting] == DriverClaim.ownSetting.value)
    }
}
