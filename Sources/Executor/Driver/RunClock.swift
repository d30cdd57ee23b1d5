import Foundation

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

    /// `Task.sleep(for:)`.
    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}

extension Duration {
    /// A duration of `interval` seconds (negative intervals give zero).
    static func seconds(interval: TimeInterval) -> Duration {
        .milliseconds(Int64((max(0, interval) * 1000).rounded(.up)))
    }
}
