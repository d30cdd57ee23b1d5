import Foundation
import Synchronization

/// Runs `operation`, giving up at `deadline` on `clock`: `nil` when the deadline came first.
///
/// The operation runs in its own task, cancelled when the deadline comes (or the caller is
/// cancelled) but not waited for: an operation that ignores cancellation cannot hold a time-out back.
func withDeadline<T: Sendable>(
    _ deadline: Date, clock: any RunClock, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T? {
    let work = Task { try await operation() }
    let outcome = OnceResult<T?>()
    Task {
        do { outcome.resolve(.success(try await work.value)) } catch { outcome.resolve(.failure(error)) }
    }
    let timer = Task {
        let wait = Duration.seconds(interval: deadline.timeIntervalSince(clock.now()))
        // A cancelled sleep means the work won (or the caller was cancelled): nothing to do.
        guard (try? await clock.sleep(for: wait)) != nil else { return }
        outcome.resolve(.success(nil))
    }
    let result = await withTaskCancellationHandler {
        await outcome.value()
    } onCancel: {
        outcome.resolve(.failure(CancellationError()))
    }
    work.cancel()
    timer.cancel()
    return try result.get()
}

/// A continuation resumed by whichever of several tasks answers first; later answers are dropped.
private final class OnceResult<T: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Result<T, any Error>, Never>?
        var early: Result<T, any Error>?
        var done = false
    }

    private let state = Mutex(State())

    /// Waits for the first answer.
    func value() async -> Result<T, any Error> {
        await withCheckedContinuation { continuation in
            let early = state.withLock { state -> Result<T, any Error>? in
                if let early = state.early { return early }
                state.continuation = continuation
                return nil
            }
            if let early { continuation.resume(returning: early) }
        }
    }

    /// Gives the answer, unless one was given already.

    func resolve(_ result: Result<T, any Error>) {
        let continuation = state.withLock { state -> CheckedContinuation<Result<T, any Error>, Never>? in
            guard !state.done else { return nil }
            state.done = true
            guard let continuation = state.continuation else {
                state.early = result
                return nil
            }
            state.continuation = nil
            return continuation
        }
        continuation?.resume(returning: result)
    }
}
