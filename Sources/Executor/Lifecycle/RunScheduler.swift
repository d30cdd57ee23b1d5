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
        let cells = cells.sorted { $0.seq < $1.seq }
        if cancelled {
            let open = cells.filter { !$0.hasEnded }.map(\.seq)
            return ScheduleActions(cancel: open, finished: .cancelled)
        }

        // Under `stop`, everything after the earliest stage with a hard failure is skipped.
        let firstFailedStage = cells.filter(\.isHardFailure).map(\.stage).min()
        let skipAfter = settings.onFailure == .stop ? firstFailedStage : nil
        let skip = cells.filter { cell in
            guard let skipAfter, cell.status == .pending else { return false }
            return cell.stage > skipAfter
        }.map(\.seq)
        let skipped = Set(skip)

        let start = cellsToStart(cells, skipped: skipped, settings: settings)

        let open = cells.contains { !$0.hasEnded && !skipped.contains($0.seq) }
        var finished: RunStatus?
        if !open {
            let failed = cells.contains { $0.isHardFailure || $0.status == .cancelled }
            finished = failed ? .failed : .passed
        }
        return ScheduleActions(start: start, skip: skip, finished: finished)
    }

    /// Pending, not skipped cells whose predecessors have ended, within each stage's free slots.
    private static func cellsToStart(_ cells: [CellState], skipped: Set<Int>, settings: ScheduleSettings) -> [Int] {
        // The earliest stage in which some cell has not ended: under stage order only that stage runs.
        let firstOpenStage = cells.filter { !$0.hasEnded }.map(\.stage).min()
        // Per lane (and for commands), the earliest stage with a cell that has not ended.
        var firstOpenStageOfLane: [Int: Int] = [:]
        var firstOpenCommandStage: Int?
        for cell in cells where !cell.hasEnded {
            if let lane = cell.lane {
                firstOpenStageOfLane[lane] = min(firstOpenStageOfLane[lane] ?? cell.stage, cell.stage)
            } else {
                firstOpenCommandStage = min(firstOpenCommandStage ?? cell.stage, cell.stage)
            }
        }

        func mayStart(_ cell: CellState) -> Bool {
            switch settings.order {
            case .stage:
                return cell.stage == firstOpenStage
            case .lane:
                guard let lane = cell.lane else { return cell.stage == firstOpenStage }
                let laneClear = (firstOpenStageOfLane[lane] ?? cell.stage) >= cell.stage
                let commandsClear = (firstOpenCommandStage ?? cell.stage) >= cell.stage
                return laneClear && commandsClear
            }
        }

        var running: [Int: Int] = [:]
        for cell in cells where cell.status == .running { running[cell.stage, default: 0] += 1 }

        var start: [Int] = []
        for cell in cells where cell.status == .pending && !skipped.contains(cell.seq) && mayStart(cell) {
            if let limit = settings.maxParallel, running[cell.stage, default: 0] >= max(1, limit) { continue }
            running[cell.stage, default: 0] += 1
            start.append(cell.seq)
        }
        return start
    }
}
