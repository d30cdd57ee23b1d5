import Dispatch
import Foundation
import Synchronization
import Testing

@testable import Store

@Suite struct ConcurrencyTests {
    @Test func ofManyThreadsStartingOneCellExactlyOneWins() throws {
        let store = try Store.openTemporary()
        let run = try store.createRun(plan: Fixtures.plan()).id
        let wins = Atomic<Int>(0)
        let failures = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 16) { i in
            do {
                let won = try store.write { tx in
                    try tx.updateCell(
                        run: run, seq: 1, expectedAttempt: 0, expectedStatus: .pending,
                        set: [.status(.running), .attempt(1), .token("token-\(i)")])
                }
                if won { wins.add(1, ordering: .relaxed) }
            } catch {
                failures.add(1, ordering: .relaxed)
            }
        }
        #expect(wins.load(ordering: .relaxed) == 1)
        #expect(failures.load(ordering: .relaxed) == 0)
    }

    @Test func twoConnectionsToOneFileSeeEachOthersCommitsAndOnlyOneCompareAndSetWins() throws {
        let folder = try TemporaryFolder()
        let first = try Store.open(path: folder.path("orch.db"))
        let second = try Store.open(path: folder.path("orch.db"))
        let run = try first.createRun(plan: Fixtures.plan()).id
        #expect(try second.run(id: run)?.status == .queued)
        let start: @Sendable (Store) throws -> Bool = { store in
            try store.write { try $0.updateRunStatus(run: run, from: [.queued], to: .running) }
        }
        #expect(try start(second))
        #expect(try start(first) == false)
        #expect(try first.run(id: run)?.status == .running)
    }

    @Test func storesOpeningANewFileAtOnceMigrateItOnce() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("orch.db")
        let opened = Mutex<[Store]>([])
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            do {
                let store = try Store.open(path: path)
                opened.withLock { $0.append(store) }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        #expect(failures.withLock { $0 } == [])
        let store = try Store.open(path: path)
        #expect(try store.count("schema_migrations") == Schema.migrations.count)
    }
}
