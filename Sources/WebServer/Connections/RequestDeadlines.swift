import CMicroHTTPDShims
import Foundation
import Synchronization

/// The open connections, each with the time by which its current request must be read in full;
/// a sweep shuts down the socket of each connection past it.
///
/// Why the descriptor the sweep shuts down is still the connection's: the sweep runs holding
/// `open`'s lock, and MHD's CLOSED notification (`closed(_:)`) takes the same lock before the
/// descriptor can be closed. libmicrohttpd 0.9.75 sends that notification before it closes the
/// socket, on every path (the connection's thread in thread-per-connection mode; the cleanup of
/// the polling threads; a connection that fails while being added), so a descriptor in `open`
/// has not been closed, and so not reused for another file. The sweep only shuts the socket
/// down: MHD's next read sees the end, and MHD closes the connection on its own thread.
final class RequestDeadlines: Sendable {
    /// How long a request may take to arrive, in nanoseconds.
    let deadline: Int64
    /// How long a kept-alive connection may wait before its next request begins, in nanoseconds.
    let idleAllowance: Int64
    private let open = Mutex<[ObjectIdentifier: OpenConnection]>([:])

    init(deadline: Duration, idleAllowance: Duration) {
        self.deadline = Self.nanoseconds(deadline)
        self.idleAllowance = Self.nanoseconds(idleAllowance)
    }

    /// A connection was accepted: its first request must be read within the deadline from now.
    func opened(fd: Int32) -> OpenConnection {
        let connection = OpenConnection(fd: fd, readBy: Self.now() &+ deadline)
        open.withLock { $0[ObjectIdentifier(connection)] = connection }
        return connection
    }

    /// MHD is closing the connection (its socket is still open): forget it.
    func closed(_ connection: OpenConnection) {
        _ = open.withLock { $0.removeValue(forKey: ObjectIdentifier(connection)) }
    }

    /// A request line arrived: the request must be whole within the deadline from now at the latest.
    func requestBegan(on connection: OpenConnection) {
        connection.readBy.min(Self.now() &+ deadline, ordering: .relaxed)
    }

    /// The request was read in full (or answered early): no deadline while it is answered.
    func requestRead(on connection: OpenConnection) {
        connection.readBy.store(.max, ordering: .relaxed)
    }

    /// A request was completed: the next one on this connection may wait for the idle time-out to
    /// begin (MHD closes an idle connection), then has the deadline.
    func requestCompleted(on connection: OpenConnection) {
        connection.readBy.store(Self.now() &+ idleAllowance &+ deadline, ordering: .relaxed)
    }

    /// Shuts down the socket of every connection past its deadline; returns how many.
    @discardableResult
    func sweep() -> Int {
        let now = Self.now()
        return open.withLock { open in
            var count = 0
            for connection in open.values where connection.readBy.load(ordering: .relaxed) < now {
                guard !connection.isShutDown.exchange(true, ordering: .relaxed) else { continue }
                _ = orch_mhd_shutdown_socket(connection.fd)
                count += 1
            }
            return count
        }
    }

    /// How often to sweep: a fifth of the deadline, between 5 ms and 500 ms.
    var sweepInterval: Double {
        min(max(Double(deadline) / 5e9, 0.005), 0.5)
    }

    /// Monotonic nanoseconds (CLOCK_MONOTONIC).
    static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Int64(time.tv_sec) &* 1_000_000_000 &+ Int64(time.tv_nsec)
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        // Capped far below overflow: readBy adds the idle allowance and the deadline to `now`.
        guard seconds < 1_000_000_000 else { return 1_000_000_000 * 1_000_000_000 }
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
