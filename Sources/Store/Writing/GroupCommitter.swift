import Dispatch
import Foundation
import Synchronization

/// The store's one writer: a thread that owns the write connection and commits the writes queued
/// by every caller in batches, one transaction (and so one fsync) per batch.
///
/// Each write runs inside its own savepoint, in the order it was queued, and sees the writes
/// queued before it; a write that throws rolls back to its savepoint and alone fails. A caller
/// is answered only once its batch is committed, so an answered write is on disk. A batch that
/// cannot be committed fails every write in it, and none of them is kept.
///
/// Under no load a write is one transaction, as before; under load, writes that arrive while a
/// batch is being synced share the next batch's fsync (group commit).
final class GroupCommitter: Sendable {
    /// At most this many writes share one transaction, so no batch holds the lock for long.
    static let maximumBatch = 256

    private let queue = Mutex(Queue())
    private let committed = Atomic<Int>(0)
    private let transactions = Atomic<Int>(0)
    private let workAvailable = DispatchSemaphore(value: 0)

    private struct Queue {
        var pending: [any QueuedWrite] = []
        var isStopped = false
    }

    /// Starts the writer thread on `database`; it tells `checkpointer` of each commit, and closes
    /// the connection and calls `onExit` once `stop()` was called and every queued write is done.
    init(database: Database, checkpointer: Checkpointer? = nil, onExit: @escaping @Sendable () -> Void) {
        let owned = OwnedConnection(database: database)
        // The thread holds the committer (not the store) until it ends.
        let thread = Thread { [self] in
            // Named from inside: on Linux only the thread itself can set its system-visible name.
            Thread.current.name = "orch-store"
            serve(owned.database, checkpointer: checkpointer)
            owned.database.close()
            onExit()
        }
        thread.start()
    }

    /// Queues `write` for the writer thread.
    func enqueue(_ write: any QueuedWrite) {
        let accepted = queue.withLock { queue -> Bool in
            guard !queue.isStopped else { return false }
            queue.pending.append(write)
            return true
        }
        guard accepted else {
            write.finish(.failure(StoreError.closed))
            return
        }
        workAvailable.signal()
    }

    /// Lets the writer thread end once the writes queued so far are done.
    func stop() {
        queue.withLock { $0.isStopped = true }
        workAvailable.signal()
    }

    /// The writer thread's loop: waits for writes and commits them a batch at a time.
    private func serve(_ database: Database, checkpointer: Checkpointer?) {
        while true {
            workAvailable.wait()
            while true {
                let (batch, stopped) = queue.withLock { queue -> ([any QueuedWrite], Bool) in
                    let count = min(queue.pending.count, Self.maximumBatch)
                    let batch = Array(queue.pending.prefix(count))
                    queue.pending.removeFirst(count)
                    return (batch, queue.isStopped)
                }
                if batch.isEmpty {
                    if stopped { return }
                    break
                }
                Self.commit(batch, on: database) { count in
                    committed.add(count, ordering: .relaxed)
                    transactions.add(1, ordering: .relaxed)
                    checkpointer?.noteCommit()
                }
            }
        }
    }

    /// How many writes were committed so far, and in how many transactions.
    var statistics: WriteStatistics {
        WriteStatistics(
            writes: committed.load(ordering: .relaxed), transactions: transactions.load(ordering: .relaxed))
    }

    /// Runs `batch` in one transaction, each write in its own savepoint, and answers every write;
    /// once the transaction is committed, and before any write is answered, `onCommit` is told how
    /// many writes it holds.
    static func commit(
        _ batch: [any QueuedWrite], on database: Database, onCommit: (Int) -> Void = { _ in }
    ) {
        var done: [(write: any QueuedWrite, result: Result<any Sendable, any Error>)] = []
        var inTransaction = false
        /// Rolls the whole transaction back and fails the writes done in it so far.
        func abandon(_ cause: any Error) {
            if !database.isAutocommit { _ = try? database.executeScript("ROLLBACK") }
            inTransaction = false
            let lost = StoreError.batchRolledBack(path: database.path, by: storeError(cause, database))
            for (earlier, _) in done { earlier.finish(.failure(lost)) }
            done = []
        }
        for (position, write) in batch.enumerated() {
            if !inTransaction {
                // A transaction left open by a failed rollback would make every BEGIN fail.
                if !database.isAutocommit { _ = try? database.executeScript("ROLLBACK") }
                do {
                    try database.execute(Database.TransactionKind.immediate.rawValue)
                    inTransaction = true
                } catch {
                    // Busy past the timeout (another process holds the lock), or worse: the rest
                    // of the batch would wait as long each, so all of it fails now.
                    let failure = storeError(error, database)
                    for unstarted in batch[position...] { unstarted.finish(.failure(failure)) }
                    return
                }
            }
            do {
                try database.execute("SAVEPOINT orch_write")
                let result = try write.perform(WriteTransaction(database: database))
                try database.execute("RELEASE orch_write")
                done.append((write, .success(result)))
            } catch {
                if database.isAutocommit {
                    // SQLite rolled the whole transaction back (I/O, disk full): the writes
                    // before this one in the batch are lost too.
                    abandon(error)
                } else {
                    do {
                        try database.execute("ROLLBACK TO orch_write")
                        try database.execute("RELEASE orch_write")
                    } catch {
                        // This write's changes cannot be undone alone: undo the whole batch so far.
                        abandon(error)
                    }
                }
                write.finish(.failure(storeError(error, database)))
            }
        }
        guard inTransaction else { return }
        do {
            // Prepared once and kept, like BEGIN and the savepoints: the writer runs them thousands of times.
            try database.execute("COMMIT")
            onCommit(done.count)
            for (write, result) in done { write.finish(result) }
        } catch {
            if !database.isAutocommit { _ = try? database.executeScript("ROLLBACK") }
            let failure = storeError(error, database)
            for (write, _) in done { write.finish(.failure(failure)) }
        }
    }

    private static func storeError(_ error: any Error, _ database: Database) -> any Error {
        if let error = error as? SQLiteError { return StoreError(error, path: database.path) }
        return error
    }
}
