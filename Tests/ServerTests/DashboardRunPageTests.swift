import Foundation
import Server
import Store
import Testing

@Suite struct DashboardRunPageTests {
    typealias S = DashboardSamples

    @Test func headerShowsPlanStatusHashTimesAndCounts() {
        let html = DashboardPage.run(S.passedRun, cells: S.passedCells, attempts: S.passedAttempts, now: S.liveNow)
        #expect(html.contains("<h1>checkout smoke</h1><span class=\"badge status-passed\">"))
        #expect(html.contains("<title>checkout smoke · passed · orch</title>"))
        #expect(html.contains("<dt>Run</dt><dd><code>\(S.passedId)</code></dd>"))
        #expect(html.contains("<code title=\"\(S.passedRun.planHash)\">9f2c4e1ab7d3</code>"))
        #expect(html.contains("<dt>Scheduled by</dt><dd>ci</dd>"))
        #expect(html.contains("<dt>Duration</dt><dd>5m 00s</dd>"))
        #expect(html.contains("<span class=\"counts-words\">4 passed</span>"))
        #expect(html.contains("<a href=\"/\">← All runs</a>"))
    }

    @Test func cellsAreGroupedByStageInSeqOrderWithEveryColumn() {
        let html = DashboardPage.run(S.passedRun, cells: S.passedCells.reversed(), now: S.liveNow)
        #expect(DashboardHTML.count("<tbody class=\"stage\"", in: html) == 2)
        #expect(html.contains("<tr><th colspan=\"13\" scope=\"rowgroup\">Stage 1<span class=\"muted\">2 passed</span>"))
        let rows = (1...4).compactMap {
            html.range(of: "<tr class=\"cell status-passed\" data-seq=\"\($0)\">")?.lowerBound
        }
        #expect(rows.count == 4)
        #expect(rows == rows.sorted())
        let row = DashboardHTML.cellRow(2, in: html)
        for column in [
            "<td class=\"mono\" data-label=\"#\">2</td>",
            "<td class=\"step\" data-label=\"Step\"><strong>login</strong></td>",
            "<td data-label=\"Kind\">trace</td>", "<td data-label=\"Browser\">firefox 126</td>",
            "<td data-label=\"Lane\">2</td>", "<td data-label=\"Attempts\">1 of 1</td>",
            "<td class=\"build\" data-label=\"Build\"><code>b-1002</code></td>",
            "data-label=\"Started\"><time datetime=\"2025-03-14T09:00:02Z\" title=\"2025-03-14 09:00:02 UTC\">09:00:02</time>",
            "data-label=\"Finished\"><time datetime=\"2025-03-14T09:02:02Z\"",
            "<td class=\"nowrap\" data-label=\"Duration\">2m 00s</td>",
        ] {
            #expect(row.contains(column), "row 2 lacks \(column)")
        }
    }

    @Test func aFlakyCellIsTaggedAndListsItsAttempts() {
        let html = DashboardPage.run(S.passedRun, cells: S.passedCells, attempts: S.passedAttempts, now: S.liveNow)
        let row = DashboardHTML.cellRow(3, in: html)
        #expect(row.contains("<span class=\"tag tag-flaky\" title=\"passed only on a retry\">flaky</span>"))
        #expect(row.contains("<details class=\"attempts\"><summary>2 of 3</summary>"))
        #expect(DashboardHTML.count("<li value=", in: row) == 2)
        #expect(row.contains("<li value=\"1\"><span class=\"badge status-failed\">"))
        #expect(row.contains("<code>b-1003</code>"))
        #expect(row.contains("Assertion failed: the order total is 0.00"))
        // The bar spans both attempts: from the first's start to the cell's end.
        #expect(row.contains("data-label=\"Duration\">4m 00s</td>"))
        let withoutHistory = DashboardHTML.cellRow(
            3, in: DashboardPage.run(S.passedRun, cells: S.passedCells, now: S.liveNow))
        #expect(withoutHistory.contains("<td data-label=\"Attempts\">2 of 3</td>"))
    }

    @Test func aFailedRunShowsItsSoftFailureErrorAndSkippedCells() {
        let html = DashboardPage.run(S.failedRun, cells: S.failedCells, now: S.liveNow)
        #expect(DashboardHTML.count("<tbody class=\"stage\"", in: html) == 3)
        #expect(DashboardHTML.cellRow(3, in: html).contains("<span class=\"tag tag-soft\""))
        #expect(!DashboardHTML.cellRow(2, in: html).contains("tag-soft"))
        #expect(DashboardHTML.cellRow(4, in: html).contains("<span class=\"badge status-error\">"))
        for seq in [5, 6] {
            let row = DashboardHTML.cellRow(seq, in: html)
            #expect(row.contains("<span class=\"badge status-skipped\">"))
            #expect(row.contains("<td data-label=\"Attempts\"><span class=\"muted\">—</span></td>"))
            #expect(row.contains("data-label=\"Started\"><span class=\"muted\">—</span>"))
        }
        #expect(html.contains("<dd><span class=\"counts\">"))
        #expect(html.contains("1 passed · 2 failed · 1 error · 2 skipped"))
    }

    @Test func aLongErrorIsCutWithAllOfItInADetails() {
        let html = DashboardPage.run(S.failedRun, cells: S.failedCells, now: S.liveNow)
        let row = DashboardHTML.cellRow(2, in: html)
        #expect(
            row.contains(
                "<details class=\"error-full\"><summary>Usetrace build b-2002 failed: 2 of 14 traces failed.</summary>")
        )
        // The full text, escaped (its quotes become &#39;), is in the details' <pre>.
        #expect(
            row.contains(
                "<pre>\(S.longError.replacingOccurrences(of: "'", with: "&#39;").replacingOccurrences(of: ">", with: "&gt;"))</pre>"
            ))
        let longLine = String(repeating: "x", count: 300)
        let cut = DashboardPage.run(
            S.failedRun,
            cells: [
                S.cell(
                    S.failedId, seq: 1, stage: 1, id: "a", capability: nil, lane: nil,
                    status: .failed, started: -3595, finished: -3500, error: longLine)
            ],
            now: S.liveNow)
        #expect(cut.contains("<summary>\(String(repeating: "x", count: 119))…</summary><pre>\(longLine)</pre>"))
        let short = DashboardHTML.cellRow(4, in: html)
        #expect(short.contains("<span class=\"error-text\">Usetrace answered 503 three times</span>"))
    }

    @Test func aCommandCellHasNoBrowserNorLane() {
        let html = DashboardPage.run(S.failedRun, cells: S.failedCells, now: S.liveNow)
        let row = DashboardHTML.cellRow(1, in: html)
        #expect(row.contains("<td data-label=\"Kind\">command</td>"))
        #expect(row.contains("<code>./scripts/seed --env staging</code>"))
        #expect(row.contains("<td data-label=\"Browser\"><span class=\"muted\">—</span></td>"))
        #expect(row.contains("<td data-label=\"Lane\"><span class=\"muted\">—</span></td>"))
        #expect(row.contains("<td class=\"build\" data-label=\"Build\"><span class=\"muted\">—</span></td>"))
    }

    @Test func aLiveRunShowsRunningCellsSoFarAndRefreshes() {
        let html = DashboardPage.run(S.liveRun, cells: S.liveCells, now: S.liveNow)
        #expect(DashboardHTML.count("<meta http-equiv=\"refresh\" content=\"5\">", in: html) == 1)
        let running = DashboardHTML.cellRow(3, in: html)
        #expect(running.contains("<span class=\"badge status-running\">"))
        #expect(running.contains("data-label=\"Duration\">3m 04s <span class=\"muted\">so far</span>"))
        #expect(running.contains("data-label=\"Finished\"><span class=\"muted\">—</span>"))
        #expect(DashboardHTML.cellRow(5, in: html).contains("<span class=\"badge status-pending\">"))
        #expect(html.contains("<dt>Duration</dt><dd>4m 04s <span class=\"muted\">so far</span></dd>"))
        #expect(html.contains("<dt>Finished</dt><dd><span class=\"muted\">—</span></dd>"))
    }

    @Test func aCellWaitingForItsRetryIsTaggedRetrying() {
        var cells = S.liveCells
        cells[4] = S.cell(
            S.liveId, seq: 5, stage: 3, id: "full-suite", capability: S.firefox, lane: 2,
            status: .pending, attempt: 1, retries: 1, started: 7321, finished: 7400,
            error: "1 trace failed")
        let html = DashboardPage.run(S.liveRun, cells: cells, now: S.liveNow)
        #expect(DashboardHTML.cellRow(5, in: html).contains(">retrying</span>"))
    }

    @Test func refreshStopsOnceTheRunHasEnded() {
        for (run, cells) in [(S.passedRun, S.passedCells), (S.failedRun, S.failedCells)] {
            let html = DashboardPage.run(run, cells: cells, now: S.liveNow)
            #expect(!html.contains("http-equiv=\"refresh\""))
        }
        var cancelled = S.liveRun
        cancelled.status = .cancelled
        cancelled.finishedAt = S.liveNow
        #expect(!DashboardPage.run(cancelled, cells: S.liveCells, now: S.liveNow).contains("http-equiv"))
        var queued = S.liveRun
        queued.status = .queued
        queued.startedAt = nil
        #expect(DashboardPage.run(queued, cells: [], now: S.liveNow).contains("http-equiv=\"refresh\""))
    }

    @Test func theEventLogIsShownFoldedWhenGiven() {
        let html = DashboardPage.run(S.failedRun, cells: S.failedCells, events: S.failedEvents, now: S.liveNow)
        #expect(html.contains("<details class=\"card events-log\"><summary>4 events</summary>"))
        #expect(
            html.contains(
                "<td><code>cell.skipped</code></td><td>#5</td><td></td><td>pending → skipped</td><td>an earlier stage failed</td>"
            ))
        #expect(html.contains("<td>build b-2002</td>"))
        #expect(!DashboardPage.run(S.failedRun, cells: S.failedCells, now: S.liveNow).contains("Event log"))
    }

    @Test func aRunWithoutCellsSaysSo() {
        var queued = S.liveRun
        queued.status = .queued
        queued.startedAt = nil
        let html = DashboardPage.run(queued, cells: [], now: S.liveNow)
        #expect(html.contains("This run has no cells."))
        #expect(html.contains("No cell has started yet."))
        #expect(html.contains("<dt>Started</dt><dd><span class=\"muted\">not yet</span></dd>"))
    }

    @Test func notFoundNamesThePathEscaped() {
        let html = DashboardPage.notFound(path: "/runs/<x>", now: S.liveNow)
        #expect(html.contains("There is nothing at <code>/runs/&lt;x&gt;</code>"))
        #expect(html.contains("<title>Not found · orch</title>"))
        let error = DashboardPage.error(
            title: "Bad <cursor>", message: "The cursor \"x\" is not valid.", now: S.liveNow)
        #expect(error.contains("<h1>Bad &lt;cursor&gt;</h1><p>The cursor &quot;x&quot; is not valid.</p>"))
    }
}
