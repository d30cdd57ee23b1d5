import PlanCompiler
import Store

/// The pure rules for a run as a whole: which cells start, which are skipped, and when the run ends.
///
/// It reads only the cells' current records and the plan's settings (no history), so it says the
/// same thing after a restart as before it.
public enum RunScheduler {
    /// The actions due for a run whose cells are `cells` (any order), under `settings`.
    ///
    /// - A cancelled run starts nothing: every pending or running cell is cancelled and the run
    ///   ends `cancelled`.
    /// - `order: stage`: a cell of stage k may start when every cell of every earlier stage has
    ///   ended. `order: lane`: a lane-L cell of stage k may start when every lane-L cell and every
    ///   command cell of earlier stages has ended; a command cell waits for every earlier cell.
    /// - `maxParallel` limits the running cells of each stage; eligible cells start in `seq` order.
    /// - Under `onFailure: stop`, a hard failure in stage S skips every pending cell of a stage
    ///   after S; cells of stages up to S still run.
    /// - The run ends when no cell is pending or running: `failed` if any cell failed hard (or
    ///   was cancelled), else `passed`.
    public static func actions(
        for cells: [CellState], settings: ScheduleSettings, cancelled: Bool = false
    )
        -> ScheduleActions
    {
        // Callers pass cells in seq order (the driver does); sort only when they are not.
        let inOrder = zip(cells, cells.dropFirst()).allSatisfy { $0.seq < $1.seq }
        let cells = inOrder ? cells : cells.sorted { $0.seq < $1.seq }
        if cancelled {
            let open = cells.filter { !$0.hasEnded }.map(\.seq)
            return ScheduleActions(cancel: open, finished: .cancelled)
        }

        // One pass for what the rules need: the earliest open stage (all, per lane, of commands),
        // the earliest stage with a hard failure, running cells per stage, and how the run ends.
        var summary = Summary()
        for cell in cells { summary.add(cell) }

        // Under `stop`, everything after the earliest stage with a hard failure is skipped.
        let skipAfter = settings.onFailure == .stop ? summary.firstFailedStage : nil
        var skip: [Int] = []
        if let skipAfter {
            for cell in cells where cell.status == .pending && cell.stage > skipAfter { skip.append(cell.seq) }
        }
        let skipped = Set(skip)

        let start = cellsToStart(cells, skipped: skipped, summary: summary, settings: settings)

        var finished: RunStatus?
        // Skipped cells are the only open ones left when all that is open is to be skipped.
        if summary.openCount == skip.count {
            finished = summary.anyFailedOrCancelled ? .failed : .passed
        }
        return ScheduleActions(start: start, skip: skip, finished: finished)
    }

    /// What one pass over a run's cells learns for the rules.
    private struct Summary {
        var firstOpenStage: Int?
        var firstOpenStageOfLane: [Int: Int] = [:]
        var firstOpenCommandStage: Int?
        var firstFailedStage: Int?
        var running: [Int: Int] = [:]
        var openCount = 0
        var anyFailedOrCancelled = false

        mutating func add(_ cell: CellState) {
            if cell.isHardFailure {
                firstFailedStage = min(firstFailedStage ?? cell.stage, cell.stage)
            }
            if cell.isHardFailure || cell.status == .cancelled { anyFailedOrCancelled = true }
            guard !cell.hasEnded else { return }
            openCount += 1
            firstOpenStage = min(firstOpenStage ?? cell.stage, cell.stage)
            if let lane = cell.lane {
                firstOpenStageOfLane[lane] = min(firstOpenStageOfLane[lane] ?? cell.stage, cell.stage)
            } else {
                firstOpenCommandStage = min(firstOpenCommandStage ?? cell.stage, cell.stage)
            }
            if cell.status == .running { running[cell.stage, default: 0] += 1 }
        }
    }

    /// Pending, not skipped cells whose predecessors have ended, within each stage's free slots.
    private static func cellsToStart(
        _ cells: [CellState], skipped: Set<Int>, summary: Summary, settings: ScheduleSettings
    ) -> [Int] {
        func mayStart(_ cell: CellState) -> Bool {
            switch settings.order {
            case .stage:
                // Under stage order only the earliest stage with an open cell runs.
                return cell.stage == summary.firstOpenStage
            case .lane:
                guard let lane = cell.lane else { return cell.stage == summary.firstOpenStage }
                let laneClear = (summary.firstOpenStageOfLane[lane] ?? cell.stage) >= cell.stage
                let commandsClear = (summary.firstOpenCommandStage ?? cell.stage) >= cell.stage
                return laneClear && commandsClear
            }
        }

        var running = summary.running
        var start: [Int] = []
        for cell in cells where cell.status == .pending && !skipped.contains(cell.seq) && mayStart(cell) {
            if let limit = settings.maxParallel, running[cell.stage, default: 0] >= max(1, limit) { continue }
            running[cell.stage, default: 0] += 1
            start.append(cell.seq)
        }
        return start
    }
}
