import CSQLite

/// A failed SQLite call: the (extended) result code, SQLite's message and the SQL text.
///
/// It never holds bound values: those may be secrets (API keys, client id hashes, tokens).
/// SQLite's own messages name constraints and columns, not values.
struct SQLiteError: Error, Sendable, CustomStringConvertible {
    /// The extended result code (`SQLITE_CONSTRAINT_UNIQUE`, `SQLITE_BUSY`, …).
    let code: Int32
    /// SQLite's message for the failure (`sqlite3_errmsg`).
    let message: String
    /// The SQL that failed, with its `?` placeholders (never the expanded SQL).
    let sql: String?

    /// The primary result code (`SQLITE_CONSTRAINT` for every constraint failure, …).
    var primaryCode: Int32 { code & 0xFF }

    var description: String {
        var text = "SQLite error \(code) (\(String(cString: sqlite3_errstr(code)))): \(message)"
        if let sql { text += " in SQL: \(sql)" }
        return text
    }

    /// The error of the last call on `connection`, for `sql`.
    init(connection: OpaquePointer?, code: Int32, sql: String?) {
        self.code = connection.map { sqlite3_extended_errcode($0) } ?? code
        self.message =
            connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            ?? String(cString: sqlite3_errstr(code))
        self.sql = sql
    }

    /// An error this layer detects itself (a result that makes no sense for the statement).
    init(code: Int32, message: String, sql: String?) {
        self.code = code
        self.message = message
        self.sql = sql
    }
}
