import Dispatch
import Foundation
import Synchronization
import Testing

@testable import Store

/// The writer thread's batches: one transaction for many writes, each write alone in failing.
@Suite struct GroupCommitTests {
    /// A database with a table `t(v)` in a temporary folder.
    final class Scratch {
        let folder: TemporaryFolder
        let database: Database

        init() throws {
            folder = try TemporaryFolder()
            database = try Database(path: folder.path("scratch.db"))
            try Pragmas.apply(to: database)
            try database.executeScript("CREATE TABLE t (v INTEGER NOT NULL UNIQUE)")
        }

        var values: [Int] {
            get throws { try database.query("SELECT v FROM t ORDER BY v") { $0.int(0) } }
        }
    }

    /// A queued write that records its answer.
    final class Recorded: QueuedWrite {
        let body: @Sendable (Database) throws -> Int
        let answer = Mutex<Result<Int, any Error>?>(nil)

        init(_ body: @escaping @Sendable (Database) throws -> Int) {
            self.body = body
        }

        func perform(_ transaction: WriteTransaction) throws -> any Sendable {
            try body(transaction.database)
        }

        func finish(_ result: Result<any Sendable, any Error>) {
            answer.withLock { $0 = result.map { $0 as? Int ?? -1 } }
        }

        var value: Int? { answer.withLock { try? $0?.get() } }
        var failed: Bool { answer.withLock { if case .failure = $0 { true } else { false } } }
    }

    static func insert(_ value: Int) -> Recorded {
        Recorded { database in
            try database.execute("INSERT INTO t (v) VALUES (?)", [value])
            return value
        }
    }

    @Test func aBatchCommitsEveryWriteAndAnswersEachWithItsOwnResult() throws {
        let scratch = try Scratch()
        let writes = [1, 2, 3].map(Self.insert)
        GroupCommitter.commit(writes, on: scratch.database)
        #expect(writes.map(\.value) == [1, 2, 3])
        #expect(try scratch.values == [1, 2, 3])
        #expect(scratch.database.isAutocommit)
    }

    @Test func aFailingWriteRollsBackOnlyItselfAndTheOthersCommit() throws {
        let scratch = try Scratch()
        let failing = Recorded { database in
            try database.execute("INSERT INTO t (v) VALUES (?)", [20])
            throw TestFailure()
        }
        let duplicate = Self.insert(1)
        let writes = [Self.insert(1), failing, duplicate, Self.insert(3)]
        GroupCommitter.commit(writes, on: scratch.database)
        #expect(writes.map(\.failed) == [false, true, true, false])
        #expect(try scratch.values == [1, 3])
    }

    @Test func aWriteSeesTheWritesQueuedBeforeItInTheSameBatch() throws {
        let scratch = try Scratch()
        let count = Recorded { database in
            try database.queryFirst("SELECT count(*) FROM t") { $0.int(0) } ?? -1
        }
        GroupCommitter.commit([Self.insert(1), Self.insert(2), count], on: scratch.database)
        #expect(count.value == 2)
    }

    @Test func whenSQLiteRollsTheWholeTransactionBackTheEarlierWritesFailAndTheLaterOnesCommit() throws {
        let scratch = try Scratch()
        // As SQLite does on an I/O error or a full disk: the transaction is gone.
        let rollsBack = Recorded { database in
            try database.executeScript("ROLLBACK")
            throw TestFailure()
        }
        let earlier = Self.insert(1)
        let later = Self.insert(2)
        GroupCommitter.commit([earlier, rollsBack, later], on: scratch.database)
        #expect(earlier.failed)
        #expect(rollsBack.failed)
        #expect(later.value == 2)
        #expect(try scratch.values == [2])
    }

    @Test func aFailedCommitFailsEveryWriteOfTheBatch() throws {
        let scratch = try Scratch()
        try scratch.database.executeScript(
            "CREATE TABLE child (v INTEGER REFERENCES t(v) DEFERRABLE INITIALLY DEFERRED)")
        // A deferred foreign key is checked at COMMIT, so the whole batch's commit fails.
        let orphan = Recorded { database in
            try database.execute("INSERT INTO child (v) VALUES (99)")
            return 99
        }
        let writes = [Self.insert(1), orphan]
        GroupCommitter.commit(writes, on: scratch.database)
        #expect(writes.map(\.failed) == [true, true])
        #expect(try scratch.values == [])
        #expect(scratch.database.isAutocommit)
    }

    @Test func whenTheLockCannotBeTakenEveryWriteOfTheBatchFailsAtOnce() throws {
        let scratch = try Scratch()
        try scratch.database.setBusyTimeout(milliseconds: 20)
        let other = try Database(path: scratch.folder.path("scratch.db"))
        try other.executeScript("BEGIN IMMEDIATE")
        defer { try? other.executeScript("ROLLBACK") }
        let writes = [1, 2, 3].map(Self.insert)
        let started = ContinuousClock.now
        GroupCommitter.commit(writes, on: scratch.database)
        // One busy timeout for the batch, not one for each write.
        #expect(ContinuousClock.now - started < .milliseconds(500))
        #expect(writes.map(\.failed) == [true, true, true])
        try other.executeScript("ROLLBACK")
        #expect(try scratch.values == [])
    }

    @Test func aTransactionLeftOpenOnTheConnectionIsRolledBackBeforeTheBatch() throws {
        let scratch = try Scratch()
        try scratch.database.executeScript("BEGIN; INSERT INTO t (v) VALUES (99)")
        let writes = [Self.insert(1)]
        GroupCommitter.commit(writes, on: scratch.database)
        #expect(writes.map(\.value) == [1])
        #expect(try scratch.values == [1])
    }

    @Test func writesFromManyThreadsAtOnceAllCommitWithFewerTransactionsThanWrites() throws {
        let store = try Store.openTemporary()
        let run = try store.createRun(plan: Fixtures.plan()).id
        let before = try store.count("events")
        // Sixteen threads of their own (not a pool the size of the machine), four writes each.
        let group = DispatchGroup()
        for thread in 0..<16 {
            group.enter()
            Thread {
                for i in 0..<4 {
                    _ = try? store.write { tx in
                        try tx.appendEvent(
                            run: run, kind: .cellRetrying, detail: ["i": .int(Int64(thread * 4 + i))], at: Date())
                    }
                }
                group.leave()
            }.start()
        }
        group.wait()
        #expect(try store.count("events") == before + 64)
        let statistics = store.writeStatistics
        #expect(statistics.writes == 65)
        #expect(statistics.transactions < statistics.writes)
    }

    @Test func anAsyncWriteIsCommittedWhenItIsAnswered() async throws {
        let store = try Store.openTemporary()
        let run = try await store.write { tx in try tx.createRun(plan: Fixtures.plan()) }
        #expect(try store.run(id: run.id)?.status == .queued)
        await #expect(throws: TestFailure.self) {
            try await store.write { tx -> Int in
                _ = try tx.updateRunStatus(run: run.id, from: [.queued], to: .running)
                throw TestFailure()
            }
        }
        #expect(try store.run(id: run.id)?.status == .queued)
    }
}
