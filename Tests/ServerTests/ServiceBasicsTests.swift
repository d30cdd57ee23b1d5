import Foundation
import JSON
import Store
import Testing
import WebServer

@testable import Server

/// Routing, errors, health, metrics, the OpenAPI document, private mode and the log, in process.
@Suite struct ServiceBasicsTests {
    @Test func anUnknownPathIs404AndAWrongMethod405InTheErrorShape() throws {
        let harness = try ServiceHarness()
        let missing = harness.request(.get, "/nope")
        #expect(missing.status == 404)
        #expect(missing.headers["Content-Type"] == "application/json; charset=utf-8")
        #expect(missing.json == ["error": ["code": "not_found", "message": "no such path", "details": []]])
        let wrong = harness.request(.get, "/scheduleRun/x")
        #expect(wrong.status == 405)
        #expect(wrong.headers["Allow"] == "POST")
        #expect(wrong.json["error"]?["code"] == "method_not_allowed")
    }

    @Test func anUnexpectedErrorIsA500ThatLeaksNothingAndIsLoggedWithTheRequestId() {
        struct Secret: Error, CustomStringConvertible { var description: String { "disk exploded at /secret" } }
        let lines = LogLines()
        let router = Router(
            routes: [Route(.get, "/boom") { _ in throw Secret() }], log: ServiceLog(sink: lines.sink),
            metrics: Metrics())
        let response = router.handle(ServerRequest(method: .get, target: "/boom", id: "req-42"))
        #expect(response.status == 500)
        #expect(response.json["error"]?["code"] == "internal")
        #expect(!response.text.contains("disk exploded"))
        #expect(response.text.contains("req-42"))
        let error = lines.parsed.first { $0["event"] == "error" }
        #expect(error?["requestId"] == "req-42")
        #expect(error?["message"] == "disk exploded at /secret")
    }

    @Test func headAnswersLikeGet() throws {
        let harness = try ServiceHarness()
        #expect(harness.request(.head, "/healthz").status == 200)
    }

    @Test func healthzSaysOkWhileTheDatabaseAnswers() throws {
        let harness = try ServiceHarness()
        let response = harness.request(.get, "/healthz")
        #expect(response.status == 200)
        #expect(response.json == ["status": "ok"])
    }

    @Test func metricsAreInPrometheusTextFormat() throws {
        let harness = try ServiceHarness()
        let run = try harness.schedule()
        let token = try harness.startCell(run, seq: 1)
        _ = harness.deliver(run, token: token, secret: try harness.secret(run))
        _ = harness.request(.get, "/nope")
        let response = harness.request(.get, "/metrics")
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8")
        let text = response.text
        #expect(text.contains("# TYPE orch_runs gauge\n"))
        #expect(text.contains("orch_runs{status=\"queued\"} 1\n"))
        #expect(text.contains("orch_cells{status=\"passed\"} 1\n"))
        #expect(text.contains("orch_cells{status=\"pending\"} 5\n"))
        #expect(text.contains("orch_webhook_deliveries_total{outcome=\"decided\"} 1\n"))
        #expect(text.contains("orch_http_requests_total{route=\"POST /scheduleRun/{clientId}\",status=\"200\"} 1\n"))
        #expect(text.contains("orch_http_requests_total{route=\"unmatched\",status=\"404\"} 1\n"))
        #expect(
            text.contains(
                "orch_http_request_duration_seconds_bucket{route=\"POST /webhook/{runId}/{token}\",le=\"+Inf\"} 1\n"))
        #expect(!text.contains(ServiceHarness.clientId))
        // Every sample line is `name{labels} number`.
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            #expect(Double(line.split(separator: " ").last ?? "") != nil, "\(line)")
        }
    }

    @Test func theOpenAPIDocumentNamesExactlyTheRoutesTheServerHas() throws {
        let harness = try ServiceHarness()
        let response = harness.request(.get, "/openapi.json")
        #expect(response.status == 200)
        #expect(response.json["openapi"] == "3.1.0")
        let paths = try #require(response.json["paths"]?.objectValue)
        var documented: Set<String> = []
        for (path, item) in paths {
            for method in item.objectValue?.keys ?? [:].keys { documented.insert("\(method.uppercased()) \(path)") }
        }
        let routes = Set(harness.service.router.routes.map(\.name))
        #expect(documented == routes)
        // Every $ref points at a schema the document has.
        let schemas = try #require(response.json["components"]?["schemas"]?.objectValue)
        for ref in references(in: response.json) {
            #expect(schemas[String(ref.dropFirst("#/components/schemas/".count))] != nil, "\(ref)")
        }
    }

    private func references(in value: JSONValue) -> [String] {
        switch value {
        case .object(let members):
            return (members["$ref"]?.stringValue.map { [$0] } ?? []) + members.values.flatMap(references)
        case .array(let items):
            return items.flatMap(references)
        default:
            return []
        }
    }

    @Test func aPrivateServiceShowsAClientOnlyItsOwnRuns() throws {
        let harness = try ServiceHarness(configuration: .init(host: "127.0.0.1", port: 0, isPrivate: true))
        let mine = try harness.schedule()
        let theirs = harness.request(
            .post, "/scheduleRun/\(ServiceHarness.otherClientId)", body: originalOrder
        ).text
        #expect(harness.request(.get, "/api/v1/runs").status == 401)
        #expect(harness.request(.get, "/api/v1/runs/\(mine)").status == 401)
        let page = harness.request(.get, "/api/v1/runs", headers: ServiceHarness.bearer())
        #expect(page.json["runs"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [mine])
        #expect(harness.request(.get, "/api/v1/runs/\(theirs)", headers: ServiceHarness.bearer()).status == 404)
        #expect(harness.request(.get, "/api/v1/runs/\(mine)", headers: ServiceHarness.bearer()).status == 200)
        // A browser sends the id with HTTP Basic.
        let basic = "Basic " + Data(":\(ServiceHarness.clientId)".utf8).base64EncodedString()
        let dashboard = harness.request(.get, "/", headers: ["Authorization": basic])
        #expect(dashboard.status == 200)
        #expect(dashboard.text.contains(mine) && !dashboard.text.contains(theirs))
        let refused = harness.request(.get, "/")
        #expect(refused.status == 401)
        #expect(refused.headers["WWW-Authenticate"] == #"Basic realm="orch""#)
    }

    @Test func everyRequestIsLoggedOnceAsJSONWithoutSecrets() throws {
        let harness = try ServiceHarness()
        let run = try harness.schedule(key: "Usetrace-Key-Secret")
        let token = try harness.startCell(run, seq: 1)
        let secret = try harness.secret(run)
        _ = harness.deliver(run, token: token, secret: secret)
        _ = harness.request(.get, "/api/v1/runs/\(run)")
        let requests = harness.lines.parsed.filter { $0["event"] == "request" }
        #expect(requests.count == 3)
        #expect(
            requests.map { $0["route"] } == [
                "POST /scheduleRun/{clientId}", "POST /webhook/{runId}/{token}", "GET /api/v1/runs/{id}",
            ])
        #expect(requests.map { $0["status"] } == [200, 200, 200])
        #expect(requests.allSatisfy { $0["durationMs"]?.intValue != nil || $0["durationMs"] != nil })
        let everything = harness.lines.all.joined(separator: "\n")
        for secretText in [ServiceHarness.clientId, "Usetrace-Key-Secret", token, secret] {
            #expect(!everything.contains(secretText))
        }
    }
}
