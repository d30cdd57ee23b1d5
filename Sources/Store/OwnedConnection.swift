/// A connection that one thread at a time uses: handed to the thread that alone uses it from then
/// on (the writer, the checkpointer), or lent by the `ReaderPool` to one caller at a time.
final class OwnedConnection: @unchecked Sendable {
    // Safe: whoever holds it uses it from one thread at a time (see above). Connections are
    // opened in SQLite's multi-thread mode (`SQLITE_OPEN_NOMUTEX`), in which a connection may move
    // between threads as long as two never use it at once.
    let database: Database

    init(database: Database) {
        self.database = database
    }
}
