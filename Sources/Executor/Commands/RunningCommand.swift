import Dispatch
import Foundation
import Glibc
import Synchronization

/// A command subprocess that is running (or has ended): its pid, its result once it ends, and a way to stop it.
///
/// Two dedicated threads follow it: one reads the output pipe into the tail, one waits for the
/// shell to exit. Time-outs and `terminate()` kill the whole process group: SIGTERM, then
/// SIGKILL after the grace.
public final class RunningCommand: Sendable {
    /// The shell's pid, which is also its process group's id.
    public let pid: Int32

    private let startedAt: ContinuousClock.Instant
    private let killGrace: Duration
    private let state = Mutex(State())

    private struct State {
        var result: CommandResult?
        var waiters: [CheckedContinuation<CommandResult, Never>] = []
        var stop: CommandResult.Stop?
    }

    init(
        pid: Int32, output: Int32, startedAt: ContinuousClock.Instant, timeout: Duration?, outputLimit: Int,
        killGrace: Duration
    ) {
        self.pid = pid
        self.startedAt = startedAt
        self.killGrace = killGrace
        let tail = OutputPipeReader(fd: output, limit: outputLimit)
        tail.start()
        let waiter = Thread { [self] in self.waitForExit(reader: tail) }
        waiter.name = "orch-command-\(pid)"
        waiter.start()
        if let timeout {
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout.timeInterval) { [weak self] in
                self?.stop(.timedOut)
            }
        }
    }

    /// The process group the command runs in.
    public var group: ProcessGroup { ProcessGroup(id: pid) }

    /// Waits (without blocking a thread) until the command has ended and its output is read.
    public func result() async -> CommandResult {
        await withCheckedContinuation { continuation in
            let ready: CommandResult? = state.withLock { state in
                if let result = state.result { return result }
                state.waiters.append(continuation)
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// Kills the process group (SIGTERM, then SIGKILL after the grace); the result says `terminated`.
    public func terminate() {
        stop(.terminated)
    }

    /// Kills the process group (SIGTERM, then SIGKILL after the grace); the result's `stop` says
    /// `reason`. Does nothing once the command has ended or was stopped already.
    public func stop(_ reason: CommandResult.Stop) {
        let first = state.withLock { state in
            guard state.result == nil, state.stop == nil else { return false }
            state.stop = reason
            return true
        }
        guard first else { return }
        group.send(SIGTERM)
        let group = self.group
        DispatchQueue.global().asyncAfter(deadline: .now() + killGrace.timeInterval) {
            if group.isAlive { group.send(SIGKILL) }
        }
    }

    /// Runs on the waiter thread: reaps the shell, waits for a killed group to be gone, collects the output.
    private func waitForExit(reader: OutputPipeReader) {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let duration = ContinuousClock.now - startedAt

        let stop = state.withLock { $0.stop }
        if stop != nil {
            // The shell is gone; its children get the same signals. Return once they are gone too.
            let giveUpAt = ContinuousClock.now + killGrace + .seconds(2)
            while group.isAlive, ContinuousClock.now < giveUpAt { usleep(10_000) }
        }
        // A child left running in the background may hold the pipe open: read what is there, then stop.
        let tail = reader.finish(drainFor: .milliseconds(200))

        let signalled = status & 0x7f
        let result = CommandResult(
            pid: pid, exitStatus: signalled == 0 ? (status >> 8) & 0xff : nil,
            signal: signalled != 0 && signalled != 0x7f ? signalled : nil, stop: stop, output: tail.text,
            outputTruncated: tail.isTruncated, duration: duration)
        let waiters = state.withLock { state in
            state.result = result
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: result) }
    }
}

extension Duration {
    /// Seconds as a `TimeInterval`, for Dispatch and Foundation.
    var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
