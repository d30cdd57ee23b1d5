import Executor
import Foundation
import Store
import Synchronization

/// Shows a driver's progress stream: a live view redrawn in place on a terminal, or one line per
/// state change (`ProgressLine`) anywhere else.
final class ProgressDisplay: Sendable {
    /// How progress is shown.
    enum Style: Sendable, Equatable {
        /// Redrawn in place; with colour or not.
        case live(colour: Bool)
        /// One line per change.
        case lines
    }

    /// The style for a stream: live on a terminal unless `TERM=dumb`; colour unless `NO_COLOR` is set.
    static func style(isTerminal: Bool, environment: [String: String]) -> Style {
        guard isTerminal, environment["TERM"] != "dumb" else { return .lines }
        return .live(colour: (environment["NO_COLOR"] ?? "").isEmpty)
    }

    private struct State {
        var status: RunStatus?
        var cells: [Int: LiveFrame.Cell] = [:]
        var notice: String?
        var linesDrawn = 0
        var finished = false
    }

    let style: Style
    private let sink: Console.Sink
    private let runId: String
    private let planName: String
    private let startedAt: Date
    private let width: Int
    private let maxCellLines: Int
    private let state = Mutex(State())

    /// A display writing to `sink`; a terminal's size is read from `COLUMNS` and `LINES` when set.
    init(style: Style, sink: @escaping Console.Sink, runId: String, planName: String, environment: [String: String]) {
        self.style = style
        self.sink = sink
        self.runId = runId
        self.planName = planName
        startedAt = Date()
        width = environment["COLUMNS"].flatMap(Int.init).map { max(20, $0 - 1) } ?? 79
        maxCellLines = environment["LINES"].flatMap(Int.init).map { max(3, $0 - 4) } ?? 20
    }

    /// Whether the view is redrawn in place (and wants `refresh()` now and then for the elapsed times).
    var isLive: Bool { style != .lines }

    /// Writes the plan line (in line style; the live view's header names the plan).
    func start(planHash: String, stages: Int, cells: Int) {
        guard style == .lines else { return }
        sink(
            ProgressLine.plan(runId: runId, name: planName, hash: planHash, stages: stages, cells: cells, at: Date())
                + "\n")
    }

    /// Takes one change of the driver's stream.
    func handle(_ change: RunProgress) {
        let now = Date()
        var line: String?
        state.withLock { state in
            switch change {
            case .run(_, let status):
                state.status = status
                line = ProgressLine.run(runId: runId, status: status, at: now)
            case .cell(let cell):
                let previous = state.cells[cell.seq]
                var entry = previous ?? LiveFrame.Cell(progress: cell)
                if cell.status == .running,
                    previous?.progress.status != .running || previous?.progress.attempt != cell.attempt
                {
                    entry.runningSince = now
                    entry.endedAt = nil
                }
                if cell.status != .running, previous?.progress.status == .running { entry.endedAt = now }
                entry.progress = cell
                state.cells[cell.seq] = entry
                // A cell first seen untouched is no news: a run's first tick lists every pending cell.
                if previous != nil || cell.status != .pending || cell.attempt > 0 {
                    line = ProgressLine.cell(cell, at: now)
                }
            case .notice(_, let seq, let message):
                state.notice = seq.map { "cell \($0): \(message)" } ?? message
                line = ProgressLine.notice(runId: runId, seq: seq, message: message, at: now)
            }
        }
        switch style {
        case .lines: if let line { sink(line + "\n") }
        case .live: redraw()
        }
    }

    /// Redraws the live view (for its elapsed times); nothing in line style.
    func refresh() {
        if isLive { redraw() }
    }

    /// Draws the last frame (the live view stays on screen); later calls draw nothing.
    func finish() {
        if isLive { redraw() }
        state.withLock { $0.finished = true }
    }

    private func redraw() {
        guard case .live(let colour) = style else { return }
        // Drawn under the lock: two redraws that interleaved would move the cursor by the wrong count.
        state.withLock { state in
            guard !state.finished else { return }
            let frame = LiveFrame(
                runId: runId, planName: planName, status: state.status, startedAt: startedAt, now: Date(),
                cells: state.cells.values.sorted { $0.progress.seq < $1.progress.seq }, notice: state.notice,
                colour: colour, width: width, maxCellLines: maxCellLines)
            let lines = frame.lines
            // Back to the frame's first line, each line cleared and rewritten, then the rest of the old frame erased.
            var text = state.linesDrawn > 0 ? "\u{1B}[\(state.linesDrawn)A\r" : ""
            for line in lines { text += "\u{1B}[2K" + line + "\n" }
            text += "\u{1B}[J"
            state.linesDrawn = lines.count
            sink(text)
        }
    }
}
