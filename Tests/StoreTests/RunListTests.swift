import Foundation
import Testing

@testable import Store

@Suite struct RunListTests {
    /// Stores `count` runs one minute apart (every third in the same minute as the one before).
    private func seed(_ store: Store, count: Int) throws -> [RunRecord] {
        try store.write { tx in
            try (0..<count).map { i in
                try tx.createRun(plan: Fixtures.plan(), at: Fixtures.time(Double(i - i / 3)))
            }
        }
    }

    /// Newest first, ties by id descending: the order the list promises.
    private func newestFirst(_ runs: [RunRecord]) -> [String] {
        runs.sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }.map(\.id)
    }

    @Test func runsAreListedNewestFirstWithTheirCellCounts() throws {
        let store = try Store.openTemporary()
        let runs = try seed(store, count: 5)
        _ = try store.write { tx in
            try tx.updateCell(
                run: runs[4].id, seq: 1, expectedAttempt: 0, expectedStatus: .pending, set: [.status(.passed)])
        }
        let page = try store.listRuns()
        #expect(page.runs.map(\.run.id) == newestFirst(runs))
        #expect(page.nextCursor == nil)
        let newest = try #require(page.runs.first { $0.run.id == runs[4].id })
        #expect(newest.cells[.passed] == 1 && newest.cells[.pending] == 3 && newest.cells.total == 4)
        #expect(newest.run.planName == "smoke")
    }

    @Test func pagesWithACursorCoverEveryRunExactlyOnce() throws {
        let store = try Store.openTemporary()
        let runs = try seed(store, count: 23)
        var seen: [String] = []
        var cursor: String?
        var pages = 0
        repeat {
            let page = try store.listRuns(limit: 5, cursor: cursor)
            #expect(page.runs.count == (pages < 4 ? 5 : 3))
            seen += page.runs.map(\.run.id)
            cursor = page.nextCursor
            pages += 1
        } while cursor != nil && pages < 10
        #expect(pages == 5)
        #expect(seen == newestFirst(runs))
    }

    @Test func aFullLastPageHasNoNextCursor() throws {
        let store = try Store.openTemporary()
        _ = try seed(store, count: 4)
        let first = try store.listRuns(limit: 2)
        let next: String = try #require(first.nextCursor)
        let second = try store.listRuns(limit: 2, cursor: next)
        #expect(second.runs.count == 2 && second.nextCursor == nil)
    }

    @Test func theStatusFilterListsOnlyRunsWithThatStatus() throws {
        let store = try Store.openTemporary()
        let runs = try seed(store, count: 9)
        let failed = runs.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        try store.write { tx in
            for run in failed { _ = try tx.updateRunStatus(run: run.id, from: [.queued], to: .failed) }
        }
        var seen: [String] = []
        var cursor: String?
        repeat {
            let page = try store.listRuns(status: .failed, limit: 2, cursor: cursor)
            #expect(page.runs.allSatisfy { $0.run.status == .failed })
            seen += page.runs.map(\.run.id)
            cursor = page.nextCursor
        } while cursor != nil
        #expect(seen == newestFirst(failed))
        #expect(try store.listRuns(status: .queued).runs.count == 4)
        #expect(try store.listRuns(status: .cancelled).runs.isEmpty)
    }

    @Test func theClientFilterListsOnlyThatClientsRuns() throws {
        let store = try Store.openTemporary()
        _ = try store.addClient(name: "ci", id: "id-ci")
        let mine = try store.createRun(plan: Fixtures.plan(), clientName: "ci")
        _ = try store.createRun(plan: Fixtures.plan())
        #expect(try store.listRuns(clientName: "ci").runs.map(\.run.id) == [mine.id])
        #expect(try store.listRuns(clientName: "nobody").runs.isEmpty)
    }

    @Test func aCursorTheStoreDidNotMakeIsRefused() throws {
        let store = try Store.openTemporary()
        for cursor in [
            "", "abc", "12", "x.abc", "12.", "-4.abc", "+4.abc", "2.1797766643473336e+16", "12.a b",
            "1234567890123456.abc", "12." + String(repeating: "a", count: 65), "１２.abc",
        ] {
            let error = try #require(throws: StoreError.self) { try store.listRuns(cursor: cursor) }
            #expect(error.kind == .invalidCursor)
        }
    }

    @Test func unfinishedRunsAreTheQueuedAndRunningOnesOldestFirstAndRunsAreCountedByStatus() throws {
        let store = try Store.openTemporary()
        let runs = try store.write { tx in
            try (0..<4).map { try tx.createRun(plan: Fixtures.plan(), at: Fixtures.time(Double($0))) }
        }
        try store.write { tx in
            _ = try tx.updateRunStatus(run: runs[1].id, from: [.queued], to: .running)
            _ = try tx.updateRunStatus(run: runs[2].id, from: [.queued], to: .passed)
        }
        #expect(try store.unfinishedRunIds() == [runs[0].id, runs[1].id, runs[3].id])
        #expect(try store.runCounts() == [.queued: 2, .running: 1, .passed: 1])
    }

    /// The list's queries read an index in order: no table scan, no sort of every run.
    @Test(arguments: [(false, false), (true, false), (false, true)])
    func listingUsesAnIndexInsteadOfSortingEveryRun(status: Bool, client: Bool) throws {
        let store = try Store.openTemporary()
        for cursor in [false, true] {
            let sql = Database.runListSQL(status: status, client: client, cursor: cursor)
            let plan = try store.withDatabase {
                try $0.query("EXPLAIN QUERY PLAN " + sql, Self.dummyArguments(sql)) { $0.text(3) ?? "" }
            }
            let text = plan.joined(separator: "\n")
            #expect(!text.contains("TEMP B-TREE"), "\(text)")
            // Reading an index in order is fine (the LIMIT stops it); a plain table scan is not.
            let runsLine = try #require(plan.first { $0.contains(" runs ") })
            #expect(runsLine.contains("USING INDEX runs_by_"), "\(text)")
            if status || client || cursor { #expect(runsLine.hasPrefix("SEARCH runs"), "\(text)") }
        }
        let counts = try store.withDatabase {
            try $0.query("EXPLAIN QUERY PLAN " + Database.cellCountSQL, ["r"]) { $0.text(3) ?? "" }
        }
        #expect(counts.joined().contains("USING COVERING INDEX cells_by_run_status"), "\(counts)")
    }

    private static func dummyArguments(_ sql: String) -> [any SQLiteBindable] {
        Array(repeating: "x", count: sql.filter { $0 == "?" }.count)
    }
}
