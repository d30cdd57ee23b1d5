import JSON
import WebServer

/// Webhook deliveries from Usetrace: `POST /webhook/{runId}/{token}` (what orch gives Usetrace)
/// and the original service's `POST /webhook/{runId}` (only a hint).
///
/// The answer comes as soon as the delivery is committed; what it causes next (the driver
/// advancing the run, or asking Usetrace after a hint) is started after it.
public enum WebhookRoutes {
    /// What a delivery makes happen after the answer.
    public struct Reactions: Sendable {
        /// A delivery decided a cell of the run: its driver should reload now.
        public var decided: @Sendable (_ runId: String) async -> Void
        /// A delivery was only a hint: the run's running builds should be checked at Usetrace now.
        public var hinted: @Sendable (_ runId: String) async -> Void

        /// Reactions from their two parts.
        public init(
            decided: @escaping @Sendable (_ runId: String) async -> Void,
            hinted: @escaping @Sendable (_ runId: String) async -> Void
        ) {
            self.decided = decided
            self.hinted = hinted
        }
    }

    /// The two webhook routes over `receiver`, counting outcomes in `metrics` and logging them to
    /// `log`; with `onlyRun`, deliveries for any other run are answered as for an unknown run.
    public static func routes(
        receiver: WebhookReceiver, metrics: Metrics, log: ServiceLog, reactions: Reactions, onlyRun: String? = nil
    ) -> [Route] {
        @Sendable func deliver(_ request: Route.Request, token: String?) throws -> ServerResponse {
            if let onlyRun, request[parameter: "runId"] != onlyRun {
                metrics.recordWebhook(.unknownRun)
                throw APIError.unknownRun
            }
            let receipt = try receiver.receive(
                runId: request[parameter: "runId"], token: token,
                signature: request.request.headers[WebhookSignature.headerName], body: request.request.body)
            metrics.recordWebhook(receipt.outcome)
            var fields: [String: JSONValue] = [
                "requestId": .string(request.request.id), "runId": .string(receipt.runId),
                "outcome": .string(receipt.outcome.rawValue),
            ]
            if let seq = receipt.seq { fields["seq"] = .int(Int64(seq)) }
            if let transition = receipt.transition { fields["to"] = .string(transition.status.rawValue) }
            log.event("webhook", fields)
            switch receipt.outcome {
            case .unknownRun: throw APIError.unknownRun
            case .unknownToken: throw APIError.unknownToken
            case .decided:
                Task { await reactions.decided(receipt.runId) }
            case .unsigned, .badSignature, .originalPath, .unreadable:
                Task { await reactions.hinted(receipt.runId) }
            case .repeated, .stale:
                break
            }
            let body: JSONValue = ["outcome": .string(receipt.outcome.rawValue)]
            return .json(body.canonicalText, status: receipt.outcome.httpStatus)
        }
        return [
            Route(.post, "/webhook/{runId}/{token}") { try deliver($0, token: $0[parameter: "token"]) },
            Route(.post, "/webhook/{runId}") { try deliver($0, token: nil) },
        ]
    }

    /// The webhook routes of a service: reactions through its run registry.
    static func routes(_ context: RouteContext) -> [Route] {
        let registry = context.registry
        return routes(
            receiver: context.receiver, metrics: context.metrics, log: context.log,
            reactions: Reactions(
                decided: { await registry.refresh($0) }, hinted: { await registry.check($0) }))
    }
}
