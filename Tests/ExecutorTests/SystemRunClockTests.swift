import Foundation
import Testing

@testable import Executor

/// The real clock's sleeps: they last as long as asked, and a cancelled one ends at once.
@Suite struct SystemRunClockTests {
    @Test func aSleepLastsAtLeastItsDuration() async throws {
        let started = ContinuousClock.now
        try await SystemRunClock().sleep(for: .milliseconds(30))
        #expect(ContinuousClock.now - started >= .milliseconds(30))
    }

    @Test func aCancelledLongSleepThrowsCancellationAtOnce() async throws {
        let started = ContinuousClock.now
        let sleeper = Task { try await SystemRunClock().sleep(for: .seconds(3600)) }
        try await Task.sleep(for: .milliseconds(20))
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func aSleepInAnAlreadyCancelledTaskThrowsAtOnce() async throws {
        let sleeper = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await SystemRunClock().sleep(for: .seconds(3600))
        }
        await #expect(throws: CancellationError.self) { try await sleeper.value }
    }
}
