import Foundation
import Store
import Testing

@testable import Server

@Suite struct DashboardTimelineTests {
    typealias S = DashboardSamples
    /// The width of the bars' area (the whole run's span) in SVG units.
    let chartWidth = RunTimeline.Geometry.chartWidth

    @Test func thereIsOneBarPerCell() {
        for (run, cells) in [
            (S.passedRun, S.passedCells), (S.failedRun, S.failedCells), (S.liveRun, S.liveCells),
            (S.hostileRun, S.hostileCells),
        ] {
            let html = DashboardPage.run(run, cells: cells, now: S.liveNow)
            let bars = DashboardHTML.bars(in: html)
            #expect(bars.count == cells.count, "\(run.planName)")
            #expect(bars.map(\.seq) == cells.map(\.seq).sorted())
            #expect(DashboardHTML.count("<g class=\"bar ", in: html) == cells.count)
        }
    }

    @Test func aLongTraceIdIsCutToItsColumnAndTheBrowserStaysWhole() {
        // An original order's step ids are trace ids: 32 characters, many of them capitals.
        let id = "ZuBmU-WNsQAXLYQJ6mVVjjEjvUD3ZC83"
        let cells = [
            S.cell(
                S.failedId, seq: 1, stage: 1, id: id, capability: ["browserName": "firefox"], lane: 1,
                status: .passed, started: -3595, finished: -3570)
        ]
        let html = DashboardPage.run(S.failedRun, cells: cells, now: S.liveNow)
        let shown = id.truncated(toWidth: 31 - " · firefox".estimatedWidth)
        #expect(shown.hasSuffix("…") && shown.count < id.count)
        #expect(html.contains(">\(shown)<tspan class=\"tl-sub\"> · firefox</tspan></text>"))
        // A short name is not cut.
        #expect("tag:goon".truncated(toWidth: 31 - " · chrome".estimatedWidth) == "tag:goon")
        // Capitals count wider than lowercase letters: the same count of them is cut sooner.
        #expect(String(repeating: "W", count: 20).truncated(toWidth: 20).count < 20)
        #expect(String(repeating: "a", count: 20).truncated(toWidth: 20).count == 20)
    }

    @Test func barWidthsAreProportionalToDurations() throws {
        // The passed run spans 300 s: cell 1 lasts 60 s, cell 2 120 s, cell 3 (two attempts) 240 s, cell 4 120 s.
        let html = DashboardPage.run(S.passedRun, cells: S.passedCells, attempts: S.passedAttempts, now: S.liveNow)
        let bars = DashboardHTML.bars(in: html)
        try #require(bars.count == 4)
        #expect(bars.map(\.duration) == [60, 120, 240, 120])
        for bar in bars {
            #expect(abs(bar.width - bar.duration / 300 * chartWidth) < 0.01, "bar \(bar.seq)")
        }
        #expect(abs(bars[1].width / bars[0].width - 2) < 0.001)
        // x is the start since the run began: cells 1 and 2 at 0 s, cell 3's first attempt at 60 s.
        let chartX = RunTimeline.Geometry.chartX
        #expect(bars[0].x == chartX)
        #expect(abs(bars[2].x - (chartX + 60.0 / 300 * chartWidth)) < 0.01)
        #expect(abs(bars[3].x - (chartX + 120.0 / 300 * chartWidth)) < 0.01)
    }

    @Test func runningBarsExtendToNow() throws {
        let html = DashboardPage.run(S.liveRun, cells: S.liveCells, now: S.liveNow)
        let bars = DashboardHTML.bars(in: html)
        try #require(bars.count == 6)
        let nowLine = try #require(html.firstMatch(of: #/<line class="tl-now" x1="(?<x>[\d.]+)"/#))
        let nowX = try #require(Double(nowLine.x))
        // The axis runs 6 % past now: 244 s elapsed of a 258.64 s axis.
        #expect(abs(nowX - (RunTimeline.Geometry.chartX + 244 / (244 * 1.06) * chartWidth)) < 0.01)
        for seq in [3, 4] {
            let bar = try #require(bars.first { $0.seq == seq })
            #expect(bar.classes.contains("live"))
            #expect(abs(bar.x + bar.width - nowX) < 0.02, "bar \(seq) ends at the now line")
        }
        #expect(html.contains(">now · 4m 4s</text>"))
        #expect(try #require(bars.first { $0.seq == 3 }).duration == 184)
        #expect(!(try #require(bars.first { $0.seq == 2 })).classes.contains("live"))
        #expect(html.contains("<line class=\"tl-now\""))
    }

    @Test func cellsThatNeverStartedHaveEmptyBars() {
        let bars = DashboardHTML.bars(in: DashboardPage.run(S.failedRun, cells: S.failedCells, now: S.liveNow))
        let skipped = bars.filter { $0.classes.contains("status-skipped") }
        #expect(skipped.map(\.seq) == [5, 6])
        #expect(skipped.allSatisfy { $0.width == 0 && $0.duration == 0 })
    }

    @Test func barsAreGroupedByStageAndMarkedFlakySoftAndByStatus() {
        let failed = DashboardPage.run(S.failedRun, cells: S.failedCells, now: S.liveNow)
        #expect(DashboardHTML.count("<g class=\"tl-stage\"", in: failed) == 3)
        let stages = (1...3).compactMap { failed.range(of: "<g class=\"tl-stage\" data-stage=\"\($0)\">")?.lowerBound }
        #expect(stages == stages.sorted() && stages.count == 3)
        #expect(failed.contains(">Stage 2<tspan class=\"tl-sub\"> · 2 failed · 1 error</tspan></text>"))
        let bars = DashboardHTML.bars(in: failed)
        #expect(bars.first { $0.seq == 3 }?.classes == ["bar", "status-failed", "soft"])
        #expect(bars.first { $0.seq == 4 }?.classes == ["bar", "status-error"])
        let passed = DashboardHTML.bars(in: DashboardPage.run(S.passedRun, cells: S.passedCells, now: S.liveNow))
        #expect(passed.first { $0.seq == 3 }?.classes == ["bar", "status-passed", "flaky"])
        // The status is written next to each bar too, not only coloured.
        #expect(failed.contains("<text class=\"tl-status\" x=\"834\" y=\"137\">failed · 4m 30s · soft</text>"))
    }

    @Test func everyBarHasAHoverTitle() {
        let html = DashboardPage.run(S.passedRun, cells: S.passedCells, attempts: S.passedAttempts, now: S.liveNow)
        #expect(DashboardHTML.count("<title>#", in: html) == 4)
        #expect(
            html.contains(
                "<title>#3 checkout · chrome · lane 1 — passed, 4m 00s (09:01:02 → 09:05:02 UTC), attempt 2 of 3, flaky</title>"
            ))
        // A retry is marked inside its bar, and the failed first attempt is drawn in its own colour over it.
        #expect(DashboardHTML.count("<line class=\"tl-retry\"", in: html) == 1)
        let chartX = RunTimeline.Geometry.chartX
        let first = "x=\"\(chartX + 60.0 / 300 * chartWidth)\"".replacingOccurrences(of: ".0\"", with: "\"")
        #expect(html.contains("<rect class=\"tl-attempt status-failed\" \(first) y="), "\(first)")
        #expect(DashboardHTML.count("<rect class=\"tl-attempt ", in: html) == 1)
        #expect(
            !DashboardPage.run(S.passedRun, cells: S.passedCells, now: S.liveNow).contains("<rect class=\"tl-attempt"))
    }

    @Test func axisTicksUseRoundStepsWithUnits() {
        let passed = DashboardPage.run(S.passedRun, cells: S.passedCells, now: S.liveNow)
        #expect(DashboardHTML.texts(ofClass: "tl-tick", in: passed) == ["0", "1m", "2m", "3m", "4m", "5m"])
        let failed = DashboardPage.run(S.failedRun, cells: S.failedCells, now: S.liveNow)
        #expect(
            DashboardHTML.texts(ofClass: "tl-tick", in: failed)
                == ["0", "2m", "4m", "6m", "8m"])
        let live = DashboardPage.run(S.liveRun, cells: S.liveCells, now: S.liveNow)
        #expect(DashboardHTML.texts(ofClass: "tl-tick", in: live) == ["0", "1m", "2m", "3m", "4m"])
        var short = S.passedRun
        short.finishedAt = S.at(152)
        let shortCells = [
            S.cell(
                S.passedId, seq: 1, stage: 1, id: "a", capability: S.chrome, lane: 1,
                status: .passed, started: 2, finished: 152)
        ]
        #expect(
            DashboardHTML.texts(ofClass: "tl-tick", in: DashboardPage.run(short, cells: shortCells, now: S.liveNow))
                == ["0", "30s", "1m", "1m 30s", "2m", "2m 30s"])
    }

    @Test func tickStepsStayFewForAnySpan() {
        for span in [0.2, 1, 7, 59, 61, 599, 3601, 4 * 3600, 30 * 3600, 9 * 86400] as [TimeInterval] {
            var run = S.passedRun
            run.startedAt = S.t0
            run.finishedAt = S.t0.addingTimeInterval(span)
            let timeline = RunTimeline(run: run, cells: [], attempts: [:], now: S.liveNow)
            let ticks = timeline.ticks()
            #expect((2...9).contains(ticks.count), "span \(span): \(ticks)")
            #expect(ticks.first == 0)
            #expect(ticks.last.map { $0 <= max(span, 1) + 0.001 } == true)
        }
    }

    @Test func theNowLineIsDrawnOnlyWhileTheRunIsLive() {
        #expect(
            !DashboardPage.run(S.passedRun, cells: S.passedCells, now: S.liveNow).contains("<line class=\"tl-now\""))
        #expect(DashboardPage.run(S.liveRun, cells: S.liveCells, now: S.liveNow).contains("<line class=\"tl-now\""))
    }

    @Test func aRunThatEndedWithACellStillMarkedRunningDrawsItToTheRunsEnd() {
        var run = S.liveRun
        run.status = .cancelled
        run.finishedAt = S.at(7301)
        let bars = DashboardHTML.bars(in: DashboardPage.run(run, cells: S.liveCells, now: S.liveNow))
        #expect(bars.first { $0.seq == 3 }?.duration == 40)
    }
}

@Suite struct DashboardTimeTextTests {
    @Test func durationsReadInTheirLargestUnits() {
        #expect(TimeText.duration(0.35) == "350 ms")
        #expect(TimeText.duration(42) == "42s")
        #expect(TimeText.duration(65) == "1m 05s")
        #expect(TimeText.duration(3 * 3600 + 125) == "3h 02m")
        #expect(TimeText.duration(86400 * 2 + 3600 * 5) == "2d 05h")
        #expect(TimeText.duration(-3) == "0 ms")
    }

    @Test func relativeTimesSayHowLongAgo() {
        let now = DashboardSamples.t0
        #expect(TimeText.relative(now.addingTimeInterval(-2), now: now) == "just now")
        #expect(TimeText.relative(now.addingTimeInterval(30), now: now) == "just now")
        #expect(TimeText.relative(now.addingTimeInterval(-42), now: now) == "42 s ago")
        #expect(TimeText.relative(now.addingTimeInterval(-300), now: now) == "5 min ago")
        #expect(TimeText.relative(now.addingTimeInterval(-7300), now: now) == "2 h ago")
        #expect(TimeText.relative(now.addingTimeInterval(-90000), now: now) == "1 day ago")
        #expect(TimeText.relative(now.addingTimeInterval(-86400 * 3), now: now) == "3 days ago")
    }

    @Test func timestampsAreUTC() {
        #expect(TimeText.timestamp(DashboardSamples.t0) == "2025-03-14T09:00:00Z")
        #expect(TimeText.absolute(DashboardSamples.at(3723)) == "2025-03-14 10:02:03 UTC")
        #expect(TimeText.offset(5400) == "1h 30m")
    }
}
