import Foundation
import HTTPClient
import JSON
import TestFixtures
import Testing

/// `orch serve` end to end: the built binary with the real `usetrace-sim`, each test with its own
/// simulator, database and server on free loopback ports. One test at a time (they time runs).
@Suite(.serialized) struct ServeTests {
    /// Traces of the README order take `durationMs`; the tag `goon` runs one trace.
    static func simulator(durationMs: Int = 60, extra: [String: JSONValue] = [:]) -> JSONValue {
        var members: [String: JSONValue] = [
            "defaultDurationMs": .int(Int64(durationMs)), "acceptedMs": 10, "tags": ["goon": ["TraceOfGoon"]],
        ]
        for (key, value) in extra { members[key] = value }
        return .object(members)
    }

    /// The run's first step.
    static func firstStep(_ run: JSONValue) -> JSONValue? {
        run["steps"]?.arrayValue?.first
    }

    /// The run's steps' statuses.
    static func statuses(_ run: JSONValue) -> [String] {
        run["steps"]?.arrayValue?.compactMap { $0["status"]?.stringValue } ?? []
    }

    /// Stage-order breaches of a run document: a cell that started before every cell of an
    /// earlier stage had finished.
    static func orderViolations(_ run: JSONValue) -> [String] {
        let steps = run["steps"]?.arrayValue ?? []
        var violations: [String] = []
        for later in steps {
            for earlier in steps where (earlier["stage"]?.intValue ?? 0) < (later["stage"]?.intValue ?? 0) {
                let started = later["startedAt"]?.stringValue ?? ""
                let finished = earlier["finishedAt"]?.stringValue ?? "9"
                if started < finished {
                    violations.append("cell \(later["seq"] ?? .null) before \(earlier["seq"] ?? .null)")
                }
            }
        }
        return violations
    }

    @Test func theOriginalReadmeFlowWorksUnchanged() async throws {
        let s = try await ServeScenario(Self.simulator(extra: ["requiredKey": "Project-Key-Secret"]))
        // Polls only every minute: webhooks are what moves the run on.
        let server = try await s.serve(pollInterval: "60s")
        try s.folder.write("test_order.json", readmeOrder)
        let curl = try await Binaries.run(
            "/usr/bin/curl",
            [
                "-s", "-X", "POST", "-H", "Content-Type: application/json", "-d", "@test_order.json",
                "\(server.url)/scheduleRun/\(s.clientId)?key=Project-Key-Secret",
            ], directory: s.folder.path)
        #expect(curl.status == 0)
        let id = curl.stdout
        #expect(id.count == 22, "the run id as plain text: \(id.debugDescription)")
        #expect(try await s.waitUntil { try await server.run(id)["status"] == "passed" })
        let run = try await server.run(id)
        #expect(Self.statuses(run) == Array(repeating: "passed", count: 6))
        #expect(Self.orderViolations(run) == [])
        #expect(run["steps"]?.arrayValue?.allSatisfy { $0["attempts"] == 1 } == true)
        // Each cell's build was started once, with the key, and reported by a signed webhook.
        let log = try await s.simulator.log()
        #expect(log.filter { $0["event"] == "start" }.count == 6)
        #expect(log.filter { $0["event"] == "refused" }.isEmpty)
        let webhooks = log.filter { $0["event"] == "webhook" }
        #expect(webhooks.count == 6)
        #expect(webhooks.allSatisfy { $0["signed"] == true && $0["httpStatus"] == 200 })
        // getRuns lists it: HTML, and JSON on request.
        let page = try await server.send(.get, "/getRuns/")
        #expect(page.status == 200)
        #expect(page.text.contains(id))
        let list = try await server.send(.get, "/getRuns", headers: ["Accept": "application/json"])
        #expect((try JSONValue.parse(Data(list.body)))["runs"]?.arrayValue?.first?["id"] == .string(id))
        // Secrets stay out of the log.
        let everything = server.log.joined(separator: "\n")
        #expect(!everything.contains(s.clientId))
        #expect(!everything.contains("Project-Key-Secret"))
        #expect(server.events.contains { $0["event"] == "webhook" && $0["outcome"] == "decided" })
        #expect(
            server.events.filter { $0["event"] == "request" }.allSatisfy { $0["route"] != nil && $0["status"] != nil })
    }

    @Test func aForgedUnsignedWebhookDoesNotPassAFailingCell() async throws {
        let s = try await ServeScenario(
            Self.simulator(extra: [
                "traces": ["TraceOfGoon": ["durationMs": 1500, "outcome": "fail", "error": "Element not found: #pay"]]
            ]))
        let server = try await s.serve(pollInterval: "60s")
        let response = try await server.send(.post, "/scheduleRun/\(s.clientId)", body: readmeOrder)
        let id = response.text
        #expect(try await s.waitUntil { Self.firstStep(try await server.run(id))?["buildId"] ?? .null != .null })
        // The original service advanced on any POST: a forged "passed" report on its path.
        let forged = try await server.send(
            .post, "/webhook/\(id)", body: #"{"tests":1,"failures":0,"errors":0,"testCase":[]}"#,
            headers: ["Content-Type": "application/json"])
        #expect(forged.status == 202)
        #expect(Self.firstStep(try await server.run(id))?["status"] == "running")
        #expect(try await s.waitUntil { try await server.run(id)["status"] == "failed" })
        let run = try await server.run(id)
        #expect(Self.statuses(run) == ["failed", "failed", "skipped", "skipped", "skipped", "skipped"])
        #expect(try await s.simulator.starts().count == 2)
    }

    @Test func aRepeatedSignedDeliveryDoesNotAdvanceTwice() async throws {
        let s = try await ServeScenario(
            Self.simulator(extra: ["faults": ["webhook": ["mode": "repeat", "repeat": 3]]]))
        let server = try await s.serve(pollInterval: "60s")
        let id = try await server.send(.post, "/scheduleRun/\(s.clientId)", body: readmeOrder).text
        #expect(try await s.waitUntil { try await server.run(id)["status"] == "passed" })
        // Wait for the last repeats to arrive, then check nothing moved twice.
        #expect(try await s.waitUntil { try await s.simulator.log().filter { $0["event"] == "webhook" }.count == 18 })
        let run = try await server.run(id)
        #expect(run["steps"]?.arrayValue?.allSatisfy { $0["attempts"] == 1 } == true)
        #expect(try await s.simulator.starts().count == 6)
        let outcomes = server.events.filter { $0["event"] == "webhook" }.compactMap { $0["outcome"]?.stringValue }
        #expect(outcomes.filter { $0 == "decided" }.count == 6)
        #expect(outcomes.filter { $0 == "repeated" }.count == 12)
        let metrics = try await server.send(.get, "/metrics").text
        #expect(metrics.contains("orch_webhook_deliveries_total{outcome=\"repeated\"} 12\n"))
    }

    @Test func lostWebhooksAreRecoveredByPolling() async throws {
        let s = try await ServeScenario(Self.simulator(extra: ["faults": ["webhook": ["mode": "lost"]]]))
        let server = try await s.serve(pollInterval: "100ms")
        let id = try await server.send(.post, "/scheduleRun/\(s.clientId)", body: readmeOrder).text
        #expect(try await s.waitUntil { try await server.run(id)["status"] == "passed" })
        #expect(server.events.filter { $0["event"] == "webhook" }.isEmpty)
        #expect(try await s.simulator.log().contains { $0["event"] == "status" })
    }

    @Test func anUnknownRunAndABadTokenAre404AndChangeNothing() async throws {
        let s = try await ServeScenario(Self.simulator(durationMs: 800))
        let server = try await s.serve(pollInterval: "60s")
        let id = try await server.send(.post, "/scheduleRun/\(s.clientId)", body: readmeOrder).text
        // Every running cell (the first stage's two) has its build id: nothing changes from here on
        // for 800 ms but what the deliveries below might do.
        #expect(
            try await s.waitUntil {
                let steps = try await server.run(id)["steps"]?.arrayValue ?? []
                let running = steps.filter { $0["status"] == "running" }
                return running.count == 2 && running.allSatisfy { $0["buildId"] ?? .null != .null }
            })
        let before = try await server.run(id)
        let report = #"{"tests":1,"failures":0,"errors":0,"testCase":[]}"#
        let unknownRun = try await server.send(.post, "/webhook/NoSuchRun0123456789abc/token", body: report)
        let badToken = try await server.send(.post, "/webhook/\(id)/NoSuchToken", body: report)
        let unknownOriginal = try await server.send(.post, "/webhook/NoSuchRun0123456789abc", body: report)
        let statuses: [Int] = [unknownRun.status, badToken.status, unknownOriginal.status]
        #expect(statuses == [404, 404, 404])
        #expect((try JSONValue.parse(Data(badToken.body)))["error"]?["code"] == "unknown_token")
        #expect(try await server.run(id) == before)
    }

    @Test func fiftyRunsScheduledAtOnceEachFinishInOrder() async throws {
        let s = try await ServeScenario(Self.simulator(durationMs: 30))
        let server = try await s.serve(pollInterval: "1s")
        let ids = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    let response = try await server.send(.post, "/scheduleRun/\(s.clientId)", body: readmeOrder)
                    guard response.status == 200 else { throw ScenarioFailure("scheduleRun: \(response.status)") }
                    return response.text
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(ids).count == 50)
        #expect(
            try await s.waitUntil(60) {
                let list = try await server.send(.get, "/api/v1/runs?status=passed&limit=100")
                return (try JSONValue.parse(Data(list.body)))["runs"]?.arrayValue?.count == 50
            })
        for id in ids {
            let run = try await server.run(id)
            #expect(Self.statuses(run) == Array(repeating: "passed", count: 6), "\(id)")
            #expect(Self.orderViolations(run) == [], "\(id)")
        }
        #expect(try await s.simulator.starts().count == 300)
    }

    @Test func anInvalidPlanIs400ListingEveryProblemAndNothingIsStored() async throws {
        let s = try await ServeScenario()
        let server = try await s.serve()
        let plan = "version: 1\ncapabilities: [chrom]\nsteps:\n  - trace: A\n    retires: 2\n  - tag: goon\n"
        let response = try await server.send(
            .post, "/scheduleRun/\(s.clientId)", body: plan, headers: ["Content-Type": "application/yaml"])
        #expect(response.status == 400)
        let error = try JSONValue.parse(Data(response.body))["error"]
        #expect(error?["code"] == "invalid_plan")
        #expect(error?["details"]?.arrayValue?.map { $0["line"] ?? .null } == [2, 5, 6])
        let list = try await server.send(.get, "/api/v1/runs")
        #expect((try JSONValue.parse(Data(list.body)))["runs"] == [])
    }

    @Test func anUnknownClientIs404AndNothingIsStored() async throws {
        let s = try await ServeScenario()
        let server = try await s.serve()
        let response = try await server.send(.post, "/scheduleRun/not-a-client", body: readmeOrder)
        #expect(response.status == 404)
        let list = try await server.send(.get, "/api/v1/runs")
        #expect((try JSONValue.parse(Data(list.body)))["runs"] == [])
    }

    @Test func aBodyOverOneMebibyteIs413() async throws {
        let s = try await ServeScenario()
        let server = try await s.serve()
        let body = String(repeating: " ", count: (1 << 20) + 1)
        let response = try await server.send(.post, "/scheduleRun/\(s.clientId)", body: body)
        #expect(response.status == 413)
        #expect((try JSONValue.parse(Data(response.body)))["error"]?["code"] == "body_too_large")
    }

    @Test func killNineMidRunThenRestartFinishesEveryRunWithEachCellRunOnce() async throws {
        let s = try await ServeScenario(Self.simulator(durationMs: 400))
        let first = try await s.serve(pollInterval: "100ms")
        var ids: [String] = []
        for _ in 0..<5 { ids.append(try await first.send(.post, "/scheduleRun/\(s.clientId)", body: readmeOrder).text) }
        // Kill it while the second stage runs.
        #expect(
            try await s.waitUntil {
                try await first.run(ids[0])["steps"]?.arrayValue?.contains {
                    $0["stage"] == 2 && $0["status"] == "running"
                }
                    == true
            })
        first.send(SIGKILL)
        _ = try await first.wait()

        let second = try await s.serve(pollInterval: "100ms")
        #expect(
            try await s.waitUntil {
                second.events.contains { $0["event"] == "serve.started" && $0["resumedRuns"] == 5 }
            })
        for id in ids {
            #expect(try await s.waitUntil { try await second.run(id)["status"] == "passed" }, "\(id)")
            let run = try await second.run(id)
            #expect(run["steps"]?.arrayValue?.allSatisfy { $0["attempts"] == 1 } == true)
        }
        // Every cell's build was started once; a start that was in flight at the kill (no build
        // id recorded yet) is started again, and the resumed driver says so (the first start of
        // such a cell may or may not have reached Usetrace before the kill).
        let restarted = second.events.filter {
            $0["event"] == "run.notice" && ($0["message"]?.stringValue ?? "").hasPrefix("starting attempt 1 again")
        }.count
        let starts = try await s.simulator.starts().count
        let notices = second.events.filter { $0["event"] == "run.notice" }.compactMap { $0["message"]?.stringValue }
        #expect((30...(30 + restarted)).contains(starts), "starts \(starts), restarts \(restarted), notices \(notices)")
    }

    @Test func sigtermLetsRequestsInFlightFinishAndExitsZeroWithNothingLost() async throws {
        let s = try await ServeScenario(Self.simulator(durationMs: 200))
        let server = try await s.serve(pollInterval: "100ms")
        let port = Int(server.url.split(separator: ":").last ?? "") ?? 0
        let body = readmeOrder
        let length = body.utf8.count
        let half = String(body.prefix(length / 2))
        let rest = String(body.dropFirst(length / 2))
        let clientId = s.clientId
        // A request in flight: its head and half its body are sent before the signal.
        let request = try await onOwnThread {
            let connection = try RawConnection(port: port, readTimeout: 20)
            try connection.send(
                "POST /scheduleRun/\(clientId) HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: \(length)\r\n\r\n" + half)
            return connection
        }
        // And some runs under way.
        var ids: [String] = []
        for _ in 0..<3 {
            ids.append(try await server.send(.post, "/scheduleRun/\(s.clientId)", body: readmeOrder).text)
        }
        try await Task.sleep(for: .milliseconds(100))
        server.send(SIGTERM)
        try await Task.sleep(for: .milliseconds(200))
        let answer = try await onOwnThread {
            try request.send(rest)
            return try request.readResponse()
        }
        #expect(answer.status == 200)
        ids.append(answer.text)
        #expect(try await server.wait() == 0)
        #expect(server.events.contains { $0["event"] == "serve.stopped" })

        // Nothing was lost: the next start finishes every run, the in-flight one too.
        let next = try await s.serve(pollInterval: "100ms")
        for id in ids {
            #expect(try await s.waitUntil { try await next.run(id)["status"] == "passed" }, "\(id)")
        }
    }
}
