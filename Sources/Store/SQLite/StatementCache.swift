/// Prepared statements of one connection, keyed by their SQL text, so each is compiled once.
///
/// The SQL is built by the store from fixed fragments (never from values), so the number of
/// distinct keys stays small.
struct StatementCache {
    private var statements: [String: Statement] = [:]

    /// The cached statement for `sql`, prepared with `prepare` the first time.
    ///
    /// A statement still being stepped (a query run from inside another's row callback) is
    /// not handed out twice: that caller gets a fresh, uncached one.
    mutating func statement(for sql: String, prepare: (String) throws -> Statement) throws -> Statement {
        if let statement = statements[sql] {
            return statement.isBusy ? try prepare(sql) : statement
        }
        let statement = try prepare(sql)
        statements[sql] = statement
        return statement
    }

    /// Finalizes every cached statement (before the connection closes).
    mutating func removeAll() {
        statements.removeAll()
    }
}
