import Executor
import Usetrace

/// A `BuildService` that times every call to the one it wraps and counts its failures in `Metrics`.
public struct MeasuredBuildService: BuildService {
    private let base: any BuildService
    private let metrics: Metrics

    /// Wraps `base`, recording into `metrics`.
    public init(_ base: any BuildService, metrics: Metrics) {
        self.base = base
        self.metrics = metrics
    }

    /// Starts a build (timed as the `start` call).
    public func startBuild(_ target: BuildTarget, request: BuildRequest, key: APIKey?) async throws -> String {
        try await measure("start") { try await base.startBuild(target, request: request, key: key) }
    }

    /// A build's status (timed as the `status` call).
    public func buildStatus(_ buildId: String, key: APIKey?) async throws -> BuildStatus {
        try await measure("status") { try await base.buildStatus(buildId, key: key) }
    }

    /// A finished build's report (timed as the `results` call).
    public func buildResults(_ buildId: String, key: APIKey?) async throws -> BuildReport {
        try await measure("results") { try await base.buildResults(buildId, key: key) }
    }

    private func measure<T>(_ call: String, _ body: () async throws -> T) async throws -> T {
        let started = ContinuousClock.now
        do {
            let value = try await body()
            metrics.recordUsetraceCall(call, seconds: (ContinuousClock.now - started).seconds, failed: false)
            return value
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            metrics.recordUsetraceCall(call, seconds: (ContinuousClock.now - started).seconds, failed: true)
            throw error
        }
    }
}
