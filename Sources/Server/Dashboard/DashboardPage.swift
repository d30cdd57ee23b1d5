import Foundation
import Store

/// The dashboard's pages as complete HTML documents, rendered from Store records and the time `now`.
///
/// Pure functions: they read nothing and write nothing, so routes call them with what they loaded. Every value
/// from a record is escaped; a page shows no secrets (run secrets and webhook tokens are never written).
/// A page showing a run that is queued or running reloads itself every `refreshSeconds`.
public enum DashboardPage {
    /// Seconds between reloads of a page that shows a live run.
    public static let refreshSeconds = 5

    /// The runs page (`GET /` and `GET /getRuns`): `summaries` newest first, the status filter (`nil`: all),
    /// a "Next page" link when `nextCursor` is given, and an empty state when there are no runs.
    ///
    /// `basePath` is where the page is served; its filter and next-page links point there
    /// (`basePath?status=failed&cursor=…`, the query of `GET /api/v1/runs`).
    public static func runs(
        _ summaries: [RunSummary], filter: RunStatus?, nextCursor: String?, now: Date, basePath: String = "/"
    ) -> String {
        RunListPage(summaries: summaries, filter: filter, nextCursor: nextCursor, basePath: basePath, now: now).render()
    }

    /// The runs page of one `RunPage` from `Store.listRuns` (its runs and its next cursor).
    public static func runs(_ page: RunPage, filter: RunStatus?, now: Date, basePath: String = "/") -> String {
        runs(page.runs, filter: filter, nextCursor: page.nextCursor, now: now, basePath: basePath)
    }

    /// A run's page (`GET /runs/{id}`): header, timeline (inline SVG) and the table of stages and cells.
    ///
    /// `attempts` holds, keyed by seq, the attempts of cells that had more than one (`Store.attempts(run:seq:)`);
    /// `events` is the run's event log (`Store.events(run:)`), shown folded; leave either empty to omit it.
    public static func run(
        _ run: RunRecord, cells: [CellRecord], attempts: [Int: [AttemptRecord]] = [:], events: [EventRecord] = [],
        now: Date
    ) -> String {
        RunDetailPage(run: run, cells: cells, attempts: attempts, events: events, now: now).render()
    }

    /// The page of a 404: nothing is at `path` (e.g. `/runs/unknown`), with a link back to the runs.
    public static func notFound(path: String, now: Date) -> String {
        message(
            title: "Not found", text: "There is nothing at <code>\(path.htmlEscaped)</code>: no such page or run.",
            now: now)
    }

    /// The page of any other error a route answers with HTML (e.g. a 400 for a bad cursor): `title` and
    /// `message` are plain text, shown escaped.
    public static func error(title: String, message text: String, now: Date) -> String {
        message(title: title.htmlEscaped, text: text.htmlEscaped, now: now)
    }

    private static func message(title: String, text: String, now: Date) -> String {
        let main =
            "<section class=\"card empty\"><h1>\(title)</h1><p>\(text)</p>"
            + "<p><a href=\"/\">← All runs</a></p></section>"
        return DashboardDocument(title: "\(title) · orch", refreshSeconds: nil, main: main, now: now).render()
    }
}
