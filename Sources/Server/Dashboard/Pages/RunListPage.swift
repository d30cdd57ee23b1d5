import Foundation
import Store

/// The runs page: newest first, each with its status, plan, times and cells; a status filter and a next-page link.
struct RunListPage {
    /// The runs of this page, newest first.
    var summaries: [RunSummary]
    /// The status the list is filtered by, if any.
    var filter: RunStatus?
    /// The cursor of the next page, if there is one.
    var nextCursor: String?
    /// Where this page is served (`/` or `/getRuns`): filter and next-page links point there.
    var basePath: String
    /// The time the page is rendered at.
    var now: Date

    /// The complete HTML document.
    func render() -> String {
        let live = summaries.contains { !$0.run.status.isFinal }
        let title = filter.map { "\($0.rawValue.capitalized) runs · orch" } ?? "Runs · orch"
        var main = "<h1>Runs</h1>\n"
        main += filterLinks()
        if summaries.isEmpty {
            main += emptyState()
        } else {
            main += runTable()
        }
        if let nextCursor {
            let href = DashboardLinks.runs(basePath: basePath, status: filter, cursor: nextCursor)
            main +=
                "<nav class=\"pager\" aria-label=\"Pages\"><a rel=\"next\" href=\"\(href.htmlEscaped)\">Next page →</a></nav>\n"
        }
        return DashboardDocument(
            title: title, refreshSeconds: live ? DashboardPage.refreshSeconds : nil, main: main, now: now
        ).render()
    }

    private func filterLinks() -> String {
        var html = "<nav aria-label=\"Filter by status\"><ul class=\"filters\">"
        let choices: [RunStatus?] = [nil] + RunStatus.allCases.map { $0 }
        for choice in choices {
            let href = DashboardLinks.runs(basePath: basePath, status: choice)
            let current = choice == filter ? " aria-current=\"page\"" : ""
            html += "<li><a href=\"\(href.htmlEscaped)\"\(current)>\(choice?.rawValue ?? "all")</a></li>"
        }
        return html + "</ul></nav>\n"
    }

    private func emptyState() -> String {
        let what = filter.map { "No \($0.rawValue) runs" } ?? "No runs yet"
        var html = "<section class=\"card empty\"><p><strong>\(what).</strong></p>"
        if filter != nil {
            html += "<p class=\"muted\"><a href=\"\(basePath.htmlEscaped)\">Show all runs</a></p>"
        } else {
            html +=
                "<p class=\"muted\">Schedule one with <code>orch run --server URL --client ID PLAN</code> "
                + "or <code>POST /api/v1/runs</code>.</p>"
        }
        return html + "</section>\n"
    }

    private func runTable() -> String {
        var html = """
            <div class="card table-wrap"><table class="runs">
            <thead><tr><th scope="col">Status</th><th scope="col">Plan</th><th scope="col">Cells</th>\
            <th scope="col">Created</th><th scope="col">Finished</th><th scope="col">Duration</th></tr></thead>
            <tbody>

            """
        for summary in summaries {
            html += row(summary)
        }
        return html + "</tbody></table></div>\n"
    }

    private func row(_ summary: RunSummary) -> String {
        let run = summary.run
        let link = DashboardLinks.run(run.id).htmlEscaped
        var html = "<tr class=\"run status-\(run.status.rawValue)\" data-run=\"\(run.id.htmlEscaped)\">"
        html += "<td data-label=\"Status\">\(StatusBadge.run(run.status))</td>"
        html += "<td class=\"run-plan\" data-label=\"Plan\"><a href=\"\(link)\">\(run.planName.htmlEscaped)</a>"
        html += "<div class=\"sub\"><code title=\"plan hash \(run.planHash.htmlEscaped)\">"
        html += "\(String(run.planHash.prefix(12)).htmlEscaped)</code> · run <a class=\"mono\" href=\"\(link)\">"
        html += "\(run.id.htmlEscaped)</a>"
        if let client = run.clientName { html += " · by \(client.htmlEscaped)" }
        html += "</div></td>"
        html += "<td data-label=\"Cells\">\(CellCountsBar.html(summary.cells))</td>"
        html += "<td class=\"nowrap\" data-label=\"Created\">\(TimeText.element(run.createdAt, now: now))</td>"
        html += "<td class=\"nowrap\" data-label=\"Finished\">"
        html += run.finishedAt.map { TimeText.element($0, now: now) } ?? "<span class=\"muted\">—</span>"
        html += "</td><td class=\"nowrap\" data-label=\"Duration\">\(durationText(run))</td>"
        return html + "</tr>\n"
    }

    private func durationText(_ run: RunRecord) -> String {
        guard let started = run.startedAt else { return "<span class=\"muted\">not started</span>" }
        if let finished = run.finishedAt { return TimeText.duration(finished.timeIntervalSince(started)) }
        return "\(TimeText.duration(now.timeIntervalSince(started))) <span class=\"muted\">so far</span>"
    }
}
