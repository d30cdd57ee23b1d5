import Foundation
import JSON
import Testing

@testable import Store

@Suite struct EventLogTests {
    @Test func eventsComeBackInTheOrderTheyWereAppended() throws {
        let store = try Store.openTemporary()
        let run = try store.createRun(plan: Fixtures.plan(), at: Fixtures.time(0)).id
        let other = try store.createRun(plan: Fixtures.plan(), at: Fixtures.time(0)).id
        let ids = try store.write { tx in
            [
                try tx.appendEvent(run: run, kind: .runStarted, from: "queued", to: "running", at: Fixtures.time(1)),
                try tx.appendEvent(run: other, kind: .runStarted, at: Fixtures.time(1)),
                try tx.appendEvent(
                    run: run, seq: 1, attempt: 1, kind: .cellStarted, from: "pending", to: "running",
                    detail: ["token": "t"], at: Fixtures.time(2)),
                // An earlier time does not reorder the log: the order is the order of appending.
                try tx.appendEvent(run: run, seq: 1, attempt: 1, kind: .cellPassed, at: Fixtures.time(1.5)),
            ]
        }
        let events = try store.events(run: run)
        #expect(events.map(\.kind) == [.runCreated, .runStarted, .cellStarted, .cellPassed])
        #expect(events.map(\.id) == events.map(\.id).sorted())
        #expect(events[2].seq == 1 && events[2].attempt == 1 && events[2].detail == ["token": "t"])
        #expect(
            events[2].fromStatus == "pending" && events[2].toStatus == "running" && events[2].at == Fixtures.time(2))
        #expect(try store.events(run: run, after: ids[0]).map(\.kind) == [.cellStarted, .cellPassed])
        #expect(try store.events(run: other).map(\.kind) == [.runCreated, .runStarted])
    }

    @Test func theChangedCellsAreThoseNamedByNewerEventsOfTheRun() throws {
        let store = try Store.openTemporary()
        let run = try store.createRun(plan: Fixtures.plan()).id
        let other = try store.createRun(plan: Fixtures.plan()).id
        let created = try #require(try store.events(run: run).last?.id)
        #expect(try store.changedCells(run: run, afterEvent: created) == CellChanges(seqs: [], newestEventId: nil))
        let newest = try store.write { tx in
            try tx.appendEvent(run: run, seq: 2, attempt: 1, kind: .cellStarted, at: Fixtures.time(1))
            try tx.appendEvent(run: other, seq: 1, attempt: 1, kind: .cellStarted, at: Fixtures.time(1))
            try tx.appendEvent(run: run, kind: .runStarted, at: Fixtures.time(1))
            try tx.appendEvent(run: run, seq: 3, attempt: 1, kind: .cellStarted, at: Fixtures.time(1))
            return try tx.appendEvent(run: run, seq: 2, attempt: 1, kind: .cellPassed, at: Fixtures.time(2))
        }
        #expect(
            try store.changedCells(run: run, afterEvent: created) == CellChanges(seqs: [2, 3], newestEventId: newest))
        #expect(try store.changedCells(run: run, afterEvent: newest) == CellChanges(seqs: [], newestEventId: nil))
    }

    @Test func theDatabaseRefusesToChangeOrDeleteAnEvent() throws {
        let store = try Store.openTemporary()
        _ = try store.createRun(plan: Fixtures.plan())
        let update = try #require(throws: StoreError.self) { try store.execute("UPDATE events SET kind = 'x'") }
        let delete = try #require(throws: StoreError.self) { try store.execute("DELETE FROM events") }
        #expect(update.message.contains("events are append-only"))
        #expect(delete.message.contains("events are append-only"))
        #expect(try store.count("events") == 1)
    }

    @Test func anEventForAnUnknownRunIsRefused() throws {
        let store = try Store.openTemporary()
        let error = try #require(throws: StoreError.self) {
            try store.write { try $0.appendEvent(run: "no-such-run", kind: .runStarted, at: Fixtures.time(0)) }
        }
        #expect(error.resultCode == 787)  // SQLITE_CONSTRAINT_FOREIGNKEY: foreign keys are on
    }
}
