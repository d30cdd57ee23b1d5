import HTTPClient
import Usetrace

/// The `BuildService` over Usetrace's API: one `UsetraceClient` per call, configured with the
/// run's key, all sharing one HTTP transport (and its connections).
public struct UsetraceBuildService: BuildService {
    /// The API base and patience; its `apiKey` is replaced by each call's run key.
    public let configuration: UsetraceConfiguration
    private let transport: any HTTPTransport

    /// A service for the API at `configuration.baseURL` over `transport`.
    public init(configuration: UsetraceConfiguration, transport: any HTTPTransport) {
        self.configuration = configuration
        self.transport = transport
    }

    /// A service over its own `HTTPClient`.
    public init(configuration: UsetraceConfiguration) {
        self.init(configuration: configuration, transport: HTTPClient())
    }

    private func client(_ key: APIKey?) -> UsetraceClient {
        var configuration = configuration
        configuration.apiKey = key ?? configuration.apiKey
        return UsetraceClient(configuration: configuration, transport: transport)
    }

    /// Starts the trace, or the tag's execute-all build in its project, with the run's key.
    public func startBuild(_ target: BuildTarget, request: BuildRequest, key: APIKey?) async throws -> String {
        switch target {
        case .trace(let id):
            try await client(key).startTraceBuild(traceId: id, request: request)
        case .tag(let project, let name):
            try await client(key).startTagBuild(projectId: project, tags: [name], request: request)
        }
    }

    /// The build's status, with the run's key.
    public func buildStatus(_ buildId: String, key: APIKey?) async throws -> BuildStatus {
        try await client(key).status(buildId: buildId)
    }

    /// The finished build's report, with the run's key.
    public func buildResults(_ buildId: String, key: APIKey?) async throws -> BuildReport {
        try await client(key).results(buildId: buildId)
    }
}
