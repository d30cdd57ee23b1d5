import Executor
import JSON
import WebServer

/// The service's own state: `GET /healthz` (200 `{"status": "ok"}` while the database answers,
/// 503 otherwise) and `GET /metrics` (Prometheus text format).
enum HealthRoutes {
    static func routes(_ context: RouteContext) -> [Route] {
        [
            Route(.get, "/healthz") { _ in
                do {
                    try context.store.ping()
                } catch {
                    throw APIError.unavailable
                }
                return .json(#"{"status":"ok"}"#)
            },
            Route(.get, "/metrics") { _ in
                let text = context.metrics.render(
                    runs: try context.store.runCounts(), cells: try context.store.allCellCounts())
                return ServerResponse(
                    status: 200, headers: ["Content-Type": PrometheusText.contentType], body: Array(text.utf8))
            },
        ]
    }
}
