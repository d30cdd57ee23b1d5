import Crypto
import Foundation
import JSON
import Testing
import WebServer

@testable import usetrace_sim

@Suite("usetrace-sim: live, over HTTP")
struct SimulatorLiveTests {
    @Test func aFinishedBuildPostsASignedWebhookAndAnswersItsResults() async throws {
        let received = RequestLog()
        try await withServer(handler: {
            received.record($0)
            return .text("ok")
        }) { receiver in
            let simulator = Simulator(
                configuration: try simulatorConfiguration(#"{"requiredKey": "K3y", "defaultDurationMs": 0}"#),
                logFile: nil)
            try await withServer(handler: simulator.handle) { server in
                let body = #"""
                    {"requiredCapabilities": [{"browserName": "chrome"}],
                     "reporters": [{"webhook": {"url": "http://127.0.0.1:\#(receiver.port)/webhook/run1/tok1",
                                                "secretKey": "s3cret", "username": "u", "password": "p"}}]}
                    """#
                let head =
                    "POST /api/trace/login/execute%@ HTTP/1.1\r\nHost: t\r\nContent-Length: \(body.utf8.count)\r\n\r\n"
                let refused = try await exchange(
                    port: server.port, head.replacingOccurrences(of: "%@", with: ""), body: Array(body.utf8))
                #expect(refused.status == 401)
                let wrong = try await exchange(
                    port: server.port, head.replacingOccurrences(of: "%@", with: "?key=K3z"), body: Array(body.utf8))
                #expect(wrong.status == 401)
                let started = try await exchange(
                    port: server.port, head.replacingOccurrences(of: "%@", with: "?key=K3y"), body: Array(body.utf8))
                #expect(started.status == 200)
                let id = started.text
                #expect(id.count == 22)

                #expect(try await eventually { received.all.count == 1 })
                let webhook = try #require(received.last)
                #expect(webhook.path == "/webhook/run1/tok1")
                #expect(webhook.headers["Content-Type"] == "application/json")
                #expect(
                    webhook.headers["Signature"]
                        == Digest.hmacSHA256Hex(key: Array("s3cret".utf8), message: webhook.body))
                #expect(webhook.headers["Authorization"] == "Basic dTpw")

                let status = try await exchange(
                    port: server.port, "GET /api/build/\(id)/status?key=K3y HTTP/1.1\r\nHost: t\r\n\r\n")
                let statusJSON = try JSONValue.parse(status.text)
                #expect(statusJSON["status"] == "FINISHED")
                #expect(statusJSON["summary"] == ["request": 1, "finish": 1, "pass": 1, "fail": 0])
                let results = try await exchange(
                    port: server.port, "GET /api/build/\(id)/results/json?key=K3y HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(results.body == webhook.body)
                let unknown = try await exchange(
                    port: server.port, "GET /api/build/nope/status?key=K3y HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(unknown.status == 404)

                let log = try await exchange(port: server.port, "GET /_sim/log HTTP/1.1\r\nHost: t\r\n\r\n")
                let events = try JSONValue.parse(log.text).arrayValue ?? []
                let names = events.compactMap { $0["event"]?.stringValue }
                #expect(names.prefix(4) == ["refused", "refused", "start", "finish"])
                #expect(names.contains("webhook"))
                #expect(!log.text.contains("K3y") && !log.text.contains("s3cret"))
            }
        }
    }

    @Test func theConfigurationCanBeReplacedAndTheStateReset() async throws {
        let simulator = Simulator(configuration: SimulatorConfiguration(), logFile: nil)
        try await withServer(handler: simulator.handle) { server in
            let config = #"{"faults": {"startFailures": 1, "startStatus": 502}}"#
            let set = try await exchange(
                port: server.port,
                "POST /_sim/config HTTP/1.1\r\nHost: t\r\nContent-Length: \(config.utf8.count)\r\n\r\n\(config)")
            #expect(set.status == 200)
            let body = #"{"requiredCapabilities": [{"browserName": "chrome"}]}"#
            let start =
                "POST /api/project/p/execute-all HTTP/1.1\r\nHost: t\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
            #expect(try await exchange(port: server.port, start).status == 502)
            #expect(try await exchange(port: server.port, start).status == 200)
            let bad = try await exchange(
                port: server.port, "POST /_sim/config HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\n[]")
            #expect(bad.status == 400)
            #expect(
                try await exchange(
                    port: server.port, "POST /_sim/reset HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n"
                ).status == 200)
            let log = try await exchange(port: server.port, "GET /_sim/log HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(log.text == "[]")
        }
    }
}
