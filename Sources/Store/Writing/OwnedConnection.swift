/// Hands a connection to the thread that alone uses it from then on (the writer, the checkpointer).
final class OwnedConnection: @unchecked Sendable {
    // Safe: after `init` the connection is used by the receiving thread only.
    let database: Database

    init(database: Database) {
        self.database = database
    }
}
