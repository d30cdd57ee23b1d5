import CSQLite

/// One SQLite connection: owns its `sqlite3*` and closes it in `deinit`.
///
/// Not thread-safe by itself (opened with `SQLITE_OPEN_NOMUTEX`): the store lends it to one
/// thread at a time (`ReaderPool`, the writer thread, the checkpointer), and so every statement
/// prepared from it.
final class Database {
    /// How a transaction takes its lock.
    enum TransactionKind: String {
        /// Takes the write lock at `BEGIN`, so a transaction never fails half-way for a lock.
        case immediate = "BEGIN IMMEDIATE"
        /// Takes locks as statements need them: for reads that want one consistent snapshot.
        case deferred = "BEGIN DEFERRED"
    }

    /// The file this connection opened.
    let path: String
    private var handle: OpaquePointer?
    private var cache = StatementCache()

    /// Opens (creating it if needed) the database file at `path` for reading and writing.
    init(path: String) throws {
        var connection: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &connection, flags, nil)
        guard code == SQLITE_OK, let connection else {
            let error = SQLiteError(connection: connection, code: code, sql: nil)
            // Even a failed open may allocate a handle, which must be closed.
            sqlite3_close_v2(connection)
            throw error
        }
        sqlite3_extended_result_codes(connection, 1)
        self.handle = connection
        self.path = path
    }

    deinit {
        close()
    }

    /// Finalizes every cached statement and closes the connection; later calls throw.
    func close() {
        cache.removeAll()
        if let handle {
            // close_v2 defers the close until any statement still alive is finalized.
            sqlite3_close_v2(handle)
        }
        handle = nil
    }

    /// Whether the connection is open (`close()` not yet called).
    var isOpen: Bool { handle != nil }

    private func connection(for sql: String?) throws -> OpaquePointer {
        guard let handle else { throw SQLiteError(code: SQLITE_MISUSE, message: "the database is closed", sql: sql) }
        return handle
    }

    /// A PASSIVE checkpoint: copies into the database file what it can of the WAL without
    /// waiting for any lock; whether SQLite ran it (it is busy when another checkpoint runs).
    @discardableResult
    func checkpointPassively() -> Bool {
        guard let handle else { return false }
        var walFrames: Int32 = 0
        var copied: Int32 = 0
        return sqlite3_wal_checkpoint_v2(handle, nil, SQLITE_CHECKPOINT_PASSIVE, &walFrames, &copied) == SQLITE_OK
    }

    /// Waits up to `milliseconds` for another connection's lock before failing with `SQLITE_BUSY`.
    func setBusyTimeout(milliseconds: Int32) throws {
        let connection = try connection(for: nil)
        let code = sqlite3_busy_timeout(connection, milliseconds)
        guard code == SQLITE_OK else { throw SQLiteError(connection: connection, code: code, sql: nil) }
    }

    /// Runs `sql`, which may hold several statements and no parameters (migrations, `BEGIN`).
    func executeScript(_ sql: String) throws {
        let connection = try connection(for: sql)
        let code = sqlite3_exec(connection, sql, nil, nil, nil)
        guard code == SQLITE_OK else { throw SQLiteError(connection: connection, code: code, sql: sql) }
    }

    /// The cached prepared statement for `sql` (one statement).
    func statement(_ sql: String) throws -> Statement {
        let connection = try connection(for: sql)
        return try cache.statement(for: sql) { try Statement(connection: connection, sql: $0) }
    }

    /// Runs one statement with `arguments`, ignoring any rows; returns the number of rows changed.
    @discardableResult
    func execute(_ sql: String, _ arguments: [any SQLiteBindable] = []) throws -> Int {
        try statement(sql).run(arguments) { _ in }
        return changes
    }

    /// Runs a query, mapping each row with `body`.
    func query<T>(_ sql: String, _ arguments: [any SQLiteBindable] = [], _ body: (Row) throws -> T) throws -> [T] {
        var results: [T] = []
        try statement(sql).run(arguments) { results.append(try body($0)) }
        return results
    }

    /// Runs a query and maps its first row with `body`; `nil` when there is none.
    func queryFirst<T>(_ sql: String, _ arguments: [any SQLiteBindable] = [], _ body: (Row) throws -> T) throws -> T? {
        let statement = try statement(sql)
        defer { statement.reset() }
        try statement.bind(arguments)
        return try statement.step() ? try body(Row(statement: statement)) : nil
    }

    /// The number of rows changed by the last `INSERT`, `UPDATE` or `DELETE`.
    var changes: Int {
        handle.map { Int(sqlite3_changes($0)) } ?? 0
    }

    /// The rowid of the last row inserted.
    var lastInsertRowID: Int64 {
        handle.map { sqlite3_last_insert_rowid($0) } ?? 0
    }

    /// Whether no transaction is open.
    var isAutocommit: Bool {
        handle.map { sqlite3_get_autocommit($0) != 0 } ?? true
    }

    /// Runs `body` in one transaction: commits when it returns, rolls back when it throws.
    func transaction<T>(_ kind: TransactionKind = .immediate, _ body: () throws -> T) throws -> T {
        try executeScript(kind.rawValue)
        do {
            let result = try body()
            try executeScript("COMMIT")
            return result
        } catch {
            // A failed COMMIT (or some errors inside) may already have rolled back.
            if !isAutocommit { try? executeScript("ROLLBACK") }
            throw error
        }
    }
}
