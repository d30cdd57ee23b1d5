import Foundation
import Store
import WebServer

/// What the routes of one service share: the store, the run registry, the webhook receiver,
/// metrics, the log, and the service's options.
struct RouteContext: Sendable {
    let store: Store
    let registry: RunRegistry
    let receiver: WebhookReceiver
    let metrics: Metrics
    let log: ServiceLog
    /// `serve --private`: every read needs a client id and shows only that client's runs.
    let isPrivate: Bool
    /// `serve --allow-commands`: plans submitted over HTTP may have command steps.
    let allowsCommands: Bool
    /// Where command steps of submitted plans run (recorded with each run).
    let workingDirectory: String?

    /// Runs `work` after the handler has answered, off the web server's thread.
    func afterAnswer(_ work: @escaping @Sendable () async -> Void) {
        Task { await work() }
    }
}

extension ServerRequest {
    /// Whether the client asked for JSON (`Accept` names `application/json`).
    var wantsJSON: Bool {
        headers["Accept"]?.lowercased().contains("application/json") ?? false
    }
}
