import Foundation
import Store

/// A run's timeline before it is drawn: one bar per cell, grouped by stage, on an axis of time since the run began.
///
/// Pure: computed from the records and `now`, so a live run's running bars end at `now`.
struct RunTimeline {
    /// One cell's bar. Offsets are seconds since `origin`; a cell that never started has none.
    struct Bar {
        /// The cell it draws.
        var cell: CellRecord
        /// When its first attempt started.
        var start: TimeInterval?
        /// When it ended, or `now` while it is still going.
        var end: TimeInterval?
        /// When each attempt after the first started (drawn as marks inside the bar).
        var retryStarts: [TimeInterval]
        /// The attempts before the current one: where each lies on the axis and how it ended.
        var earlierAttempts: [(start: TimeInterval, end: TimeInterval, status: CellStatus)]
        /// Whether the bar is still growing (the cell has started and not ended).
        var isLive: Bool

        /// How long the bar lasts (0 for a cell that never started).
        var duration: TimeInterval {
            guard let start, let end else { return 0 }
            return max(end - start, 0)
        }
    }

    /// One stage's bars, in seq order.
    struct Stage {
        /// The 1-based stage number.
        var number: Int
        /// Its bars.
        var bars: [Bar]
    }

    /// Time zero of the axis: when the run (or its first cell) started.
    var origin: Date
    /// The length of the axis in seconds (at least 1).
    var span: TimeInterval
    /// The stages, in order.
    var stages: [Stage]
    /// Where `now` is on the axis while the run is live; `nil` once it has ended.
    var nowOffset: TimeInterval?

    /// The timeline of `run` with `cells` (any order) and, keyed by seq, the attempts of those that have them.
    init(run: RunRecord, cells: [CellRecord], attempts: [Int: [AttemptRecord]], now: Date) {
        let firstStarts: [Int: Date] = Dictionary(
            uniqueKeysWithValues: cells.compactMap { cell in
                let attemptStart = attempts[cell.seq]?.map(\.startedAt).min()
                let start = [attemptStart, cell.startedAt].compactMap { $0 }.min()
                return start.map { (cell.seq, $0) }
            })
        var origin = run.startedAt ?? firstStarts.values.min() ?? run.createdAt
        if let earliest = firstStarts.values.min(), earliest < origin { origin = earliest }

        let live = !run.status.isFinal
        // A run that has ended but still has a cell marked running (a crash) draws that cell up to the run's end.
        let openEnd = live ? now : (run.finishedAt ?? now)
        var end = live ? now : (run.finishedAt ?? origin)

        var bars: [Bar] = []
        for cell in cells.sorted(by: { $0.seq < $1.seq }) {
            guard let firstStart = firstStarts[cell.seq] else {
                bars.append(Bar(cell: cell, start: nil, end: nil, retryStarts: [], earlierAttempts: [], isLive: false))
                continue
            }
            let isLive = !cell.status.isFinal
            let cellEnd = isLive ? max(openEnd, firstStart) : (cell.finishedAt ?? cell.startedAt ?? firstStart)
            end = max(end, cellEnd)
            let history = (attempts[cell.seq] ?? []).sorted { $0.attempt < $1.attempt }
            let retryStarts = history.filter { $0.attempt > 1 }.map { $0.startedAt.timeIntervalSince(origin) }
            let earlierAttempts = history.filter { $0.attempt < cell.attempt }.map { attempt in
                let attemptEnd = attempt.finishedAt ?? attempt.startedAt
                return (
                    attempt.startedAt.timeIntervalSince(origin), attemptEnd.timeIntervalSince(origin), attempt.status
                )
            }
            bars.append(
                Bar(
                    cell: cell, start: firstStart.timeIntervalSince(origin), end: cellEnd.timeIntervalSince(origin),
                    retryStarts: retryStarts, earlierAttempts: earlierAttempts, isLive: isLive))
        }

        self.origin = origin
        let elapsed = max(end.timeIntervalSince(origin), 1)
        // A live run's axis runs a little past `now`, so that running bars visibly stop at the now line.
        self.span = live ? elapsed * 1.06 : elapsed
        self.stages = Dictionary(grouping: bars, by: \.cell.stage)
            .sorted { $0.key < $1.key }
            .map { Stage(number: $0.key, bars: $0.value) }
        self.nowOffset = live ? max(now.timeIntervalSince(origin), 0) : nil
    }

    /// The number of bars (one per cell).
    var barCount: Int { stages.reduce(0) { $0 + $1.bars.count } }

    /// Whether any cell has started (otherwise there is nothing on the axis yet).
    var hasStarted: Bool { stages.contains { $0.bars.contains { $0.start != nil } } }

    /// The axis's tick marks: offsets at a round step (1 s … 1 day) giving at most `maxTicks` intervals.
    func ticks(maxTicks: Int = 8) -> [TimeInterval] {
        let steps: [TimeInterval] = [
            1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
        ]
        let step = steps.first { span / $0 <= Double(maxTicks) } ?? (span / Double(maxTicks)).rounded(.up)
        return stride(from: 0, through: span + 0.001, by: step).map { $0 }
    }
}
