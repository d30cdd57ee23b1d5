import Synchronization

/// The first signal that came, for an async task to wait on.
final class SignalLatch: Sendable {
    private let state = Mutex<(fired: Int32?, waiter: CheckedContinuation<Int32, Never>?)>((nil, nil))

    /// Records a signal (only the first counts) and wakes the waiter.
    func fire(_ number: Int32) {
        let waiter = state.withLock { state -> CheckedContinuation<Int32, Never>? in
            guard state.fired == nil else { return nil }
            state.fired = number
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: number)
    }

    /// Waits for the first signal.
    func wait() async -> Int32 {
        await withCheckedContinuation { continuation in
            let fired = state.withLock { state -> Int32? in
                if let fired = state.fired { return fired }
                state.waiter = continuation
                return nil
            }
            if let fired { continuation.resume(returning: fired) }
        }
    }
}
