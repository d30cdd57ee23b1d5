import Foundation
import Server
import Store
import Testing

@Suite struct DashboardRunsPageTests {
    let now = DashboardSamples.liveNow

    @Test func runsAreListedInTheOrderGivenEachWithItsStatusPlanAndLink() {
        let html = DashboardPage.runs(DashboardSamples.summaries, filter: nil, nextCursor: nil, now: now)
        let ids = DashboardSamples.summaries.map(\.run.id)
        let positions = ids.compactMap { html.range(of: "data-run=\"\($0)\"")?.lowerBound }
        #expect(positions.count == ids.count)
        #expect(positions == positions.sorted())
        #expect(html.contains("<a href=\"/runs/\(DashboardSamples.passedId)\">checkout smoke</a>"))
        #expect(html.contains("<span class=\"badge status-failed\"><span aria-hidden=\"true\">✕</span> failed</span>"))
        #expect(html.contains("<span aria-hidden=\"true\">▶</span> running</span>"))
        #expect(html.contains("<span aria-hidden=\"true\">○</span> queued</span>"))
        #expect(DashboardHTML.count("<tr class=\"run status-", in: html) == ids.count)
    }

    @Test func planHashShowsItsPrefixWithTheWholeHashInTheTitle() {
        let html = DashboardPage.runs([DashboardSamples.summaries[1]], filter: nil, nextCursor: nil, now: now)
        let hash = DashboardSamples.passedRun.planHash
        #expect(html.contains("<code title=\"plan hash \(hash)\">\(hash.prefix(12))</code>"))
    }

    @Test func timesReadRelativeWithTheAbsoluteTimeInTheirTitle() {
        let html = DashboardPage.runs([DashboardSamples.summaries[1]], filter: nil, nextCursor: nil, now: now)
        // Created at t0, looked at 2 h 4 min later; finished at t0 + 302 s.
        #expect(
            html.contains("<time datetime=\"2025-03-14T09:00:00Z\" title=\"2025-03-14 09:00:00 UTC\">2 h ago</time>"))
        #expect(
            html.contains("<time datetime=\"2025-03-14T09:05:02Z\" title=\"2025-03-14 09:05:02 UTC\">1 h ago</time>"))
        #expect(html.contains(">5m 00s<"))
    }

    @Test func cellCountsAreAStackedBarAndWords() {
        let html = DashboardPage.runs([DashboardSamples.summaries[2]], filter: nil, nextCursor: nil, now: now)
        #expect(html.contains("aria-label=\"6 cells: 1 passed · 2 failed · 1 error · 2 skipped\""))
        #expect(html.contains("<span class=\"seg status-passed\" style=\"flex-grow:1\"></span>"))
        #expect(html.contains("<span class=\"seg status-failed\" style=\"flex-grow:2\"></span>"))
        #expect(html.contains("<span class=\"seg status-skipped\" style=\"flex-grow:2\"></span>"))
        #expect(!html.contains("seg status-running"))
        #expect(html.contains("<span class=\"counts-words\">1 passed · 2 failed · 1 error · 2 skipped</span>"))
    }

    @Test func statusFilterLinksMarkTheCurrentOneAndKeepTheBasePath() {
        let html = DashboardPage.runs([], filter: .failed, nextCursor: nil, now: now, basePath: "/getRuns")
        #expect(html.contains("<a href=\"/getRuns\">all</a>"))
        #expect(html.contains("<a href=\"/getRuns?status=failed\" aria-current=\"page\">failed</a>"))
        #expect(html.contains("<a href=\"/getRuns?status=passed\">passed</a>"))
        #expect(DashboardHTML.count(" aria-current=\"page\">", in: html) == 1)
        for status in RunStatus.allCases {
            #expect(html.contains("?status=\(status.rawValue)\""))
        }
    }

    @Test func nextPageLinkCarriesTheCursorEncodedAndTheFilter() {
        let html = DashboardPage.runs(
            [DashboardSamples.summaries[1]], filter: .passed, nextCursor: "a b&c=\"d\"", now: now)
        #expect(
            html.contains("<a rel=\"next\" href=\"/?status=passed&amp;cursor=a%20b%26c%3D%22d%22\">Next page →</a>"))
        let last = DashboardPage.runs([DashboardSamples.summaries[1]], filter: nil, nextCursor: nil, now: now)
        #expect(!last.contains("rel=\"next\""))
    }

    @Test func noRunsShowsAnEmptyStateInsteadOfATable() {
        let html = DashboardPage.runs([], filter: nil, nextCursor: nil, now: now)
        #expect(html.contains("<strong>No runs yet.</strong>"))
        #expect(!html.contains("<table"))
        let filtered = DashboardPage.runs([], filter: .running, nextCursor: nil, now: now)
        #expect(filtered.contains("<strong>No running runs.</strong>"))
        #expect(filtered.contains("<a href=\"/\">Show all runs</a>"))
    }

    @Test func pageRefreshesItselfOnlyWhileAListedRunIsLive() {
        let refresh = "<meta http-equiv=\"refresh\" content=\"\(DashboardPage.refreshSeconds)\">"
        let live = DashboardPage.runs(DashboardSamples.summaries, filter: nil, nextCursor: nil, now: now)
        #expect(DashboardHTML.count(refresh, in: live) == 1)
        #expect(live.contains("Live · refreshes every 5 s"))
        let ended = DashboardSamples.summaries.filter { $0.run.status.isFinal }
        let still = DashboardPage.runs(ended, filter: nil, nextCursor: nil, now: now)
        #expect(!still.contains("http-equiv=\"refresh\""))
        #expect(!still.contains("Live ·"))
        let queued = DashboardSamples.summaries.filter { $0.run.status == .queued }
        #expect(DashboardPage.runs(queued, filter: nil, nextCursor: nil, now: now).contains(refresh))
        #expect(!DashboardPage.runs([], filter: nil, nextCursor: nil, now: now).contains("http-equiv"))
    }

    @Test func aStorePageRendersLikeItsRunsAndCursor() {
        let page = RunPage(runs: DashboardSamples.summaries, nextCursor: "next-1")
        #expect(
            DashboardPage.runs(page, filter: nil, now: now)
                == DashboardPage.runs(DashboardSamples.summaries, filter: nil, nextCursor: "next-1", now: now))
    }
}
