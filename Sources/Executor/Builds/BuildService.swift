import Usetrace

/// What the executor needs of Usetrace: start a build, follow its status, read its report.
///
/// `UsetraceBuildService` is the real one (over `UsetraceClient`); tests use a scripted fake.
/// `key` is the run's Usetrace project API key (an `APIKey`, so it is never shown).
public protocol BuildService: Sendable {
    /// Starts a build of `target` and returns its build id; throws when it cannot be started
    /// (after the client's own retries of network errors and 5xx answers).
    func startBuild(_ target: BuildTarget, request: BuildRequest, key: APIKey?) async throws -> String
    /// The build's status now; `.notFoundYet` for a 404 (normal for a short while after the start).
    func buildStatus(_ buildId: String, key: APIKey?) async throws -> BuildStatus
    /// The report of a finished build.
    func buildResults(_ buildId: String, key: APIKey?) async throws -> BuildReport
}

/// What one build runs: a trace, or the traces of a tag in a project.
public enum BuildTarget: Sendable, Hashable {
    /// `POST /api/trace/{id}/execute`.
    case trace(id: String)
    /// `POST /api/project/{project}/execute-all` with `tags: [name]`.
    case tag(project: String, name: String)
}
