import Executor
import Foundation
import Store

/// One picture of a run for a terminal, redrawn in place: a header, one line per cell (status
/// symbol, seq, stage, step and browser, attempt, build id, elapsed), and the last notice.
///
/// Pure: the display keeps the state and the clock; this only lays it out. Lines are cut to
/// `width` columns before colour is added, so a redraw never wraps and loses its place.
struct LiveFrame {
    /// What the frame shows of one cell.
    struct Cell {
        var progress: CellProgress
        /// When this process first saw the current attempt running.
        var runningSince: Date?
        /// When this process saw the cell end (or go back to pending for a retry).
        var endedAt: Date?
    }

    var runId: String
    var planName: String
    var status: RunStatus?
    var startedAt: Date
    var now: Date
    var cells: [Cell]
    var notice: String?
    var colour: Bool
    /// The most columns a line may take.
    var width: Int
    /// The most cell lines shown; beyond it, the cells that matter most are shown and the rest counted.
    var maxCellLines: Int

    /// The frame's lines, without line breaks.
    var lines: [String] {
        var lines: [String] = []
        let ended = cells.filter { $0.progress.status.isFinal }.count
        let header =
            "orch run \(runId) · \(planName) · \(status?.rawValue ?? "starting") · \(ended)/\(cells.count) ended · "
            + Self.elapsed(now.timeIntervalSince(startedAt))
        lines.append(paint(cut(header), Self.bold))

        let shown = visibleCells()
        for cell in shown { lines.append(line(cell)) }
        let hidden = cells.count - shown.count
        if hidden > 0 {
            let shownSeqs = Set(shown.map(\.progress.seq))
            var counts: [CellStatus: Int] = [:]
            for cell in cells where !shownSeqs.contains(cell.progress.seq) {
                counts[cell.progress.status, default: 0] += 1
            }
            let parts = CellStatus.allCases.compactMap { status in counts[status].map { "\($0) \(status.rawValue)" } }
            lines.append(paint(cut("  … \(hidden) more: " + parts.joined(separator: ", ")), Self.dim))
        }
        if let notice { lines.append(paint(cut("  note: " + ProgressLine.oneLine(notice)), Self.yellow)) }
        return lines
    }

    /// Every cell when they fit; else the running and retrying ones, then failures, then the latest
    /// to end, then the next pending ones, in seq order.
    func visibleCells() -> [Cell] {
        guard cells.count > maxCellLines else { return cells }
        func rank(_ cell: Cell) -> Int {
            switch cell.progress.status {
            case .running: 0
            case .pending where cell.progress.attempt > 0: 0
            case .failed, .error: 1
            case .passed, .skipped, .cancelled: 2
            case .pending: 3
            }
        }
        let chosen = cells.sorted { a, b in
            let (ra, rb) = (rank(a), rank(b))
            if ra != rb { return ra < rb }
            if ra == 2 { return (a.endedAt ?? .distantPast) > (b.endedAt ?? .distantPast) }
            return a.progress.seq < b.progress.seq
        }.prefix(max(1, maxCellLines))
        return chosen.sorted { $0.progress.seq < $1.progress.seq }
    }

    /// `✔ 3  stage 2  ZuBmU-WNsQAX…/chrome  passed  attempt 1  1.5s  build b-17`, then any reason:
    /// what matters most first, so cutting the line at the terminal's width loses the least.
    private func line(_ cell: Cell) -> String {
        let p = cell.progress
        let (symbol, style) = Self.symbol(p)
        var words = p.status.rawValue
        if p.status == .pending && p.attempt > 0 { words = "retrying" }
        if p.flaky { words += " (flaky)" }
        if p.soft { words += " (soft)" }
        let step = p.stepId.count > 16 ? String(p.stepId.prefix(12)) + "…" : p.stepId
        var fields = ["\(p.seq)", "stage \(p.stage)", p.browserName.map { "\(step)/\($0)" } ?? step, words]
        if p.attempt > 0 { fields.append("attempt \(p.attempt)") }
        if let since = cell.runningSince { fields.append(Self.elapsed((cell.endedAt ?? now).timeIntervalSince(since))) }
        if let buildId = p.buildId { fields.append("build \(buildId)") }
        var text = "  \(symbol) " + fields.joined(separator: "  ")
        if let error = p.error, p.status != .passed { text += ": " + ProgressLine.oneLine(error) }
        return paint(cut(text), style)
    }

    /// The symbol and colour of a cell's status.
    static func symbol(_ cell: CellProgress) -> (String, String) {
        switch cell.status {
        case .pending: cell.attempt > 0 ? ("↻", yellow) : ("·", dim)
        case .running: ("▸", cyan)
        case .passed: ("✔", cell.flaky ? yellow : green)
        case .failed: ("✘", cell.soft ? yellow : red)
        case .error: ("!", cell.soft ? yellow : red)
        case .skipped: ("-", dim)
        case .cancelled: ("⊘", dim)
        }
    }

    /// `0.4s`, `12.3s`, `2m05s`, `1h02m`.
    static func elapsed(_ seconds: TimeInterval) -> String {
        let seconds = max(0, seconds)
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let whole = Int(seconds)
        if whole < 3600 { return String(format: "%dm%02ds", whole / 60, whole % 60) }
        return String(format: "%dh%02dm", whole / 3600, whole % 3600 / 60)
    }

    private func cut(_ text: String) -> String {
        text.count <= width ? text : String(text.prefix(max(1, width - 1))) + "…"
    }

    private func paint(_ text: String, _ style: String) -> String {
        colour ? "\u{1B}[\(style)m" + text + "\u{1B}[0m" : text
    }

    static let bold = "1"
    static let dim = "2"
    static let red = "31"
    static let green = "32"
    static let yellow = "33"
    static let cyan = "36"
}
