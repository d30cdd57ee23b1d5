import Foundation
import JSON
import Testing

@testable import Store

@Suite struct CompareAndSetTests {
    /// Starts attempt 1 of cell 1: pending → running with a token and a start time.
    private func start(_ store: Store, _ run: String, token: String = "token-1") throws -> Bool {
        try store.write { tx in
            try tx.updateCell(
                run: run, seq: 1, expectedAttempt: 0, expectedStatus: .pending,
                set: [.status(.running), .attempt(1), .token(token), .startedAt(Fixtures.time(1)), .buildId(nil)])
        }
    }

    @Test func aCellCompareAndSetSucceedsOnceAndARepeatChangesNothing() throws {
        let store = try Store.openTemporary()
        let run = try store.createRun(plan: Fixtures.plan()).id
        #expect(try start(store, run))
        let started = try #require(try store.cell(run: run, seq: 1))
        #expect(started.status == .running && started.attempt == 1 && started.token == "token-1")
        #expect(started.startedAt == Fixtures.time(1))

        #expect(try start(store, run, token: "token-2") == false)
        #expect(try store.cell(run: run, seq: 1) == started)
    }

    @Test func aStaleCompareAndSetWithTheWrongAttemptOrStatusChangesNothing() throws {
        let store = try Store.openTemporary()
        let run = try store.createRun(plan: Fixtures.plan()).id
        #expect(try start(store, run))
        let before = try store.cells(run: run)
        let staleAttempt = try store.write { tx in
            try tx.updateCell(
                run: run, seq: 1, expectedAttempt: 2, expectedStatus: .running, set: [.status(.passed)])
        }
        let staleStatus = try store.write { tx in
            try tx.updateCell(
                run: run, seq: 1, expectedAttempt: 1, expectedStatus: .pending, set: [.status(.passed)])
        }
        let unknownCell = try store.write { tx in
            try tx.updateCell(run: run, seq: 99, expectedAttempt: 1, expectedStatus: .running, set: [.status(.passed)])
        }
        #expect(!staleAttempt && !staleStatus && !unknownCell)
        #expect(try store.cells(run: run) == before)
    }

    @Test func decidingACellWritesEveryGivenColumn() throws {
        let store = try Store.openTemporary()
        let run = try store.createRun(plan: Fixtures.plan()).id
        #expect(try start(store, run))
        let decided = try store.write { tx in
            try tx.updateCell(
                run: run, seq: 1, expectedAttempt: 1, expectedStatus: .running,
                set: [
                    .status(.failed), .finishedAt(Fixtures.time(2)), .error("Element not found: #submit"),
                    .flaky(false), .soft(true), .summary(["pass": 0, "fail": 1]), .token(nil),
                ])
        }
        #expect(decided)
        let cell = try #require(try store.cell(run: run, seq: 1))
        #expect(cell.status == .failed && cell.finishedAt == Fixtures.time(2) && cell.soft && !cell.flaky)
        #expect(cell.error == "Element not found: #submit" && cell.token == nil)
        #expect(cell.summary == ["pass": 0, "fail": 1])
    }

    @Test func aBuildIdIsSetOnlyOnce() throws {
        let store = try Store.openTemporary()
        let run = try store.createRun(plan: Fixtures.plan()).id
        #expect(try start(store, run))
        try store.write { tx in
            try tx.insertAttempt(run: run, seq: 1, attempt: 1, token: "token-1", startedAt: Fixtures.time(1))
        }
        #expect(try store.write { try $0.setCellBuildId(run: run, seq: 1, attempt: 1, buildId: "build-A") })
        #expect(try store.write { try $0.setCellBuildId(run: run, seq: 1, attempt: 1, buildId: "build-B") } == false)
        #expect(try store.write { try $0.setCellBuildId(run: run, seq: 1, attempt: 2, buildId: "build-C") } == false)
        #expect(try store.cell(run: run, seq: 1)?.buildId == "build-A")
        #expect(try store.attempts(run: run, seq: 1).map(\.buildId) == ["build-A"])
    }

    @Test func aRunStatusCompareAndSetNeedsOneOfTheExpectedStatuses() throws {
        let store = try Store.openTemporary()
        let run = try store.createRun(plan: Fixtures.plan()).id
        let started = try store.write {
            try $0.updateRunStatus(run: run, from: [.queued], to: .running, startedAt: Fixtures.time(1))
        }
        let again = try store.write {
            try $0.updateRunStatus(run: run, from: [.queued], to: .running, startedAt: Fixtures.time(9))
        }
        #expect(started && !again)
        let ended = try store.write {
            try $0.updateRunStatus(run: run, from: [.queued, .running], to: .passed, finishedAt: Fixtures.time(3))
        }
        #expect(ended)
        let record = try #require(try store.run(id: run))
        #expect(
            record.status == .passed && record.startedAt == Fixtures.time(1) && record.finishedAt == Fixtures.time(3))
        #expect(
            try store.write { try $0.updateRunStatus(run: run, from: [.queued, .running], to: .cancelled) } == false)
    }

    @Test func everythingInOneWriteRollsBackTogether() throws {
        let store = try Store.openTemporary()
        let run = try store.createRun(plan: Fixtures.plan()).id
        let before = try store.cells(run: run)
        #expect(throws: TestFailure.self) {
            try store.write { tx in
                _ = try tx.updateRunStatus(run: run, from: [.queued], to: .running)
                _ = try tx.updateCell(
                    run: run, seq: 1, expectedAttempt: 0, expectedStatus: .pending,
                    set: [.status(.running), .attempt(1)])
                try tx.insertAttempt(run: run, seq: 1, attempt: 1, token: "t", startedAt: Fixtures.time(1))
                try tx.appendEvent(run: run, seq: 1, attempt: 1, kind: .cellStarted, at: Fixtures.time(1))
                #expect(try tx.cell(run: run, seq: 1)?.status == .running)
                throw TestFailure()
            }
        }
        #expect(try store.run(id: run)?.status == .queued)
        #expect(try store.cells(run: run) == before)
        #expect(try store.attempts(run: run, seq: 1).isEmpty)
        #expect(try store.events(run: run).map(\.kind) == [.runCreated])
    }

    @Test func anAttemptIsFoundByItsTokenAndFinishedOnce() throws {
        let store = try Store.openTemporary()
        let run = try store.createRun(plan: Fixtures.plan()).id
        try store.write { tx in
            try tx.insertAttempt(run: run, seq: 2, attempt: 1, token: "tok-A", startedAt: Fixtures.time(1))
            try tx.insertAttempt(run: run, seq: 2, attempt: 2, token: "tok-B", startedAt: Fixtures.time(2), pid: 4242)
        }
        let found = try #require(try store.attempt(token: "tok-B"))
        #expect(found.runId == run && found.seq == 2 && found.attempt == 2 && found.pid == 4242)
        #expect(found.status == .running && found.startedAt == Fixtures.time(2))
        #expect(try store.attempt(token: "tok-C") == nil)

        let finish = {
            try store.write {
                try $0.finishAttempt(
                    run: run, seq: 2, attempt: 1, status: .failed, finishedAt: Fixtures.time(3), error: "boom",
                    report: ["failures": 1])
            }
        }
        #expect(try finish())
        #expect(try finish() == false)
        let attempts = try store.attempts(run: run, seq: 2)
        #expect(attempts.map(\.attempt) == [1, 2])
        #expect(attempts[0].status == .failed && attempts[0].error == "boom" && attempts[0].report == ["failures": 1])
        #expect(attempts[0].finishedAt == Fixtures.time(3))
    }

    @Test func aRestartedAttemptGetsANewTokenAndTheOldOneIsForgotten() throws {
        let store = try Store.openTemporary()
        let run = try store.createRun(plan: Fixtures.plan()).id
        try store.write { tx in
            try tx.insertAttempt(run: run, seq: 1, attempt: 1, token: "old", startedAt: Fixtures.time(1))
        }
        let changed = try store.write {
            try $0.updateAttempt(run: run, seq: 1, attempt: 1, set: [.token("new"), .startedAt(Fixtures.time(5))])
        }
        #expect(changed)
        #expect(try store.attempt(token: "old") == nil)
        #expect(try store.attempt(token: "new")?.startedAt == Fixtures.time(5))
        #expect(try store.write { try $0.updateAttempt(run: run, seq: 1, attempt: 7, set: [.pid(1)]) } == false)
    }

    @Test func aTokenCannotBeGivenToTwoAttempts() throws {
        let store = try Store.openTemporary()
        let run = try store.createRun(plan: Fixtures.plan()).id
        try store.write {
            try $0.insertAttempt(run: run, seq: 1, attempt: 1, token: "same", startedAt: Fixtures.time(1))
        }
        let error = try #require(throws: StoreError.self) {
            try store.write {
                try $0.insertAttempt(run: run, seq: 2, attempt: 1, token: "same", startedAt: Fixtures.time(1))
            }
        }
        #expect(error.kind == .sqlite)
        #expect(error.resultCode == 2067)  // SQLITE_CONSTRAINT_UNIQUE
    }
}

extension CompareAndSetTests {
    @Test func aTransactionReadsARunsStatusAsItSeesIt() throws {
        let store = try Store.openTemporary()
        let run = try store.createRun(plan: Fixtures.plan()).id
        let seen = try store.write { tx -> [RunStatus?] in
            let before = try tx.runStatus(id: run)
            _ = try tx.updateRunStatus(run: run, from: [.queued], to: .running)
            return [before, try tx.runStatus(id: run), try tx.runStatus(id: "no-such-run")]
        }
        #expect(seen == [.queued, .running, nil])
        #expect(try store.runStatus(id: run) == .running)
        #expect(try store.runStatus(id: "no-such-run") == nil)
    }
}
