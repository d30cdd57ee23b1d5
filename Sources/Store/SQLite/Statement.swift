import CSQLite

/// Tells SQLite to copy bound text at once (the macro `SQLITE_TRANSIENT` cannot be imported).
private func transientDestructor() -> sqlite3_destructor_type {
    unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

/// One prepared statement: owns its `sqlite3_stmt` and finalizes it in `deinit`.
///
/// Used by one thread at a time, under the store's lock, like the connection it belongs to.
final class Statement {
    /// The statement handle; never outlives this object.
    let handle: OpaquePointer
    /// The SQL text as prepared (with `?` placeholders).
    let sql: String
    /// The connection this statement belongs to (kept for error messages).
    private let connection: OpaquePointer

    /// Prepares `sql` (exactly one statement) on `connection`.
    init(connection: OpaquePointer, sql: String) throws {
        var statement: OpaquePointer?
        var tail: UnsafePointer<CChar>?
        let code = sql.withCString { text in
            sqlite3_prepare_v3(connection, text, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, &tail)
        }
        guard code == SQLITE_OK, let statement else {
            throw SQLiteError(connection: connection, code: code, sql: sql)
        }
        self.handle = statement
        self.sql = sql
        self.connection = connection
        if let tail, tail.pointee != 0, !String(cString: tail).allSatisfy(\.isWhitespace) {
            throw SQLiteError(code: SQLITE_MISUSE, message: "more than one statement given to prepare", sql: sql)
        }
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Binds `arguments` to the parameters `?1`, `?2`, … in order.
    func bind(_ arguments: [any SQLiteBindable]) throws {
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard arguments.count == expected else {
            throw SQLiteError(
                code: SQLITE_RANGE, message: "\(arguments.count) arguments for \(expected) parameters", sql: sql)
        }
        for (offset, argument) in arguments.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch argument.sqliteValue {
            case .null: code = sqlite3_bind_null(handle, index)
            case .integer(let value): code = sqlite3_bind_int64(handle, index, value)
            case .real(let value): code = sqlite3_bind_double(handle, index, value)
            case .text(let value):
                // withCString gives a non-nil pointer even for "" (a nil pointer would bind NULL);
                // SQLITE_TRANSIENT makes SQLite copy the bytes before the scope ends.
                code = value.withCString { text in
                    sqlite3_bind_text(handle, index, text, Int32(value.utf8.count), transientDestructor())
                }
            }
            guard code == SQLITE_OK else { throw SQLiteError(connection: connection, code: code, sql: sql) }
        }
    }

    /// Whether the statement has been stepped and not yet reset.
    var isBusy: Bool { sqlite3_stmt_busy(handle) != 0 }

    /// Advances to the next row: `true` when there is one, `false` when the statement is done.
    func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code: throw SQLiteError(connection: connection, code: code, sql: sql)
        }
    }

    /// Makes the statement ready to run again and clears its bindings (no value stays bound).
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Binds `arguments`, steps through every row calling `body`, then resets and clears bindings.
    func run(_ arguments: [any SQLiteBindable], _ body: (Row) throws -> Void) throws {
        defer { reset() }
        try bind(arguments)
        while try step() {
            try body(Row(statement: self))
        }
    }
}
