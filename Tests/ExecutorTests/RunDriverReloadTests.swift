import Foundation
import Store
import Testing

@testable import Executor

/// A tick rereads only the cells that changed (named by newer events), not the whole run: reading
/// every cell each tick made a run of N stages cost O(N × cells).
@Suite("Run driver reads")
struct RunDriverReloadTests {
    @Test func aLongRunReadsEveryCellOnceAndThenOnlyTheChangedOnes() async throws {
        let h = try DriverHarness(makePlan((1...30).map { .trace("T\($0)") }))
        let driver = h.driver()
        #expect(try await driver.run() == .passed)
        #expect(try h.cells().allSatisfy { $0.status == .passed })
        #expect(await driver.fullCellReads == 1)
        // What the driver knows at the end is what the database holds.
        #expect(await driver.knownCells == (try h.cells()))
    }

    @Test func aChangeToACellByAnotherWriterIsReadAtTheNextTick() async throws {
        let h = try DriverHarness(makePlan([.trace("A"), .trace("B"), .trace("C")], browsers: ["chrome"]))
        await h.usetrace.script("B", [.never])
        let driver = h.driver()
        let running = Task { try await driver.run() }
        #expect(try await h.waitUntil { try h.cell(2)?.buildId != nil })
        let other = try Store.open(path: h.store.path)
        #expect(try RunLedger.decide(in: other, runId: h.run.id, seq: 2, attempt: 1, outcome: .passed) != nil)
        #expect(try await running.value == .passed)
        #expect(await driver.fullCellReads == 1)
        #expect(await h.usetrace.starts.map(\.name) == ["A", "B", "C"])
    }

    @Test func manyChangedCellsAreReadAsAWholeRun() async throws {
        // Two stages of half the limit and one: a cancel changes every cell, more than the limit.
        let width = RunDriver.incrementalReadLimit / 2 + 1
        let h = try DriverHarness(makePlan([.trace("A"), .trace("B")], browsers: (1...width).map { "b\($0)" }))
        await h.usetrace.script("A", [.never])
        let driver = h.driver()
        let running = Task { try await driver.run() }
        #expect(try await h.waitUntil(.seconds(30)) { try h.cells().filter { $0.status == .running }.count == width })
        let other = try Store.open(path: h.store.path)
        #expect(try RunLedger.cancel(in: other, runId: h.run.id))
        #expect(try await running.value == .cancelled)
        #expect(await driver.fullCellReads >= 2)
        #expect(await driver.knownCells.allSatisfy { $0.status == .cancelled })
    }
}
