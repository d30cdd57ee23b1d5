import Synchronization

/// One open connection as the request deadline sees it: its socket, and the time by which the
/// request it is reading must be whole.
final class OpenConnection: Sendable {
    /// The connection's socket descriptor (MHD's: shut down by the sweep, never closed by us).
    let fd: Int32
    /// Monotonic nanoseconds by which the request being read must be whole; `Int64.max` while
    /// none is being read (the handler runs, or the answer is being sent).
    let readBy: Atomic<Int64>
    /// Set once the sweep has shut the socket down, so it does so once.
    let isShutDown = Atomic<Bool>(false)

    init(fd: Int32, readBy: Int64) {
        self.fd = fd
        self.readBy = Atomic(readBy)
    }
}
