/// Why a store operation failed, with the context to say so (path, migration, SQL).
///
/// Never holds a bound value: secrets (API keys, client ids, tokens) stay out of errors.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, to branch on (`error.kind == .unknownClient`).
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Code: String, Sendable {
            case cannotOpen, schemaTooNew, migrationFailed, sqlite, unknownRun, unknownClient
            case clientNameTaken, clientIdTaken, invalidCursor, invalidRecord
        }

        private let code: Code

        private init(_ code: Code) { self.code = code }

        /// The database file cannot be opened or configured.
        public static let cannotOpen = Kind(.cannotOpen)
        /// The database was migrated by a newer orch (it records a migration this one does not know).
        public static let schemaTooNew = Kind(.schemaTooNew)
        /// A migration failed to apply (nothing of it was kept).
        public static let migrationFailed = Kind(.migrationFailed)
        /// SQLite refused a statement (constraint, busy, I/O, …); see `resultCode` and `sql`.
        public static let sqlite = Kind(.sqlite)
        /// No run has the given id.
        public static let unknownRun = Kind(.unknownRun)
        /// No client has the given name.
        public static let unknownClient = Kind(.unknownClient)
        /// A client with that name exists already.
        public static let clientNameTaken = Kind(.clientNameTaken)
        /// A client with that id exists already (under another name).
        public static let clientIdTaken = Kind(.clientIdTaken)
        /// A list cursor that this store did not make.
        public static let invalidCursor = Kind(.invalidCursor)
        /// A stored row that cannot be read back (bad JSON, an unknown status).
        public static let invalidRecord = Kind(.invalidRecord)

        public var description: String { code.rawValue }
    }

    /// What went wrong.
    public let kind: Kind
    /// A sentence for people, naming what failed; never a bound value.
    public let message: String
    /// The database file, when known.
    public let path: String?
    /// The SQL that failed (with `?` placeholders), for `.sqlite` and `.migrationFailed`.
    public let sql: String?
    /// SQLite's extended result code, for `.sqlite` and `.migrationFailed`.
    public let resultCode: Int32?

    init(_ kind: Kind, _ message: String, path: String? = nil, sql: String? = nil, resultCode: Int32? = nil) {
        self.kind = kind
        self.message = message
        self.path = path
        self.sql = sql
        self.resultCode = resultCode
    }

    public var description: String {
        var text = path.map { "\($0): " } ?? ""
        text += message
        if let sql { text += " (SQL: \(sql))" }
        return text
    }

    /// Whether SQLite gave up waiting for another connection's lock (`SQLITE_BUSY`).
    public var isBusy: Bool { resultCode.map { $0 & 0xFF == 5 } ?? false }
}

extension StoreError {
    static func cannotOpen(path: String, reason: String) -> StoreError {
        StoreError(.cannotOpen, "cannot open the database: \(reason)", path: path)
    }

    static func cannotOpen(path: String, _ error: SQLiteError) -> StoreError {
        StoreError(.cannotOpen, "cannot open the database: \(error.message)", path: path, resultCode: error.code)
    }

    static func schemaTooNew(path: String, unknownMigration: String) -> StoreError {
        StoreError(
            .schemaTooNew,
            "the database was written by a newer orch: it has migration '\(unknownMigration)', which this orch "
                + "does not know; use a newer orch or another database",
            path: path)
    }

    static func migrationFailed(path: String, migration: String, _ error: SQLiteError) -> StoreError {
        StoreError(
            .migrationFailed, "migration '\(migration)' failed: \(error.message)", path: path, sql: error.sql,
            resultCode: error.code)
    }

    init(_ error: SQLiteError, path: String) {
        self.init(
            .sqlite, "SQLite error \(error.code): \(error.message)", path: path, sql: error.sql, resultCode: error.code)
    }

    /// A write that had succeeded was rolled back with its whole batch by a later write's failure.
    static func batchRolledBack(path: String, by error: any Error) -> StoreError {
        let cause = (error as? StoreError) ?? StoreError(.sqlite, "\(error)")
        return StoreError(
            .sqlite, "the write was rolled back with its batch: \(cause.message)", path: path, sql: cause.sql,
            resultCode: cause.resultCode)
    }

    /// The store was closed while the write waited.
    static let closed = StoreError(.cannotOpen, "the store is closed")

    static func unknownRun(_ id: String) -> StoreError {
        StoreError(.unknownRun, "no run has the id '\(id)'")
    }

    static func unknownClient(_ name: String) -> StoreError {
        StoreError(.unknownClient, "no client is named '\(name)'")
    }

    static func clientNameTaken(_ name: String) -> StoreError {
        StoreError(.clientNameTaken, "a client named '\(name)' exists already")
    }

    static let clientIdTaken = StoreError(.clientIdTaken, "another client has that id already")

    static let invalidCursor = StoreError(.invalidCursor, "the cursor is not one this store made")

    static func invalidRecord(_ what: String) -> StoreError {
        StoreError(.invalidRecord, "a stored record cannot be read: \(what)")
    }
}
