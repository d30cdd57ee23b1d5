import PlanCompiler
import Store
import Testing

@testable import Executor

/// Cells laid out as a plan would compile them: `stages` stages of `lanes` browsers, with command
/// stages (one cell, no lane) where asked. Seq numbers run stage by stage, lane by lane.
func matrix(stages: Int, lanes: Int, commandStages: Set<Int> = []) -> [CellState] {
    var cells: [CellState] = []
    for stage in 1...stages {
        if commandStages.contains(stage) {
            cells.append(CellState(seq: cells.count + 1, stage: stage, lane: nil, kind: .command))
        } else {
            for lane in 1...lanes {
                cells.append(CellState(seq: cells.count + 1, stage: stage, lane: lane, kind: .trace))
            }
        }
    }
    return cells
}

extension Array where Element == CellState {
    /// These cells with the cells `seqs` set to `status` (attempt 1 unless it is pending).
    func with(_ seqs: [Int], _ status: CellStatus, attempt: Int? = nil) -> [CellState] {
        map { cell in
            guard seqs.contains(cell.seq) else { return cell }
            var changed = cell
            changed.status = status
            changed.attempt = attempt ?? (status == .pending ? 0 : 1)
            return changed
        }
    }

    /// The cell with the given seq.
    func cell(_ seq: Int) -> CellState? { first { $0.seq == seq } }
}

@Suite("Run scheduler")
struct RunSchedulerTests {
    let stage = ScheduleSettings(order: .stage)
    let lane = ScheduleSettings(order: .lane)

    // MARK: stage order

    @Test func stageOrderStartsEveryCellOfTheFirstStage() {
        let cells = matrix(stages: 3, lanes: 2)
        #expect(RunScheduler.actions(for: cells, settings: stage) == ScheduleActions(start: [1, 2]))
    }

    @Test func stageOrderWaitsForEveryCellOfTheStage() {
        let cells = matrix(stages: 3, lanes: 2).with([1], .passed).with([2], .running)
        #expect(RunScheduler.actions(for: cells, settings: stage).isIdle)
    }

    @Test func stageOrderStartsTheNextStageWhenTheStageHasEnded() {
        let cells = matrix(stages: 3, lanes: 2).with([1, 2], .passed)
        #expect(RunScheduler.actions(for: cells, settings: stage).start == [3, 4])
    }

    @Test func stageOrderTreatsACellWaitingForARetryAsNotEnded() {
        let cells = matrix(stages: 2, lanes: 2).with([1], .passed).with([2], .pending, attempt: 1)
        #expect(RunScheduler.actions(for: cells, settings: stage).start == [2])
    }

    @Test func softFailuresAndSkipsCountAsEnded() {
        var cells = matrix(stages: 2, lanes: 2).with([1], .failed).with([2], .passed)
        cells[0].continueOnError = true
        #expect(RunScheduler.actions(for: cells, settings: stage).start == [3, 4])
    }

    @Test func startsAreInSeqOrderWhateverTheInputOrder() {
        let cells = Array(matrix(stages: 1, lanes: 4).reversed())
        #expect(RunScheduler.actions(for: cells, settings: stage).start == [1, 2, 3, 4])
    }

    @Test func runningCellsAreNotStartedAgain() {
        let cells = matrix(stages: 1, lanes: 3).with([2], .running)
        #expect(RunScheduler.actions(for: cells, settings: stage).start == [1, 3])
    }

    // MARK: maxParallel

    @Test func maxParallelLimitsTheCellsOfAStageStartedAtOnce() {
        let settings = ScheduleSettings(order: .stage, maxParallel: 2)
        let cells = matrix(stages: 1, lanes: 5)
        #expect(RunScheduler.actions(for: cells, settings: settings).start == [1, 2])
    }

    @Test func maxParallelCountsCellsAlreadyRunning() {
        let settings = ScheduleSettings(order: .stage, maxParallel: 2)
        let cells = matrix(stages: 1, lanes: 5).with([1], .passed).with([2], .running)
        #expect(RunScheduler.actions(for: cells, settings: settings).start == [3])
        let full = matrix(stages: 1, lanes: 5).with([1, 3], .running)
        #expect(RunScheduler.actions(for: full, settings: settings).isIdle)
    }

    @Test func maxParallelIsPerStageInLaneOrder() {
        let settings = ScheduleSettings(order: .lane, maxParallel: 1)
        // Chrome (lane 1) finished stage 1; firefox (lane 2) still runs stage 1.
        let cells = matrix(stages: 2, lanes: 2).with([1], .passed).with([2], .running)
        #expect(RunScheduler.actions(for: cells, settings: settings).start == [3])
    }

    @Test func maxParallelBelowOneStillLetsOneCellRun() {
        let settings = ScheduleSettings(order: .stage, maxParallel: 0)
        #expect(RunScheduler.actions(for: matrix(stages: 1, lanes: 3), settings: settings).start == [1])
    }

    // MARK: lane order

    @Test func laneOrderLetsALaneGoAheadOfAnother() {
        // Stage 1: chrome (1) passed, firefox (2) running → chrome's stage 2 (3) starts.
        let cells = matrix(stages: 3, lanes: 2).with([1], .passed).with([2], .running)
        #expect(RunScheduler.actions(for: cells, settings: lane).start == [3])
    }

    @Test func laneOrderKeepsALaneInItsOwnOrder() {
        let cells = matrix(stages: 3, lanes: 2).with([1], .running).with([2], .passed)
        #expect(RunScheduler.actions(for: cells, settings: lane).start == [4])
    }

    @Test func aSlowFirefoxLaneDoesNotHoldChromeBack() {
        // Firefox (lane 2) is stuck on stage 1 while chrome runs every stage to the end.
        var cells = matrix(stages: 4, lanes: 2).with([2], .running)
        var chromeOrder: [Int] = []
        while true {
            let start = RunScheduler.actions(for: cells, settings: lane).start
            #expect(!start.contains { cells.cell($0)?.lane == 2 }, "firefox must wait for its own stage 1")
            guard !start.isEmpty else { break }
            chromeOrder += start
            cells = cells.with(start, .passed)
        }
        #expect(chromeOrder == [1, 3, 5, 7])
        #expect(RunScheduler.actions(for: cells, settings: lane).finished == nil)
        // Firefox ends stage 1: it goes on with stage 2.
        cells = cells.with([2], .passed)
        #expect(RunScheduler.actions(for: cells, settings: lane).start == [4])
    }

    @Test func aCommandCellInLaneOrderWaitsForEveryLane() {
        // Stage 2 is a command; chrome passed stage 1, firefox still runs it.
        let cells = matrix(stages: 3, lanes: 2, commandStages: [2]).with([1], .passed).with([2], .running)
        #expect(RunScheduler.actions(for: cells, settings: lane).isIdle)
        let ended = cells.with([2], .passed)
        #expect(RunScheduler.actions(for: ended, settings: lane).start == [3])
    }

    @Test func laneCellsAfterACommandWaitForIt() {
        let cells = matrix(stages: 3, lanes: 2, commandStages: [2]).with([1, 2], .passed).with([3], .running)
        #expect(RunScheduler.actions(for: cells, settings: lane).isIdle)
        #expect(RunScheduler.actions(for: cells.with([3], .passed), settings: lane).start == [4, 5])
    }

    @Test func aCommandInTheFirstStageHoldsBackEveryLane() {
        let cells = matrix(stages: 2, lanes: 2, commandStages: [1])
        #expect(RunScheduler.actions(for: cells, settings: lane).start == [1])
        #expect(RunScheduler.actions(for: cells.with([1], .running), settings: lane).isIdle)
    }

    @Test func aCommandWaitsForALaneThatIsFarBehind() {
        // Stages 1-2 browsers, 3 command. Chrome is done with 1-2; firefox still on stage 1.
        let cells = matrix(stages: 3, lanes: 2, commandStages: [3]).with([1, 3], .passed).with([2], .running)
        #expect(RunScheduler.actions(for: cells, settings: lane).isIdle)
    }

    @Test func laneOrderWithOneLaneAndCommandsIsAStraightLine() {
        var cells = matrix(stages: 4, lanes: 1, commandStages: [2, 4])
        var order: [Int] = []
        while let next = RunScheduler.actions(for: cells, settings: lane).start.first {
            order.append(next)
            cells = cells.with([next], .passed)
        }
        #expect(order == [1, 2, 3, 4])
    }

    @Test func aCapabilityOnlyALaterStepNamesGetsItsOwnLane() {
        // Stage 1 has lanes 1-2; stage 2 only lane 3 (a capability only that step names).
        let cells = [
            CellState(seq: 1, stage: 1, lane: 1, kind: .trace, status: .running, attempt: 1),
            CellState(seq: 2, stage: 1, lane: 2, kind: .trace, status: .running, attempt: 1),
            CellState(seq: 3, stage: 2, lane: 3, kind: .trace),
        ]
        #expect(RunScheduler.actions(for: cells, settings: lane).start == [3])
        #expect(RunScheduler.actions(for: cells, settings: stage).isIdle)
    }

    // MARK: failures

    @Test func hardFailureUnderStopSkipsEveryLaterStage() {
        let cells = matrix(stages: 3, lanes: 2).with([1], .failed).with([2], .passed)
        let actions = RunScheduler.actions(for: cells, settings: stage)
        #expect(actions == ScheduleActions(skip: [3, 4, 5, 6], finished: .failed))
    }

    @Test func errorIsAHardFailureToo() {
        let cells = matrix(stages: 2, lanes: 1).with([1], .error)
        #expect(RunScheduler.actions(for: cells, settings: stage) == ScheduleActions(skip: [2], finished: .failed))
    }

    @Test func theStageOfAHardFailureFinishesUnderStop() {
        // maxParallel 1: cell 1 failed; cells 2 and 3 of the same stage still run, stage 2 is skipped.
        let settings = ScheduleSettings(order: .stage, onFailure: .stop, maxParallel: 1)
        let cells = matrix(stages: 2, lanes: 3).with([1], .failed)
        let actions = RunScheduler.actions(for: cells, settings: settings)
        #expect(actions.start == [2])
        #expect(actions.skip == [4, 5, 6])
        #expect(actions.finished == nil)
    }

    @Test func skippedCellsAreNotReportedTwice() {
        let cells = matrix(stages: 2, lanes: 2).with([1], .failed).with([2], .running).with([3, 4], .skipped)
        #expect(RunScheduler.actions(for: cells, settings: stage).isIdle)
        let ended = cells.with([2], .passed)
        #expect(RunScheduler.actions(for: ended, settings: stage) == ScheduleActions(finished: .failed))
    }

    @Test func laneOrderStopLetsOtherLanesFinishEarlierStages() {
        // Chrome failed at stage 2 while firefox is still on stage 1: firefox runs stage 1 and 2,
        // everything from stage 3 is skipped.
        let cells = matrix(stages: 3, lanes: 2).with([1], .passed).with([3], .failed).with([2], .running)
        let actions = RunScheduler.actions(for: cells, settings: lane)
        #expect(actions.skip == [5, 6])
        #expect(actions.start.isEmpty)
        let next = cells.with([5, 6], .skipped).with([2], .passed)
        #expect(RunScheduler.actions(for: next, settings: lane).start == [4])
        let end = next.with([4], .passed)
        #expect(RunScheduler.actions(for: end, settings: lane) == ScheduleActions(finished: .failed))
    }

    @Test func noCellOfALaterStageStartsAfterAHardFailure() {
        // Lane order: chrome failed at stage 1 while firefox is ahead-eligible for stage 2.
        let cells = matrix(stages: 3, lanes: 2).with([1], .failed).with([2], .passed)
        let actions = RunScheduler.actions(for: cells, settings: lane)
        #expect(actions.start.isEmpty)
        #expect(actions.skip == [3, 4, 5, 6])
    }

    @Test func earliestHardFailureDecidesTheSkips() {
        // Lane order: firefox failed at stage 3, then chrome failed at stage 1 (it was behind).
        let cells = matrix(stages: 4, lanes: 2).with([2, 4], .passed).with([6], .failed).with([1], .failed)
            .with([3], .pending)
        let actions = RunScheduler.actions(for: cells, settings: lane)
        #expect(actions.skip == [3, 5, 7, 8])
    }

    @Test func onFailureContinueRunsEverythingAndFailsTheRun() {
        let settings = ScheduleSettings(order: .stage, onFailure: .continue)
        let cells = matrix(stages: 2, lanes: 2).with([1], .failed).with([2], .passed)
        let actions = RunScheduler.actions(for: cells, settings: settings)
        #expect(actions == ScheduleActions(start: [3, 4]))
        let end = cells.with([3, 4], .passed)
        #expect(RunScheduler.actions(for: end, settings: settings).finished == .failed)
    }

    @Test func softFailureNeitherSkipsNorFailsTheRun() {
        var cells = matrix(stages: 2, lanes: 1).with([1], .failed).with([2], .passed)
        cells[0].continueOnError = true
        #expect(RunScheduler.actions(for: cells, settings: stage) == ScheduleActions(finished: .passed))
    }

    @Test func softErrorUnderContinueOnErrorPassesTheRun() {
        var cells = matrix(stages: 1, lanes: 2).with([1], .error).with([2], .passed)
        cells[0].continueOnError = true
        #expect(RunScheduler.actions(for: cells, settings: lane).finished == .passed)
    }

    // MARK: the end of a run

    @Test func runPassesWhenEveryCellPassed() {
        let cells = matrix(stages: 2, lanes: 2).with([1, 2, 3, 4], .passed)
        #expect(RunScheduler.actions(for: cells, settings: stage) == ScheduleActions(finished: .passed))
    }

    @Test func flakyPassesStillPassTheRun() {
        let cells = matrix(stages: 1, lanes: 2).with([1], .passed, attempt: 3).with([2], .passed)
        #expect(RunScheduler.actions(for: cells, settings: stage).finished == .passed)
    }

    @Test func runHasNotEndedWhileACellRunsOrWaits() {
        let running = matrix(stages: 1, lanes: 2).with([1], .passed).with([2], .running)
        #expect(RunScheduler.actions(for: running, settings: stage).finished == nil)
        let retrying = matrix(stages: 1, lanes: 2).with([1], .passed).with([2], .pending, attempt: 1)
        #expect(RunScheduler.actions(for: retrying, settings: stage).finished == nil)
    }

    @Test func runWithAHardFailureFailsOnlyOnceNothingRuns() {
        let settings = ScheduleSettings(order: .stage, onFailure: .continue)
        let cells = matrix(stages: 1, lanes: 2).with([1], .failed).with([2], .running)
        #expect(RunScheduler.actions(for: cells, settings: settings).finished == nil)
    }

    @Test func aCancelledCellInARunThatWasNotCancelledFailsIt() {
        let cells = matrix(stages: 1, lanes: 2).with([1], .cancelled).with([2], .passed)
        #expect(RunScheduler.actions(for: cells, settings: stage).finished == .failed)
    }

    @Test func cancelledRunCancelsEveryOpenCellAndStartsNothing() {
        let cells = matrix(stages: 2, lanes: 2).with([1], .passed).with([2], .running).with([3], .pending, attempt: 1)
        let actions = RunScheduler.actions(for: cells, settings: stage, cancelled: true)
        #expect(actions == ScheduleActions(cancel: [2, 3, 4], finished: .cancelled))
    }

    @Test func cancelledRunWithNothingOpenIsCancelled() {
        let cells = matrix(stages: 1, lanes: 1).with([1], .cancelled)
        #expect(
            RunScheduler.actions(for: cells, settings: stage, cancelled: true) == ScheduleActions(finished: .cancelled))
    }

    @Test func emptyRunPassesAtOnce() {
        #expect(RunScheduler.actions(for: [], settings: stage) == ScheduleActions(finished: .passed))
    }

    // MARK: whole runs, step by step

    /// Plays a run to its end: each started cell ends with `outcome(seq, attempt)`; returns the starts in order.
    func play(
        _ initial: [CellState], _ settings: ScheduleSettings, outcome: (Int, Int) -> CellOutcome
    ) -> (starts: [[Int]], cells: [CellState], status: RunStatus?) {
        var cells = initial
        var starts: [[Int]] = []
        for _ in 0..<100 {
            let actions = RunScheduler.actions(for: cells, settings: settings)
            cells = cells.with(actions.skip, .skipped)
            if let finished = actions.finished { return (starts, cells, finished) }
            starts.append(actions.start)
            for seq in actions.start {
                guard let index = cells.firstIndex(where: { $0.seq == seq }) else { continue }
                cells[index].status = .running
                cells[index].attempt += 1
                let cell = cells[index]
                if let t = CellDecision.apply(outcome(seq, cell.attempt), toAttempt: cell.attempt, of: cell) {
                    cells[index].status = t.status
                }
            }
        }
        return (starts, cells, nil)
    }

    @Test func aFailedCellIsRetriedAndItsStageWaitsForIt() {
        var cells = matrix(stages: 2, lanes: 2)
        cells[1].retries = 2
        let result = play(cells, stage) { seq, attempt in seq == 2 && attempt < 3 ? .failed("x") : .passed }
        #expect(result.starts == [[1, 2], [2], [2], [3, 4]])
        #expect(result.status == .passed)
        #expect(result.cells.cell(2)?.attempt == 3)
    }

    @Test func onlyFailedCellsAreRetried() {
        var cells = matrix(stages: 1, lanes: 3)
        for i in cells.indices { cells[i].retries = 1 }
        let result = play(cells, stage) { seq, attempt in seq == 3 && attempt == 1 ? .error("x") : .passed }
        #expect(result.starts == [[1, 2, 3], [3]])
        #expect(result.cells.map(\.attempt) == [1, 1, 2])
    }

    @Test func retriesRunOutAndTheRunStops() {
        var cells = matrix(stages: 2, lanes: 1)
        cells[0].retries = 1
        let result = play(cells, stage) { _, _ in .failed("always") }
        #expect(result.starts == [[1], [1]])
        #expect(result.cells.map(\.status) == [.failed, .skipped])
        #expect(result.status == .failed)
    }
}
