import Dispatch
import Synchronization

/// The store's read connections: up to `capacity`, opened as concurrent readers need them, each
/// lent to one caller at a time.
///
/// WAL lets every connection read beside the writer. With one shared read connection, every read
/// of every thread waited for the read before it: the service's request threads queued behind each
/// other's client look-ups, and behind a driver thread (at nice 10) that was descheduled while it
/// held the connection. A caller now waits only when `capacity` reads are already running.
final class ReaderPool: Sendable {
    /// At most this many read connections are open (the machine has few cores; more readers than
    /// that only queue for the CPU instead of for a connection).
    static let defaultCapacity = 4

    private struct State {
        var idle: [OwnedConnection]
        var isClosed = false
    }

    private let state: Mutex<State>
    /// Counts the connections free to lend: idle ones plus those not yet opened.
    private let free: DispatchSemaphore
    private let open: @Sendable () throws -> Database

    /// A pool that opens its connections with `open`; the first is opened now, so that a file
    /// that cannot be read fails here rather than at the first read.
    init(capacity: Int = defaultCapacity, open: @escaping @Sendable () throws -> Database) throws {
        precondition(capacity > 0, "a reader pool needs at least one connection")
        let first = try open()
        self.state = Mutex(State(idle: [OwnedConnection(database: first)]))
        self.free = DispatchSemaphore(value: capacity)
        self.open = open
    }

    deinit {
        close()
    }

    /// Runs `body` with a connection no other caller uses meanwhile, waiting for one when
    /// `capacity` are lent; opens a new connection when none is idle.
    func withConnection<T>(_ body: (Database) throws -> T) throws -> T {
        free.wait()
        defer { free.signal() }
        let connection = try state.withLock { $0.idle.popLast() } ?? OwnedConnection(database: open())
        defer { giveBack(connection) }
        return try body(connection.database)
    }

    /// Closes the idle connections, and each lent one as it comes back.
    func close() {
        let idle = state.withLock { state -> [OwnedConnection] in
            state.isClosed = true
            defer { state.idle = [] }
            return state.idle
        }
        for connection in idle { connection.database.close() }
    }

    private func giveBack(_ connection: OwnedConnection) {
        let kept = state.withLock { state -> Bool in
            guard !state.isClosed else { return false }
            state.idle.append(connection)
            return true
        }
        if !kept { connection.database.close() }
    }
}
