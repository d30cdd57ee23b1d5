import Store
import Synchronization

/// The service's counters and histograms, rendered for `GET /metrics` in Prometheus's text format.
///
/// Requests are counted by route name (the pattern, never the concrete path) and status; webhook
/// deliveries by outcome; Usetrace calls by call, with latency and errors. Run and cell counts
/// are read from the store at each scrape, so they are right after a restart too.
public final class Metrics: Sendable {
    private struct RequestKey: Hashable {
        let route: String
        let status: Int
    }

    private struct State {
        var requests: [RequestKey: Int] = [:]
        var requestDurations: [String: Histogram] = [:]
        var webhooks: [String: Int] = [:]
        var usetraceDurations: [String: Histogram] = [:]
        var usetraceErrors: [String: Int] = [:]
    }

    private let state = Mutex(State())

    /// Empty metrics.
    public init() {}

    /// Counts one answered request and its duration.
    public func recordRequest(route: String, status: Int, seconds: Double) {
        state.withLock { state in
            state.requests[RequestKey(route: route, status: status), default: 0] += 1
            state.requestDurations[route, default: Histogram()].observe(seconds)
        }
    }

    /// Counts one webhook delivery by what it did.
    public func recordWebhook(_ outcome: WebhookOutcome) {
        state.withLock { $0.webhooks[outcome.rawValue, default: 0] += 1 }
    }

    /// Counts one call to Usetrace (`start`, `status`, `results`), its latency, and whether it failed.
    public func recordUsetraceCall(_ call: String, seconds: Double, failed: Bool) {
        state.withLock { state in
            state.usetraceDurations[call, default: Histogram()].observe(seconds)
            if failed { state.usetraceErrors[call, default: 0] += 1 }
        }
    }

    /// How many deliveries had `outcome` so far.
    public func webhookCount(_ outcome: WebhookOutcome) -> Int {
        state.withLock { $0.webhooks[outcome.rawValue] ?? 0 }
    }

    /// The exposition text, with the run and cell counts given.
    public func render(runs: [RunStatus: Int], cells: CellCounts) -> String {
        let state = state.withLock { $0 }
        var out = PrometheusText()
        out.family("orch_runs", type: "gauge", help: "Runs in the database by status.")
        for status in RunStatus.allCases {
            out.sample("orch_runs", [("status", status.rawValue)], Double(runs[status] ?? 0))
        }
        out.family("orch_cells", type: "gauge", help: "Cells of every run in the database by status.")
        for status in CellStatus.allCases {
            out.sample("orch_cells", [("status", status.rawValue)], Double(cells[status]))
        }
        out.family(
            "orch_webhook_deliveries_total", type: "counter", help: "Webhook deliveries received, by what they did.")
        for outcome in WebhookOutcome.allCases {
            out.sample(
                "orch_webhook_deliveries_total", [("outcome", outcome.rawValue)],
                Double(state.webhooks[outcome.rawValue] ?? 0))
        }
        out.family(
            "orch_usetrace_call_duration_seconds", type: "histogram", help: "Latency of calls to Usetrace, by call.")
        for call in state.usetraceDurations.keys.sorted() {
            if let histogram = state.usetraceDurations[call] {
                out.histogram("orch_usetrace_call_duration_seconds", [("call", call)], histogram)
            }
        }
        out.family("orch_usetrace_call_errors_total", type: "counter", help: "Calls to Usetrace that failed, by call.")
        for call in Set(state.usetraceDurations.keys).union(state.usetraceErrors.keys).sorted() {
            out.sample("orch_usetrace_call_errors_total", [("call", call)], Double(state.usetraceErrors[call] ?? 0))
        }
        out.family("orch_http_requests_total", type: "counter", help: "HTTP requests answered, by route and status.")
        for key in state.requests.keys.sorted(by: { ($0.route, $0.status) < ($1.route, $1.status) }) {
            out.sample(
                "orch_http_requests_total", [("route", key.route), ("status", String(key.status))],
                Double(state.requests[key] ?? 0))
        }
        out.family(
            "orch_http_request_duration_seconds", type: "histogram", help: "Time to answer HTTP requests, by route.")
        for route in state.requestDurations.keys.sorted() {
            if let histogram = state.requestDurations[route] {
                out.histogram("orch_http_request_duration_seconds", [("route", route)], histogram)
            }
        }
        return out.text
    }
}
