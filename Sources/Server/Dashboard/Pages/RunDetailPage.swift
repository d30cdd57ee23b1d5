import Foundation
import Store

/// A run's page: its header, its timeline, its stages and cells, and (when given) its event log.
struct RunDetailPage {
    /// The run.
    var run: RunRecord
    /// Its cells (any order).
    var cells: [CellRecord]
    /// The attempts of each cell, keyed by seq (cells without an entry show their current attempt only).
    var attempts: [Int: [AttemptRecord]]
    /// The run's event log, oldest first (empty to leave it out).
    var events: [EventRecord]
    /// The time the page is rendered at.
    var now: Date

    /// The complete HTML document.
    func render() -> String {
        let timeline = RunTimeline(run: run, cells: cells, attempts: attempts, now: now)
        var main = "<div class=\"crumbs\"><a href=\"/\">← All runs</a></div>\n"
        main += "<div class=\"run-head\"><h1>\(run.planName.htmlEscaped)</h1>\(StatusBadge.run(run.status))</div>\n"
        main += facts()
        main += "<h2 id=\"timeline\">Timeline</h2>\n<section class=\"card\" aria-labelledby=\"timeline\">"
        if !timeline.hasStarted {
            main += "<p class=\"muted note\">No cell has started yet.</p>"
        }
        main += "<div class=\"timeline-wrap\">\(timeline.svg())</div>\(legend())</section>\n"
        main += "<h2 id=\"cells\">Stages and cells</h2>\n"
        main += "<p class=\"muted hint\">Times are UTC; hover one for its date.</p>\n"
        main += CellTable(timeline: timeline, attempts: attempts).render()
        if !events.isEmpty { main += EventLogTable(events: events, origin: timeline.origin).render() }
        return DashboardDocument(
            title: "\(run.planName) · \(run.status.rawValue) · orch",
            refreshSeconds: run.status.isFinal ? nil : DashboardPage.refreshSeconds, main: main, now: now
        ).render()
    }

    private func facts() -> String {
        var items: [(String, String)] = [
            ("Run", "<code>\(run.id.htmlEscaped)</code>"),
            (
                "Plan hash",
                "<code title=\"\(run.planHash.htmlEscaped)\">\(String(run.planHash.prefix(12)).htmlEscaped)</code>"
            ),
        ]
        if let client = run.clientName { items.append(("Scheduled by", client.htmlEscaped)) }
        items.append(("Created", TimeText.element(run.createdAt, now: now)))
        items.append(
            ("Started", run.startedAt.map { TimeText.element($0, now: now) } ?? "<span class=\"muted\">not yet</span>"))
        items.append(
            ("Finished", run.finishedAt.map { TimeText.element($0, now: now) } ?? "<span class=\"muted\">—</span>"))
        if let started = run.startedAt {
            let duration = TimeText.duration((run.finishedAt ?? now).timeIntervalSince(started))
            items.append(
                ("Duration", run.finishedAt == nil ? "\(duration) <span class=\"muted\">so far</span>" : duration))
        }
        items.append(("Cells", CellCountsBar.html(CellCountsBar.counts(of: cells))))
        let list = items.map { item in
            "<div\(item.0 == "Cells" ? " class=\"wide\"" : "")><dt>\(item.0)</dt><dd>\(item.1)</dd></div>"
        }.joined()
        return "<dl class=\"card facts\">\(list)</dl>\n"
    }

    private func legend() -> String {
        let statuses = CellCountsBar.order.map {
            "<span><span class=\"swatch status-\($0.rawValue)\"></span>\($0.rawValue)</span>"
        }
        let marks = [
            "<span><span class=\"swatch flaky\"></span>flaky (passed on a retry)</span>",
            "<span><span class=\"swatch soft\"></span>soft (failed under continueOnError)</span>",
        ]
        return "<div class=\"legend\" aria-hidden=\"true\">\((statuses + marks).joined())</div>"
    }
}
