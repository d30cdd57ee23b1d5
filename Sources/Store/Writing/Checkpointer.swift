import Foundation
import Synchronization

/// Copies the WAL back into the database file on a thread of its own, so the writer thread's
/// commits (and the requests waiting for them) never wait for a checkpoint.
///
/// SQLite's automatic checkpoint runs inside the commit that crosses its threshold: the writer
/// thread copied about a thousand pages and synced the database file while every write of the
/// next batch waited. Here the writer only calls `noteCommit()`; the checkpointer wakes, waits a
/// moment for more commits, and runs a PASSIVE checkpoint on its own connection (PASSIVE never
/// blocks a writer or a reader). The writer's automatic checkpoint stays at
/// `Pragmas.writerAutocheckpointPages`: it then finds most pages copied already, and it is what
/// lets the WAL start again from its beginning (see there).
final class Checkpointer: Sendable {
    private struct State {
        var pending = false
        var isStopped = false
    }

    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)
    private let checkpoints = Atomic<Int>(0)

    /// How long the thread waits after a commit before checkpointing, gathering later commits (s).
    static let delaySeconds = 0.02

    /// Starts the thread on `database` (a connection of its own, closed when the thread ends).
    init(database: Database) {
        let owned = OwnedConnection(database: database)
        let thread = Thread { [self] in
            Thread.current.name = "orch-checkpoint"
            // Background I/O: the request and writer threads come first when both want a core.
            // `who` 0 is the calling thread: on Linux the nice value belongs to each thread.
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
            run(owned.database)
            owned.database.close()
        }
        thread.start()
    }

    /// Tells the checkpointer a commit has added to the WAL. Cheap: wakes the thread only when
    /// it is not already due to run.
    func noteCommit() {
        let wasPending = state.withLock { state in
            defer { state.pending = true }
            return state.pending
        }
        if !wasPending { wake.signal() }
    }

    /// Lets the thread end after a last checkpoint; does not wait.
    func stop() {
        state.withLock { $0.isStopped = true }
        wake.signal()
    }

    /// How many checkpoints the thread has run.
    var count: Int { checkpoints.load(ordering: .relaxed) }

    private func run(_ database: Database) {
        while true {
            wake.wait()
            if state.withLock({ $0.isStopped }) {
                database.checkpointPassively()
                return
            }
            Thread.sleep(forTimeInterval: Self.delaySeconds)
            state.withLock { $0.pending = false }
            database.checkpointPassively()
            checkpoints.add(1, ordering: .relaxed)
        }
    }
}
