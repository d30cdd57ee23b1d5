import CProcessShims
import Dispatch
import Foundation
import Glibc
import Synchronization

/// Reads a command's output pipe into a bounded tail on its own thread, until end of file or `finish`.
///
/// It owns the read end of the output pipe and a wake-up pipe, and closes them when its thread ends.
final class OutputPipeReader: Sendable {
    private let fd: Int32
    private let wake: (read: Int32, write: Int32)
    private let tail: Mutex<OutputTail>
    private let done = DispatchSemaphore(value: 0)

    init(fd: Int32, limit: Int) {
        self.fd = fd
        var fds: [Int32] = [-1, -1]
        // Without a wake-up pipe, `finish` cannot interrupt a read; the reader then ends at end of file.
        wake = orch_pipe_cloexec(&fds) == 0 ? (fds[0], fds[1]) : (-1, -1)
        tail = Mutex(OutputTail(limit: limit))
    }

    /// Starts the reading thread.
    func start() {
        let thread = Thread { [self] in
            self.readUntilEnd()
            self.done.signal()
        }
        thread.name = "orch-command-output"
        thread.start()
    }

    /// Waits (on the calling dedicated thread) for end of file for at most `drainFor`, then stops the
    /// reader after it took what is already in the pipe; returns the tail.
    func finish(drainFor: Duration) -> OutputTail {
        if done.wait(timeout: .now() + drainFor.timeInterval) == .timedOut {
            if wake.write >= 0 {
                var byte: UInt8 = 1
                _ = write(wake.write, &byte, 1)
            }
            done.wait()
        }
        if wake.write >= 0 { close(wake.write) }
        return tail.withLock { $0 }
    }

    private func readUntilEnd() {
        defer {
            close(fd)
            if wake.read >= 0 { close(wake.read) }
        }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var fds = [
            pollfd(fd: fd, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0),
        ]
        var woken = false
        while true {
            // After a wake-up, only what is already in the pipe is taken (poll with no wait).
            let ready = poll(&fds, nfds_t(wake.read >= 0 ? 2 : 1), woken ? 0 : -1)
            if ready < 0 {
                if errno == EINTR { continue }
                return
            }
            if ready == 0 { return }
            if fds[1].revents != 0 { woken = true }
            if fds[0].revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count == 0 { return }
                if count < 0 {
                    if errno == EINTR || errno == EAGAIN { continue }
                    return
                }
                buffer.withUnsafeBytes { bytes in
                    tail.withLock { $0.append(UnsafeRawBufferPointer(rebasing: bytes[..<count])) }
                }
            } else if woken {
                return
            }
        }
    }
}
