import CSQLite
import Foundation

/// The connection settings every store connection gets on open.
enum Pragmas {
    /// How long a connection waits for another process's write lock before failing.
    static let busyTimeoutMilliseconds: Int32 = 5_000

    /// `synchronous=FULL`: a commit returns only once the WAL is synced to disk, so a state change
    /// orch has accepted (a scheduled run, a decided cell) survives a power loss, not only a
    /// crash. `NORMAL` is about five times faster in WAL mode but may lose the last commits on
    /// power loss, which breaks orch's promise that nothing accepted is lost.
    static let synchronous = "FULL"

    /// `temp_store=MEMORY`: the statement journals (one for each savepoint of a group commit,
    /// holding the pages a write changes so `ROLLBACK TO` can undo it) live in memory, not in a
    /// temporary file each. With files they were two thirds of the writer's `pwrite` calls.
    static let tempStore = "MEMORY"

    /// The writer connection's automatic checkpoint, in WAL pages (SQLite's default). The
    /// `Checkpointer` has copied most of the WAL back by then, so the writer's own checkpoint
    /// has little left to copy; it is still needed: only a checkpoint that finishes while no
    /// write runs lets the next write start the WAL again from its beginning (with the
    /// checkpointer alone and the writer's checkpoint at 10,000 pages, the WAL grew to 43 MB
    /// under steady writes).
    static let writerAutocheckpointPages = 1_000

    /// Applies what only the writer connection gets: its automatic checkpoint.
    static func applyToWriter(_ database: Database) throws {
        try database.executeScript("PRAGMA wal_autocheckpoint = \(writerAutocheckpointPages)")
    }

    /// Applies the settings: busy timeout, WAL journal, foreign keys, synchronous mode, temp store.
    ///
    /// Switching a new file to WAL needs an exclusive lock, and SQLite answers `SQLITE_BUSY`
    /// at once, without its busy handler, while another connection opens the same new file
    /// (it would deadlock otherwise); so the switch is retried here until the busy timeout.
    static func apply(to database: Database) throws {
        try database.setBusyTimeout(milliseconds: busyTimeoutMilliseconds)
        let mode = try retryingWhileBusy { try database.queryFirst("PRAGMA journal_mode = WAL") { $0.text(0) } }
        guard mode??.lowercased() == "wal" else {
            throw StoreError.cannotOpen(
                path: database.path,
                reason: "the database cannot use WAL journaling (journal mode is \(mode.flatMap { $0 } ?? "unknown"))")
        }
        try database.executeScript("PRAGMA foreign_keys = ON")
        try database.executeScript("PRAGMA synchronous = \(synchronous)")
        try database.executeScript("PRAGMA temp_store = \(tempStore)")
    }

    /// Runs `body` again while it fails with `SQLITE_BUSY`, for up to the busy timeout.
    static func retryingWhileBusy<T>(_ body: () throws -> T) throws -> T {
        let deadline = Date().addingTimeInterval(Double(busyTimeoutMilliseconds) / 1_000)
        var pause: useconds_t = 1_000
        while true {
            do {
                return try body()
            } catch let error as SQLiteError where error.primaryCode == SQLITE_BUSY && Date() < deadline {
                usleep(pause)
                pause = min(pause * 2, 50_000)
            }
        }
    }
}
