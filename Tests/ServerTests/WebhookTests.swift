import Foundation
import JSON
import Store
import Synchronization
import Testing
import WebServer

@testable import Server

/// Webhook deliveries in process: what decides a cell, what is only a hint, what changes nothing.
@Suite struct WebhookTests {
    @Test func aSignedDeliveryDecidesItsCellAndIsRecordedWithItsToken() throws {
        let harness = try ServiceHarness()
        let run = try harness.schedule()
        let token = try harness.startCell(run, seq: 1)
        let response = harness.deliver(run, token: token, secret: try harness.secret(run))
        #expect(response.status == 200)
        #expect(response.json == ["outcome": "decided"])
        let cell = try #require(try harness.store.cell(run: run, seq: 1))
        #expect(cell.status == .passed)
        #expect(cell.summary == ["request": 1, "finish": 1, "pass": 1, "fail": 0])
        #expect(try harness.store.attempts(run: run, seq: 1).first?.report == FakeBuilds.report(failed: false))
        #expect(try harness.store.webhookDeliveries(run: run).map(\.outcome) == ["decided"])
        #expect(harness.service.metrics.webhookCount(.decided) == 1)
    }

    @Test func aSignedFailingReportFailsItsCell() throws {
        let harness = try ServiceHarness()
        let run = try harness.schedule()
        let token = try harness.startCell(run, seq: 1)
        let response = harness.deliver(
            run, token: token, report: FakeBuilds.report(failed: true), secret: try harness.secret(run))
        #expect(response.status == 200)
        let cell = try #require(try harness.store.cell(run: run, seq: 1))
        #expect(cell.status == .failed)
        #expect(cell.error == "1 of 1 test failed: chrome: Login: Element not found: #submit")
    }

    @Test func aRepeatedSignedDeliveryChangesNothing() throws {
        let harness = try ServiceHarness()
        let run = try harness.schedule()
        let token = try harness.startCell(run, seq: 1)
        let secret = try harness.secret(run)
        #expect(harness.deliver(run, token: token, secret: secret).json == ["outcome": "decided"])
        let events = try harness.store.events(run: run)
        let repeated = harness.deliver(run, token: token, report: FakeBuilds.report(failed: true), secret: secret)
        #expect(repeated.status == 200)
        #expect(repeated.json == ["outcome": "repeated"])
        #expect(try harness.store.cell(run: run, seq: 1)?.status == .passed)
        #expect(try harness.store.events(run: run) == events)
        #expect(try harness.store.webhookDeliveries(run: run).count == 1)
    }

    @Test func racingRepeatsOfOneDeliveryDecideOnce() throws {
        let harness = try ServiceHarness()
        let run = try harness.schedule()
        let token = try harness.startCell(run, seq: 1)
        let secret = try harness.secret(run)
        let outcomes = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            let outcome = harness.deliver(run, token: token, secret: secret).json["outcome"]?.stringValue ?? "?"
            outcomes.withLock { $0.append(outcome) }
        }
        let all = outcomes.withLock { $0 }
        #expect(all.filter { $0 == "decided" }.count == 1)
        #expect(all.filter { $0 == "repeated" }.count == 7)
        #expect(try harness.store.events(run: run).filter { $0.kind == .cellPassed }.count == 1)
    }

    @Test func aForgedUnsignedDeliveryIsOnlyAHintAndPassesNothing() throws {
        let harness = try ServiceHarness()
        let run = try harness.schedule()
        let token = try harness.startCell(run, seq: 1)
        let unsigned = harness.deliver(run, token: token, secret: nil)
        #expect(unsigned.status == 202)
        #expect(unsigned.json == ["outcome": "unsigned"])
        let wronglySigned = harness.deliver(run, token: token, secret: "not-the-secret")
        #expect(wronglySigned.status == 202)
        #expect(wronglySigned.json == ["outcome": "bad_signature"])
        #expect(try harness.store.cell(run: run, seq: 1)?.status == .running)
        // A hint does not use the token up: the real delivery still decides.
        #expect(harness.deliver(run, token: token, secret: try harness.secret(run)).json == ["outcome": "decided"])
    }

    @Test func theOriginalPathIsOnlyAHint() throws {
        let harness = try ServiceHarness()
        let run = try harness.schedule()
        try harness.startCell(run, seq: 1)
        for path in ["/webhook/\(run)", "/webhook/\(run)/"] {
            let response = harness.request(.post, path, body: FakeBuilds.report(failed: false).canonicalText)
            #expect(response.status == 202)
            #expect(response.json == ["outcome": "original_path"])
        }
        #expect(try harness.store.cell(run: run, seq: 1)?.status == .running)
    }

    @Test func anUnknownRunOrABadTokenIs404AndChangesNothing() throws {
        let harness = try ServiceHarness()
        let run = try harness.schedule()
        let other = try harness.schedule()
        let otherToken = try harness.startCell(other, seq: 1)
        try harness.startCell(run, seq: 1)
        let before = try harness.store.events(run: run)
        let secret = try harness.secret(run)
        let cases = [
            harness.deliver("NoSuchRun", token: "whatever", secret: secret),
            harness.deliver("NoSuchRun", token: nil, secret: secret),
            harness.deliver(run, token: "not-a-token", secret: secret),
            // A real token, but of another run.
            harness.deliver(run, token: otherToken, secret: secret),
        ]
        #expect(cases.map(\.status) == [404, 404, 404, 404])
        #expect(
            cases.map { $0.json["error"]?["code"] } == ["unknown_run", "unknown_run", "unknown_token", "unknown_token"])
        #expect(try harness.store.events(run: run) == before)
        #expect(try harness.store.cell(run: other, seq: 1)?.status == .running)
    }

    @Test func aLateDeliveryForAnEndedCellChangesNothing() throws {
        let harness = try ServiceHarness()
        let run = try harness.schedule()
        let token = try harness.startCell(run, seq: 1)
        // A poll decided the cell first.
        _ = try harness.store.write { tx in
            try tx.updateCell(
                run: run, seq: 1, expectedAttempt: 1, expectedStatus: .running, set: [.status(.failed)])
        }
        let late = harness.deliver(run, token: token, secret: try harness.secret(run))
        #expect(late.status == 200)
        #expect(late.json == ["outcome": "stale"])
        #expect(try harness.store.cell(run: run, seq: 1)?.status == .failed)
    }

    @Test func aDeliveryForAnEarlierAttemptChangesNothing() throws {
        let harness = try ServiceHarness()
        let run = try harness.schedule()
        let first = try harness.startCell(run, seq: 1)
        _ = try harness.store.write { tx in
            try tx.updateCell(run: run, seq: 1, expectedAttempt: 1, expectedStatus: .running, set: [.status(.pending)])
        }
        try harness.startCell(run, seq: 1, attempt: 2)
        let late = harness.deliver(run, token: first, secret: try harness.secret(run))
        #expect(late.json == ["outcome": "stale"])
        let cell = try #require(try harness.store.cell(run: run, seq: 1))
        #expect(cell.status == .running && cell.attempt == 2)
    }

    @Test func aSignedBodyThatIsNoReportIsOnlyAHint() throws {
        let harness = try ServiceHarness()
        let run = try harness.schedule()
        let token = try harness.startCell(run, seq: 1)
        let response = harness.deliver(run, token: token, report: ["hello": "world"], secret: try harness.secret(run))
        #expect(response.status == 202)
        #expect(response.json == ["outcome": "unreadable"])
        #expect(try harness.store.cell(run: run, seq: 1)?.status == .running)
    }

    @Test func theSignatureIsLowercaseHexHMACSHA256OfTheExactBody() {
        let body = Array(#"{"tests":1}"#.utf8)
        // Computed independently: printf '{"tests":1}' | openssl dgst -sha256 -hmac key
        let signature = WebhookSignature.sign(body, secret: "key")
        #expect(signature == "d52b67b067f1bb8c9a9def320e99c44c6aa4104721099e6ed95251c05a18dfb4")
        #expect(WebhookSignature.isValid(" \(signature) ", body: body, secret: "key"))
        #expect(!WebhookSignature.isValid(signature, body: body + [32], secret: "key"))
        #expect(!WebhookSignature.isValid(signature, body: body, secret: "other"))
        #expect(!WebhookSignature.isValid("", body: body, secret: "key"))
    }
}
