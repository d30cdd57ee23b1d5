import Executor
import Foundation
import HTTPClient
import PlanCompiler
import Store
import Synchronization
import Usetrace

/// What the in-process run measured.
struct InProcessFigures {
    var status: RunStatus
    var wall: Double
    var calls: Int
    var httpSeconds: Double
    var transactions: Int
    var peakKB: Int
}

/// A RunDriver over the real Usetrace client and store, with every Usetrace call timed.
enum InProcessRun {
    static func measure(
        plan: CompiledPlan, database: String, usetraceURL: String, pollMs: Int
    ) async throws
        -> InProcessFigures
    {
        let store = try Store.open(path: database)
        let run = try store.createRun(plan: plan)
        let builds = TimedBuildService(UsetraceBuildService(configuration: UsetraceConfiguration(baseURL: usetraceURL)))
        let driver = RunDriver(
            store: store, runId: run.id, builds: builds,
            settings: RunDriverSettings(pollInterval: .milliseconds(pollMs)))
        let started = ContinuousClock.now
        let status = try await driver.run()
        let wall = (ContinuousClock.now - started).seconds
        let (calls, http) = builds.timings.withLock { ($0.calls, $0.seconds) }
        // Every write transaction of the driver appends one event in an all-passing run (so does
        // creating the run): the event count is the transaction count.
        let transactions = try store.events(run: run.id).count
        return InProcessFigures(
            status: status, wall: wall, calls: calls, httpSeconds: http, transactions: transactions,
            peakKB: PeakMemory.kilobytes())
    }
}

/// A `BuildService` that adds up the time spent in each call of the one it wraps.
final class TimedBuildService: BuildService {
    struct Timings {
        var calls = 0
        var seconds = 0.0
    }

    let inner: UsetraceBuildService
    let timings = Mutex(Timings())

    init(_ inner: UsetraceBuildService) {
        self.inner = inner
    }

    private func timed<T>(_ call: () async throws -> T) async rethrows -> T {
        let started = ContinuousClock.now
        defer {
            let elapsed = (ContinuousClock.now - started).seconds
            timings.withLock {
                $0.calls += 1
                $0.seconds += elapsed
            }
        }
        return try await call()
    }

    func startBuild(_ target: BuildTarget, request: BuildRequest, key: APIKey?) async throws -> String {
        try await timed { try await inner.startBuild(target, request: request, key: key) }
    }

    func buildStatus(_ buildId: String, key: APIKey?) async throws -> BuildStatus {
        try await timed { try await inner.buildStatus(buildId, key: key) }
    }

    func buildResults(_ buildId: String, key: APIKey?) async throws -> BuildReport {
        try await timed { try await inner.buildResults(buildId, key: key) }
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
