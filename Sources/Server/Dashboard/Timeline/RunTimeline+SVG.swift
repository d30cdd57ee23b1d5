import Foundation
import Store

extension RunTimeline {
    /// The drawing's geometry, in SVG user units (the drawing scales to the page's width).
    enum Geometry {
        /// The whole drawing's width.
        static let width = 1000.0
        /// Where bars begin: left of it are the cells' names.
        static let chartX = 260.0
        /// How wide the bars' area is: right of it is each cell's status in words.
        static let chartWidth = 560.0
        /// Where the status column begins.
        static let statusX = chartX + chartWidth + 14
        /// The axis row on top.
        static let axisHeight = 30.0
        /// A stage's heading row.
        static let stageHeight = 24.0
        /// One cell's row.
        static let rowHeight = 22.0
        /// A bar's height inside its row.
        static let barHeight = 14.0
        /// The row under the chart that holds the `now` label while the run is live.
        static let nowLabelHeight = 18.0
        /// The narrowest bar of a cell that started, so that a one-second cell in an hour-long run is seen.
        static let minimumBarWidth = 2.0
    }

    /// The x coordinate of an offset from the run's start.
    func x(_ offset: TimeInterval) -> Double {
        Geometry.chartX + min(max(offset / span, 0), 1) * Geometry.chartWidth
    }

    /// The timeline as an inline `<svg>` element (no external references; styled by the page's CSS).
    func svg() -> String {
        typealias G = Geometry
        let chartBottom = G.axisHeight + Double(stages.count) * G.stageHeight + Double(barCount) * G.rowHeight
        let height = chartBottom + (nowOffset == nil ? 8 : G.nowLabelHeight + 4)
        let label =
            "Timeline of the run: \(barCount) cells in \(stages.count) stages over \(TimeText.duration(nowOffset ?? span))"
        var out =
            "<svg class=\"timeline\" viewBox=\"0 0 \(n(G.width)) \(n(height))\" width=\"\(n(G.width))\" "
            + "height=\"\(n(height))\" role=\"img\" aria-label=\"\(label.htmlEscaped)\">"

        // The axis: round ticks with their labels, and grid lines through every row.
        out += "<text class=\"tl-axis-name\" x=\"4\" y=\"18\">time since start</text>"
        for tick in ticks() {
            let tx = n(x(tick))
            out +=
                "<line class=\"tl-grid\" x1=\"\(tx)\" y1=\"\(n(G.axisHeight - 6))\" x2=\"\(tx)\" y2=\"\(n(chartBottom + 4))\"/>"
            out += "<text class=\"tl-tick\" x=\"\(tx)\" y=\"18\" text-anchor=\"middle\">\(TimeText.offset(tick))</text>"
        }

        var y = G.axisHeight
        var row = 0
        for stage in stages {
            let counts = CellCountsBar.counts(of: stage.bars.map(\.cell))
            out += "<g class=\"tl-stage\" data-stage=\"\(stage.number)\">"
            out +=
                "<line class=\"tl-stage-rule\" x1=\"0\" y1=\"\(n(y + 0.5))\" x2=\"\(n(G.width))\" y2=\"\(n(y + 0.5))\"/>"
            out +=
                "<text class=\"tl-stage-name\" x=\"4\" y=\"\(n(y + 16))\">Stage \(stage.number)"
                + "<tspan class=\"tl-sub\"> · \(CellCountsBar.words(counts))</tspan></text>"
            y += G.stageHeight
            for bar in stage.bars {
                out += barElement(bar, top: y, zebra: row % 2 == 1)
                y += G.rowHeight
                row += 1
            }
            out += "</g>"
        }

        if let nowOffset {
            let nx = n(x(nowOffset))
            out +=
                "<line class=\"tl-now\" x1=\"\(nx)\" y1=\"\(n(G.axisHeight - 6))\" x2=\"\(nx)\" y2=\"\(n(chartBottom + 4))\"/>"
            out +=
                "<text class=\"tl-now-label\" x=\"\(nx)\" y=\"\(n(chartBottom + G.nowLabelHeight))\" "
                + "text-anchor=\"middle\">now · \(TimeText.offset(nowOffset))</text>"
        }
        return out + "</svg>"
    }

    /// One cell's row: its name, its bar (with a `<title>` for hover) and its status in words.
    private func barElement(_ bar: Bar, top: Double, zebra: Bool) -> String {
        typealias G = Geometry
        let cell = bar.cell
        var classes = "bar status-\(cell.status.rawValue)"
        if cell.flaky { classes += " flaky" }
        if cell.soft { classes += " soft" }
        if bar.isLive { classes += " live" }
        var out =
            "<g class=\"\(classes)\" data-seq=\"\(cell.seq)\" data-duration=\"\(String(format: "%.3f", bar.duration))\">"
        out += "<title>\(hoverText(bar).htmlEscaped)</title>"
        if zebra {
            out +=
                "<rect class=\"tl-zebra\" x=\"0\" y=\"\(n(top))\" width=\"\(n(G.width))\" height=\"\(n(G.rowHeight))\"/>"
        }

        // The name is cut to fit its column, and drawn in a nested <svg> that clips whatever wide letters
        // still overflow, so that a label never runs into the bars.
        let browser = (BrowserText.short(cell.capability) ?? "command").truncated(to: 14)
        let name = cell.stepId.truncated(toWidth: max(31 - (" · " + browser).estimatedWidth, 10))
        out +=
            "<svg class=\"tl-labelbox\" x=\"0\" y=\"\(n(top))\" width=\"\(n(G.chartX - 8))\" height=\"\(n(G.rowHeight))\">"
            + "<text class=\"tl-label\" x=\"14\" y=\"15\">\(name.htmlEscaped)"
            + "<tspan class=\"tl-sub\"> · \(browser.htmlEscaped)</tspan></text></svg>"

        let barY = n(top + (G.rowHeight - G.barHeight) / 2)
        if let start = bar.start {
            let width = max(bar.duration / span * G.chartWidth, G.minimumBarWidth)
            out +=
                "<rect class=\"tl-bar\" x=\"\(n(x(start)))\" y=\"\(barY)\" width=\"\(n(width))\" "
                + "height=\"\(n(G.barHeight))\" rx=\"2\"/>"
            // Earlier attempts are drawn over the bar's start in their own status's colour.
            for earlier in bar.earlierAttempts {
                let ex = x(earlier.start)
                let ew = max(x(earlier.end) - ex, G.minimumBarWidth)
                out +=
                    "<rect class=\"tl-attempt status-\(earlier.status.rawValue)\" x=\"\(n(ex))\" y=\"\(barY)\" "
                    + "width=\"\(n(ew))\" height=\"\(n(G.barHeight))\" rx=\"2\"/>"
            }
            for retry in bar.retryStarts {
                let rx = n(x(retry))
                out += "<line class=\"tl-retry\" x1=\"\(rx)\" y1=\"\(barY)\" x2=\"\(rx)\" y2=\"\(n(top + 18))\"/>"
            }
        } else {
            // A cell that never started has an empty bar: a faint dotted line across the chart's row.
            let ly = n(top + G.rowHeight / 2)
            out +=
                "<rect class=\"tl-bar tl-unstarted\" x=\"\(n(G.chartX))\" y=\"\(barY)\" width=\"0\" "
                + "height=\"\(n(G.barHeight))\"/>"
            out +=
                "<line class=\"tl-empty\" x1=\"\(n(G.chartX))\" y1=\"\(ly)\" x2=\"\(n(G.chartX + G.chartWidth))\" "
                + "y2=\"\(ly)\"/>"
        }

        out +=
            "<text class=\"tl-status\" x=\"\(n(G.statusX))\" y=\"\(n(top + 15))\">\(statusText(bar).htmlEscaped)</text>"
        return out + "</g>"
    }

    /// A bar's status in words, right of the chart: `passed · 1m 05s · flaky`.
    private func statusText(_ bar: Bar) -> String {
        var text = bar.cell.status.rawValue
        if bar.start != nil { text += " · \(TimeText.duration(bar.duration))" }
        if bar.cell.flaky { text += " · flaky" }
        if bar.cell.soft { text += " · soft" }
        if bar.cell.status == .pending && bar.cell.attempt > 0 { text += " · retrying" }
        return text
    }

    /// A bar's hover text: everything about the cell in one line.
    private func hoverText(_ bar: Bar) -> String {
        let cell = bar.cell
        var text = "#\(cell.seq) \(cell.stepId) · \(BrowserText.describe(cell.capability) ?? "command")"
        if let lane = cell.lane { text += " · lane \(lane)" }
        text += " — \(cell.status.rawValue)"
        if let start = bar.start, let end = bar.end {
            let from = origin.addingTimeInterval(start)
            let to = origin.addingTimeInterval(end)
            text += ", \(TimeText.duration(bar.duration)) (\(TimeText.clock(from)) → \(TimeText.clock(to)) UTC"
            text += bar.isLive ? (cell.status == .running ? ", still running)" : ", waiting for a retry)") : ")"
        } else {
            text += ", not started"
        }
        if cell.attempt > 0 { text += ", attempt \(cell.attempt) of \(cell.retries + 1)" }
        if cell.flaky { text += ", flaky" }
        if cell.soft { text += ", soft failure" }
        return text
    }

    /// A coordinate written with at most two decimals.
    private func n(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? "\(Int(rounded))" : String(format: "%.2f", rounded)
    }
}
