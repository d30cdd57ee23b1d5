import Foundation
import Store

/// The table of a run's stages and cells: one `<tbody>` per stage, one row per cell.
struct CellTable {
    /// The run's timeline (its bars carry the cells and their durations).
    var timeline: RunTimeline
    /// The attempts of each cell, keyed by seq.
    var attempts: [Int: [AttemptRecord]]

    /// How many characters of an error show before the rest is folded into a `<details>`.
    static let errorPreviewLength = 120

    /// The table as HTML.
    func render() -> String {
        guard timeline.barCount > 0 else {
            return "<section class=\"card empty\"><p>This run has no cells.</p></section>\n"
        }
        var html = """
            <div class="card table-wrap"><table class="cells">
            <thead><tr><th scope="col">#</th><th scope="col">Step</th><th scope="col">Kind</th>\
            <th scope="col">Target</th><th scope="col">Browser</th><th scope="col">Lane</th>\
            <th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">Build</th>\
            <th scope="col">Started</th><th scope="col">Finished</th><th scope="col">Duration</th>\
            <th scope="col">Error</th></tr></thead>

            """
        for stage in timeline.stages {
            let counts = CellCountsBar.counts(of: stage.bars.map(\.cell))
            html += "<tbody class=\"stage\" data-stage=\"\(stage.number)\">"
            html += "<tr><th colspan=\"13\" scope=\"rowgroup\">Stage \(stage.number)"
            html += "<span class=\"muted\">\(CellCountsBar.words(counts))</span></th></tr>\n"
            for bar in stage.bars {
                html += row(bar)
            }
            html += "</tbody>\n"
        }
        return html + "</table></div>\n"
    }

    private func row(_ bar: RunTimeline.Bar) -> String {
        let cell = bar.cell
        let dash = "<span class=\"muted\">—</span>"
        var html = "<tr class=\"cell status-\(cell.status.rawValue)\" data-seq=\"\(cell.seq)\">"
        html += "<td class=\"mono\" data-label=\"#\">\(cell.seq)</td>"
        html += "<td class=\"step\" data-label=\"Step\"><strong>\(cell.stepId.htmlEscaped)</strong></td>"
        html += "<td data-label=\"Kind\">\(cell.kind.rawValue)</td>"
        let target = cell.target.truncated(to: 80)
        let targetTitle = target == cell.target ? "" : " title=\"\(cell.target.htmlEscaped)\""
        html += "<td class=\"target\" data-label=\"Target\"><code\(targetTitle)>\(target.htmlEscaped)</code></td>"
        html += "<td data-label=\"Browser\">\(BrowserText.describe(cell.capability)?.htmlEscaped ?? dash)</td>"
        html += "<td data-label=\"Lane\">\(cell.lane.map { "\($0)" } ?? dash)</td>"
        html +=
            "<td class=\"nowrap\" data-label=\"Status\">\(StatusBadge.cell(cell.status))\(StatusBadge.tags(for: cell))</td>"
        html += "<td data-label=\"Attempts\">\(attemptsHTML(cell))</td>"
        html +=
            "<td class=\"build\" data-label=\"Build\">\(cell.buildId.map { "<code>\($0.htmlEscaped)</code>" } ?? dash)</td>"
        let started = bar.start.map { timeline.origin.addingTimeInterval($0) }
        html += "<td class=\"nowrap\" data-label=\"Started\">\(started.map(TimeText.clockElement) ?? dash)</td>"
        let finished = cell.status.isFinal ? cell.finishedAt : nil
        html += "<td class=\"nowrap\" data-label=\"Finished\">\(finished.map(TimeText.clockElement) ?? dash)</td>"
        html += "<td class=\"nowrap\" data-label=\"Duration\">\(durationHTML(bar))</td>"
        html += "<td class=\"error\" data-label=\"Error\">\(Self.errorHTML(cell.error))</td>"
        return html + "</tr>\n"
    }

    private func durationHTML(_ bar: RunTimeline.Bar) -> String {
        guard bar.start != nil else { return "<span class=\"muted\">—</span>" }
        let text = TimeText.duration(bar.duration)
        return bar.isLive ? "\(text) <span class=\"muted\">so far</span>" : text
    }

    private func attemptsHTML(_ cell: CellRecord) -> String {
        guard cell.attempt > 0 else { return "<span class=\"muted\">—</span>" }
        let summary = "\(cell.attempt) of \(cell.retries + 1)"
        let history = (attempts[cell.seq] ?? []).sorted { $0.attempt < $1.attempt }
        guard history.count > 1 else { return summary }
        var html = "<details class=\"attempts\"><summary>\(summary)</summary><ol class=\"attempts\">"
        for attempt in history {
            html += "<li value=\"\(attempt.attempt)\">\(StatusBadge.cell(attempt.status))"
            if let build = attempt.buildId { html += " <code>\(build.htmlEscaped)</code>" }
            html += " · \(TimeText.clockElement(attempt.startedAt))"
            if let finished = attempt.finishedAt {
                html += " · \(TimeText.duration(finished.timeIntervalSince(attempt.startedAt)))"
            }
            if let error = attempt.error {
                let preview = error.truncated(to: 160)
                let title = preview == error ? "" : " title=\"\(error.htmlEscaped)\""
                html += "<div class=\"error-text\"\(title)>\(preview.htmlEscaped)</div>"
            }
            html += "</li>"
        }
        return html + "</ol></details>"
    }

    /// A cell's error: short ones as text, long or multi-line ones as a preview whose `<details>` holds all of it.
    static func errorHTML(_ error: String?) -> String {
        guard let error, !error.isEmpty else { return "" }
        let firstLine = error.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(
            String.init)
        let preview = (firstLine ?? error).truncated(to: errorPreviewLength)
        if preview == error { return "<span class=\"error-text\">\(error.htmlEscaped)</span>" }
        return
            "<details class=\"error-full\"><summary>\(preview.htmlEscaped)</summary><pre>\(error.htmlEscaped)</pre></details>"
    }
}
