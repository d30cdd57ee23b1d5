import Foundation
import Testing

@testable import Store

@Suite struct StoreErrorTests {
    @Test func aFailedStatementsErrorCarriesItsSQLButNoBoundValue() throws {
        let store = try Store.openTemporary()
        let secret = "sk_live_very_secret_value"
        let error = try #require(throws: StoreError.self) {
            try store.write {
                try $0.appendEvent(run: secret, kind: .runStarted, detail: ["key": .string(secret)], at: Date())
            }
        }
        #expect(error.kind == .sqlite)
        let sql = try #require(error.sql)
        #expect(sql.hasPrefix("INSERT INTO events (run_id, seq, attempt, kind, from_status, to_status, detail, at)"))
        #expect(sql.contains("?"))
        #expect(error.message == "SQLite error 787: FOREIGN KEY constraint failed")
        for text in [error.description, String(reflecting: error), sql, error.message] {
            #expect(!text.contains(secret))
        }
    }

    @Test func aFailedUniqueTokenNamesTheColumnNotTheToken() throws {
        let store = try Store.openTemporary()
        let run = try store.createRun(plan: Fixtures.plan()).id
        let token = "webhook-token-value"
        try store.write { try $0.insertAttempt(run: run, seq: 1, attempt: 1, token: token, startedAt: Date()) }
        let error = try #require(throws: StoreError.self) {
            try store.write { try $0.insertAttempt(run: run, seq: 2, attempt: 1, token: token, startedAt: Date()) }
        }
        #expect(error.message == "SQLite error 2067: UNIQUE constraint failed: attempts.token")
        #expect(!error.description.contains(token))
        #expect(error.description.hasPrefix(store.path + ": "))
    }
}
