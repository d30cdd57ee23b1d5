import Foundation
import Testing

@testable import Store

@Suite struct WebhookDeliveryTests {
    @Test func aWebhookTokenCanBeClaimedOnlyOnce() throws {
        let store = try Store.openTemporary()
        let run = try store.createRun(plan: Fixtures.plan()).id
        let first = try store.write { tx in
            try tx.claimWebhookToken(
                "token-1", run: run, seq: 1, attempt: 1, outcome: "decided", bodySHA256: "ab", at: Fixtures.time(1))
        }
        let repeated = try store.write { tx in
            try tx.claimWebhookToken(
                "token-1", run: run, seq: 1, attempt: 1, outcome: "decided", bodySHA256: "cd", at: Fixtures.time(2))
        }
        #expect(first)
        #expect(!repeated)
        #expect(
            try store.webhookDeliveries(run: run) == [
                WebhookDeliveryRecord(
                    runId: run, seq: 1, attempt: 1, outcome: "decided", bodySHA256: "ab", receivedAt: Fixtures.time(1))
            ])
    }

    @Test func aClaimRolledBackWithItsTransactionLeavesTheTokenFree() throws {
        let store = try Store.openTemporary()
        let run = try store.createRun(plan: Fixtures.plan()).id
        #expect(throws: TestFailure.self) {
            try store.write { tx in
                _ = try tx.claimWebhookToken(
                    "token-1", run: run, seq: 1, attempt: 1, outcome: "decided", bodySHA256: "ab", at: Fixtures.time(1))
                throw TestFailure()
            }
        }
        #expect(try store.webhookDeliveries(run: run).isEmpty)
        let claimed = try store.write { tx in
            let claimed = try tx.claimWebhookToken(
                "token-1", run: run, seq: 1, attempt: 1, outcome: "pending", bodySHA256: "ab", at: Fixtures.time(1))
            _ = try tx.setWebhookDeliveryOutcome("token-1", outcome: "stale")
            return claimed
        }
        #expect(claimed)
        #expect(try store.webhookDeliveries(run: run).map(\.outcome) == ["stale"])
    }

    @Test func everyCellIsCountedByStatusAcrossRuns() throws {
        let store = try Store.openTemporary()
        let first = try store.createRun(plan: Fixtures.plan()).id
        _ = try store.createRun(plan: Fixtures.plan(stages: 1))
        _ = try store.write { tx in
            try tx.updateCell(
                run: first, seq: 1, expectedAttempt: 0, expectedStatus: .pending, set: [.status(.running)])
        }
        let counts = try store.allCellCounts()
        #expect(counts[.pending] == 5)
        #expect(counts[.running] == 1)
        #expect(counts.total == 6)
    }
}
