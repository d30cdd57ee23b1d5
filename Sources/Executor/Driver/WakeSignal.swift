import Synchronization

/// Wakes the driver's loop early: a follower that decided a cell signals, so the next cells start
/// at once instead of at the next poll.
final class WakeSignal: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    /// Wakes the current wait, or the next one if nobody waits now.
    func signal() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.pending = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Waits until a signal, `duration` of `clock` time, or the task's cancellation, whichever comes first.
    func wait(upTo duration: Duration, clock: any RunClock) async {
        let timer = Task { [weak self] in
            guard (try? await clock.sleep(for: duration)) != nil else { return }
            self?.signal()
        }
        defer { timer.cancel() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.pending {
                        state.pending = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            signal()
        }
        // A timer that fired just as a signal woke this wait leaves `pending` set: harmless, one extra tick.
    }
}
