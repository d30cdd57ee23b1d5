import Executor
import Foundation
import JSON
import Store
import WebServer

/// `orch serve`: the HTTP service and the executor in one process.
///
/// The web server answers the original endpoints, the JSON API, webhooks and the dashboard; the
/// run registry drives every run to its end, resuming at start each run that had not ended.
/// Lifecycle: `init` → `start()` → `stop(grace:)`, which stops accepting, lets requests in
/// flight finish, then stops the drivers (their runs stay `running` in the store, to be resumed
/// by the next start: nothing accepted is lost).
public final class Service: Sendable {
    /// What the service listens on and how it runs plans.
    public struct Configuration: Sendable {
        /// The address to listen on (`--host`, `ORCH_HOST`).
        public var host: String
        /// The port (`--port`, `PORT`); 0 picks a free one.
        public var port: Int
        /// The base of the webhook URLs given to Usetrace (`--public-url`); `nil`: `http://localhost:PORT`.
        public var publicURL: String?
        /// How often running builds are polled when no webhook came (`--poll-interval`).
        public var pollInterval: Duration
        /// Every read needs a client id and shows only that client's runs (`--private`).
        public var isPrivate: Bool
        /// Plans submitted over HTTP may have command steps (`--allow-commands`): they run on this machine.
        public var allowsCommands: Bool
        /// Where command steps run (default: the current folder).
        public var workingDirectory: String?
        /// The most runs driven at once; later ones wait, queued, in order.
        public var maxActiveRuns: Int
        /// The web server's limits: body size, connection time-out, connections, threads.
        public var maxBodyBytes: Int
        /// How long a connection may stay idle or half-sent.
        public var connectionTimeout: Duration
        /// How long a request may take to arrive in full (headers and body), however steadily
        /// it is sent; the connection is closed past it.
        public var requestDeadline: Duration
        /// The most connections open at once.
        public var maxConnections: Int
        /// The most connections open at once from one client address (0: no limit).
        public var maxConnectionsPerIP: Int
        /// Web server threads: a fixed pool of this many, or (nil, the default) a thread for
        /// each connection.
        ///
        /// A handler waits for the disk (each accepted run and webhook is synced before the
        /// answer), and a pool thread serves its connections one request at a time, so with a pool
        /// a connection whose thread waits on another's commit waits too, and connections are not
        /// spread evenly over the threads. Measured here (2 cores, 16 clients): a thread for each
        /// connection took 3,600-4,100 scheduleRun requests a second with p99 9-11 ms, against
        /// 2,500-3,200 with p99 12-20 ms for a pool of 32; at a steady 2,500 a second, the pool
        /// fell behind (p99 of seconds) and the threads per connection did not.
        public var threadCount: Int?
        /// How long a 404 for a build's status means "not known yet" after its start.
        public var notFoundWindow: Duration

        /// A configuration; the defaults are those of interfaces.md.
        public init(
            host: String = "0.0.0.0", port: Int = 3000, publicURL: String? = nil, pollInterval: Duration = .seconds(5),
            isPrivate: Bool = false, allowsCommands: Bool = false, workingDirectory: String? = nil,
            maxActiveRuns: Int = 256, maxBodyBytes: Int = 1 << 20, connectionTimeout: Duration = .seconds(30),
            requestDeadline: Duration = .seconds(10), maxConnections: Int = 1000, maxConnectionsPerIP: Int = 256,
            threadCount: Int? = nil,
            notFoundWindow: Duration = .seconds(60)
        ) {
            self.host = host
            self.port = port
            self.publicURL = publicURL
            self.pollInterval = pollInterval
            self.isPrivate = isPrivate
            self.allowsCommands = allowsCommands
            self.workingDirectory = workingDirectory
            self.maxActiveRuns = maxActiveRuns
            self.maxBodyBytes = maxBodyBytes
            self.connectionTimeout = connectionTimeout
            self.requestDeadline = requestDeadline
            self.maxConnections = maxConnections
            self.maxConnectionsPerIP = maxConnectionsPerIP
            self.threadCount = threadCount
            self.notFoundWindow = notFoundWindow
        }
    }

    /// The configuration the service was made with.
    public let configuration: Configuration
    /// The store.
    public let store: Store
    /// The service's metrics.
    public let metrics: Metrics
    /// The runs being driven.
    public let registry: RunRegistry
    /// The routes.
    public let router: Router
    private let log: ServiceLog
    private let webServer: WebServer

    /// A service over `store`, starting builds with `builds`, logging to `log`; nothing listens until `start()`.
    public init(configuration: Configuration, store: Store, builds: any BuildService, log: ServiceLog = ServiceLog()) {
        self.configuration = configuration
        self.store = store
        self.log = log
        let metrics = Metrics()
        self.metrics = metrics
        let registry = RunRegistry(
            store: store, builds: MeasuredBuildService(builds, metrics: metrics), log: log,
            maxActive: configuration.maxActiveRuns)
        self.registry = registry
        let context = RouteContext(
            store: store, registry: registry, receiver: WebhookReceiver(store: store), metrics: metrics, log: log,
            isPrivate: configuration.isPrivate, allowsCommands: configuration.allowsCommands,
            workingDirectory: configuration.workingDirectory ?? FileManager.default.currentDirectoryPath)
        let router = Router(routes: Self.routes(context), log: log, metrics: metrics)
        self.router = router
        webServer = WebServer(
            configuration: WebServer.Configuration(
                host: configuration.host, port: configuration.port, maxBodyBytes: configuration.maxBodyBytes,
                connectionTimeout: configuration.connectionTimeout, requestDeadline: configuration.requestDeadline,
                maxConnections: configuration.maxConnections, maxConnectionsPerIP: configuration.maxConnectionsPerIP,
                threading: configuration.threadCount.map { .pool($0) } ?? .perConnection),
            observer: router.observer
        ) { request in router.handle(request) }
    }

    /// Every route of the service, in the order they are tried.
    static func routes(_ context: RouteContext) -> [Route] {
        ScheduleRunRoutes.routes(context) + WebhookRoutes.routes(context) + RunListRoutes.routes(context)
            + RunRoutes.routes(context) + RunControlRoutes.routes(context) + ValidateRoute.routes(context)
            + HealthRoutes.routes(context) + OpenAPIRoute.routes(context) + DashboardRoutes.routes(context)
    }

    /// Binds the port, then resumes every run that had not ended and starts driving new ones.
    /// Throws the web server's error (the port is taken) or the store's.
    public func start() async throws {
        try webServer.start()
        let settings = RunDriverSettings(
            pollInterval: configuration.pollInterval, publicURL: publicURL,
            workingDirectory: configuration.workingDirectory, notFoundWindow: configuration.notFoundWindow)
        let store = self.store
        // Runs another live orch process drives (`orch run` on the same database) are left to it.
        let unfinished = try await DriverClaim.claimUnclaimed(
            BlockingCall.run { try store.unfinishedRunIds() }, in: store)
        await registry.begin(settings: settings, resuming: unfinished)
        log.event(
            "serve.started",
            [
                "host": .string(configuration.host), "port": .int(Int64(port)), "publicUrl": .string(publicURL),
                "resumedRuns": .int(Int64(unfinished.count)), "private": .bool(configuration.isPrivate),
                "allowCommands": .bool(configuration.allowsCommands),
            ])
    }

    /// The port listened on (the real one when 0 was asked); 0 before `start()`.
    public var port: Int { webServer.port }

    /// The base of the webhook URLs: `--public-url`, else `http://localhost:PORT` (or the host
    /// listened on, when that is one address rather than every interface).
    public var publicURL: String {
        if let url = configuration.publicURL { return url }
        let host = configuration.host
        let name =
            ["", "0.0.0.0", "::", "[::]"].contains(host) ? "localhost" : host.contains(":") ? "[\(host)]" : host
        return "http://\(name):\(port)"
    }

    /// Stops gracefully: no new connections, requests in flight answered (for up to `grace`),
    /// then every driver stopped. Runs not ended stay so in the store, for the next start.
    public func stop(grace: Duration = .seconds(10)) async {
        log.event("serve.stopping", ["requestsInFlight": .int(Int64(webServer.requestsInFlight))])
        await webServer.stop(grace: grace)
        await registry.stop()
        log.event("serve.stopped")
    }
}
