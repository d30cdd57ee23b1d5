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
    var writes: Int
    var transactions: Int
    var cpuSeconds: Double
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
        let before = store.writeStatistics
        let cpuBefore = Self.cpuSeconds()
        let started = ContinuousClock.now
        let status = try await driver.run()
        let wall = (ContinuousClock.now - started).seconds
        let cpu = Self.cpuSeconds() - cpuBefore
        let (calls, http) = builds.timings.withLock { ($0.calls, $0.seconds) }
        let after = store.writeStatistics
        return InProcessFigures(
            status: status, wall: wall, calls: calls, httpSeconds: http, writes: after.writes - before.writes,
            transactions: after.transactions - before.transactions, cpuSeconds: cpu, peakKB: PeakMemory.kilobytes())
    }

    /// User and system CPU time of this process so far.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return user + system
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
