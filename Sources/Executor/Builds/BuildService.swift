import JSON

/// What the executor needs of Usetrace: start a build, follow its status, read its results.
///
/// The Usetrace client conforms in `UsetraceClient+BuildService.swift`; tests use a scripted fake.
/// `key` is the run's Usetrace project API key (a secret: never put it in an error or a log).
public protocol BuildService: Sendable {
    /// Starts a build and returns its build id; throws when it cannot be started (after the
    /// client's own retries of network errors and 5xx answers).
    func startBuild(_ request: BuildRequest, key: String?) async throws -> String
    /// The build's status now; `.notFound` for a 404 (normal for a short while after the start).
    func buildStatus(_ buildId: String, key: String?) async throws -> BuildStatus
    /// The results report of a finished build.
    func buildResults(_ buildId: String, key: String?) async throws -> BuildResults
}
