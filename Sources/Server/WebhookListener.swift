import Executor
import Foundation
import Store
import WebServer

/// The webhook routes alone, for one run driven in this process: what `orch run --public-url`
/// listens with on `--port` for the run's duration.
///
/// A signed delivery decides its cell in the store and wakes `driver`; a hint makes it ask
/// Usetrace at once (`HintChecks`); deliveries for other runs are refused as unknown (404).
public final class WebhookListener: Sendable {
    private let webServer: WebServer

    /// A listener on `host`:`port` for run `runId` of `store`, driven by `driver` against `builds`.
    public init(
        store: Store, runId: String, driver: RunDriver, builds: any BuildService, host: String, port: Int,
        log: ServiceLog = ServiceLog(sink: { _ in })
    ) {
        let metrics = Metrics()
        let hints = HintChecks(store: store, builds: builds, log: log)
        let routes = WebhookRoutes.routes(
            receiver: WebhookReceiver(store: store), metrics: metrics, log: log,
            reactions: WebhookRoutes.Reactions(
                decided: { _ in driver.refresh() }, hinted: { await hints.hint($0, driver: driver) }),
            onlyRun: runId)
        let router = Router(routes: routes, log: log, metrics: metrics)
        webServer = WebServer(
            configuration: WebServer.Configuration(host: host, port: port, maxConnections: 64, threading: .pool(1)),
            observer: router.observer
        ) { request in router.handle(request) }
    }

    /// Starts listening; throws the web server's error (the port is taken).
    public func start() throws {
        try webServer.start()
    }

    /// The port listened on.
    public var port: Int { webServer.port }

    /// Stops listening, answering the deliveries in flight first.
    public func stop() async {
        await webServer.stop(grace: .seconds(2))
    }
}
