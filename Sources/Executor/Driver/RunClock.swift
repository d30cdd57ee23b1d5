import Dispatch
import Foundation
import Synchronization

/// The driver's clock: the time now, and sleeping. Injected so tests run minutes of a run in milliseconds.
public protocol RunClock: Sendable {
    /// The current time.
    func now() -> Date
    /// Sleeps for `duration` of this clock's time; throws `CancellationError` when the task is cancelled.
    func sleep(for duration: Duration) async throws
}

/// The real clock: wall time and `Task.sleep`.
public struct SystemRunClock: RunClock {
    /// The system clock.
    public init() {}

    /// The wall-clock time.
    public func now() -> Date { Date() }

    /// Sleeps on a dispatch timer; throws `CancellationError` at once when the task is cancelled.
    ///
    /// Not `Task.sleep`: on Linux a cancelled `Task.sleep` stays registered until its deadline
    /// would have come, and the driver cancels long sleeps all the time (every build start waits
    /// on its cell's time-out, an hour by default), so a busy service kept the memory of every
    /// cell started in the last hour. A cancelled dispatch timer is released when cancelled.
    public func sleep(for duration: Duration) async throws {
        let timer = CancellableTimer()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                timer.start(after: duration, continuation)
            }
        } onCancel: {
            timer.cancel()
        }
    }
}

/// One sleep: a dispatch timer that resumes its continuation once, when it fires or when it is
/// cancelled (whichever comes first; a cancel that comes before the start ends the sleep at once).
private final class CancellableTimer: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Void, any Error>?
        var source: TimerSource?
        var cancelled = false
    }

    private let state = Mutex(State())

    func start(after duration: Duration, _ continuation: CheckedContinuation<Void, any Error>) {
        let proceed = state.withLock { state -> Bool in
            guard !state.cancelled else { return false }
            state.continuation = continuation
            return true
        }
        guard proceed else {
            continuation.resume(throwing: CancellationError())
            return
        }
        let (seconds, attoseconds) = duration.components
        let nanoseconds = max(0, seconds) * 1_000_000_000 + max(0, attoseconds) / 1_000_000_000
        let source = DispatchSource.makeTimerSource(queue: .global())
        source.schedule(deadline: .now() + .nanoseconds(Int(clamping: nanoseconds)))
        source.setEventHandler { [self] in finish(with: nil) }
        // Resumed before it is kept: dispatch forbids releasing a source that was never resumed.
        source.resume()
        let kept = state.withLock { state -> Bool in
            guard state.continuation != nil else { return false }
            state.source = TimerSource(timer: source)
            return true
        }
        // Cancelled (or fired) before it was kept: nobody else will cancel it.
        if !kept { source.cancel() }
    }

    func cancel() {
        finish(with: CancellationError())
    }

    private func finish(with error: (any Error)?) {
        let (continuation, source) = state.withLock { state in
            if error != nil { state.cancelled = true }
            defer {
                state.continuation = nil
                state.source = nil
            }
            return (state.continuation, state.source)
        }
        source?.timer.cancel()
        if let error { continuation?.resume(throwing: error) } else { continuation?.resume() }
    }
}

extension Duration {
    /// A duration of `interval` seconds (negative intervals give zero).
    static func seconds(interval: TimeInterval) -> Duration {
        .milliseconds(Int64((max(0, interval) * 1000).rounded(.up)))
    }
}

/// A dispatch timer held in a `Mutex`.
///
/// `@unchecked Sendable`: a dispatch source's `resume` and `cancel` may be called from any thread.
private struct TimerSource: @unchecked Sendable {
    let timer: any DispatchSourceTimer
}
