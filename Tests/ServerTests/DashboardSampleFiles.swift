import Foundation
import Server
import Testing

/// Writes the sample pages as HTML files for `scripts/dashboard-screenshot.sh` when `ORCH_DASHBOARD_SAMPLES`
/// names a folder; without it, only checks that every sample renders.
@Suite struct DashboardSampleFiles {
    typealias S = DashboardSamples

    /// The sample pages by file name.
    static var pages: [(String, String)] {
        [
            ("runs.html", DashboardPage.runs(S.summaries, filter: nil, nextCursor: "c2", now: S.liveNow)),
            ("runs-empty.html", DashboardPage.runs([], filter: nil, nextCursor: nil, now: S.liveNow)),
            (
                "run-passed.html",
                DashboardPage.run(S.passedRun, cells: S.passedCells, attempts: S.passedAttempts, now: S.liveNow)
            ),
            (
                "run-failed.html",
                DashboardPage.run(S.failedRun, cells: S.failedCells, events: S.failedEvents, now: S.liveNow)
            ),
            ("run-live.html", DashboardPage.run(S.liveRun, cells: S.liveCells, now: S.liveNow)),
            ("run-hostile.html", DashboardPage.run(S.hostileRun, cells: S.hostileCells, now: S.liveNow)),
            ("not-found.html", DashboardPage.notFound(path: "/runs/nope", now: S.liveNow)),
        ]
    }

    @Test func samplePagesAreWrittenToTheFolderNamedByTheEnvironment() throws {
        let folder = ProcessInfo.processInfo.environment["ORCH_DASHBOARD_SAMPLES"]
        for (file, html) in Self.pages {
            #expect(html.hasSuffix("</html>\n"), "\(file)")
            guard let folder else { continue }
            let url = URL(fileURLWithPath: folder).appendingPathComponent(file)
            try html.write(to: url, atomically: true, encoding: .utf8)
            #expect(FileManager.default.fileExists(atPath: url.path), "\(file)")
        }
    }
}
