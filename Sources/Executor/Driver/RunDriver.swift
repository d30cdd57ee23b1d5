import Crypto
import Foundation
import JSON
import PlanCompiler
import Store
import Synchronization
import Usetrace

/// Drives one run to its end: asks `RunScheduler` what to do, performs it as store transactions
/// (`RunLedger`), starts builds through a `BuildService` and commands through a `CommandRunner`,
/// and follows them until `CellDecision` decides each attempt.
///
/// The database is the source of truth: each tick reloads the run and its cells, so a change made
/// by anyone else (a cancel from another process, a webhook) is seen within a poll interval. The
/// same driver started on a run that is under way resumes it (`run()` adopts running cells).
public actor RunDriver {
    /// The key of the run setting (`RunRecord.settings`) that names the folder command steps run in.
    public static let workingDirectorySetting = "workingDirectory"

    /// The run this driver drives.
    public nonisolated let runId: String

    let store: Store
    let builds: any BuildService
    let clock: any RunClock
    let settings: RunDriverSettings
    let io: BlockingQueue
    let wake = WakeSignal()
    let subscribers = Mutex(Subscribers())

    /// What does not change during a run: its plan, secrets and folder (loaded by `run()`).
    var context: RunContext?
    /// The work in progress for each running cell this driver follows.
    var work: [Int: AttemptWork] = [:]
    /// The records last published, to publish only changes.
    var published: [Int: CellProgress] = [:]
    var publishedStatus: RunStatus?
    var isDriving = false
    /// The run's cells as last read, in seq order, and each seq's place in it (see `reloadChangedCells`).
    var knownCells: [CellRecord] = []
    var knownIndex: [Int: Int] = [:]
    /// `knownCells` as the scheduler sees them: set by every read, and ahead of the reads for the
    /// driver's own starts and decisions (`noteStarted`, `decide`) until the next one.
    var knownStates: [CellState] = []
    /// The id of the newest event of the run that the last read saw.
    var lastEventId: Int64 = 0
    /// How many times every cell of the run was read (a tick reads only the changed ones).
    var fullCellReads = 0
    /// `lastEventId` when the scheduler last ran (`nil` before the first tick).
    var scheduledAtEvent: Int64?

    /// The progress streams, and whether the run has been driven to its end (later streams end at once).
    struct Subscribers {
        var continuations: [Int: AsyncStream<RunProgress>.Continuation] = [:]
        var nextId = 0
        var ended = false
    }

    /// A running attempt's task, and its subprocess for a command.
    struct AttemptWork {
        let attempt: Int
        let task: Task<Void, Never>
        var command: RunningCommand?
    }

    /// What the tick found.
    enum TickResult {
        /// Nothing more to do until something changes.
        case idle
        /// The records changed under the driver (or by it): tick again at once.
        case changed
        /// The run has ended.
        case finished(RunStatus)
    }

    /// A driver for run `runId` in `store`; nothing happens until `run()`.
    public init(
        store: Store, runId: String, builds: any BuildService, settings: RunDriverSettings = RunDriverSettings(),
        clock: any RunClock = SystemRunClock()
    ) {
        self.store = store
        self.runId = runId
        self.builds = builds
        self.settings = settings
        self.clock = clock
        self.io = BlockingQueue.shared(for: store)
    }

    /// Drives the run until it ends and returns its final status; a run that has ended already
    /// returns at once. Resumes a run that is under way (see `adoptRunningCells`).
    ///
    /// Subscribe to `progress()` before calling it to see every change. Throws the store's errors
    /// (the run can be resumed later); cancelling the calling task stops the driver, kills its
    /// commands and throws `CancellationError`.
    public func run() async throws -> RunStatus {
        guard !isDriving else { throw ExecutorError.alreadyDriven(runId) }
        isDriving = true
        defer { endSubscriptions() }
        do {
            let status = try await drive()
            await stopAllWork()
            return status
        } catch {
            await stopAllWork()
            throw error
        }
    }

    private func drive() async throws -> RunStatus {
        let run = try await load()
        if run.status.isFinal {
            _ = try await tick()
            return run.status
        }
        if run.status == .queued {
            let now = clock.now()
            _ = try await write { tx in try RunLedger.markStarted(tx, runId: self.runId, at: now) }
        }
        try await adoptRunningCells()
        while true {
            try Task.checkCancellation()
            switch try await tick() {
            case .finished(let status): return status
            case .changed: continue
            case .idle: await wake.wait(upTo: settings.pollInterval, clock: clock)
            }
        }
    }

    /// Applies an outcome of attempt `attempt` of cell `seq` from any source (a poll, a webhook, a
    /// command) through `CellDecision` and a compare-and-set; the transition, or `nil` when stale.
    ///
    /// When the outcome lets cells start (the last cell of a stage passed), their starts commit in
    /// the same transaction and their work is launched at once, without waiting for a tick.
    public func decide(
        seq: Int, attempt: Int, outcome: CellOutcome, report: JSONValue? = nil, summary: JSONValue? = nil
    ) async throws -> CellTransition? {
        let now = clock.now()
        let advance = nextStarts(after: seq)
        let (transition, started) = try await store.write { [runId] tx in
            guard
                let transition = try RunLedger.decide(
                    tx, runId: runId, seq: seq, attempt: attempt, outcome: outcome, report: report,
                    summary: summary, at: now)
            else { return (CellTransition?.none, [StartedAttempt]()) }
            return (transition, try advance?(tx, transition, now) ?? [])
        }
        if let transition, let index = knownIndex[seq] {
            knownStates[index].status = transition.status
            noteDecided(index, attempt: attempt, transition: transition, at: now)
        }
        for start in started {
            noteStarted(start.cell.seq, attempt: start.attempt, token: start.token, at: now)
            launch(start.cell, attempt: start.attempt, token: start.token, startedAt: now, buildId: nil)
        }
        if transition != nil { wake.signal() }
        return transition
    }

    /// Records in the driver's view of the cells that cell `seq` now runs `attempt`, as just
    /// committed, so that no later snapshot (a decision's, before the next read) takes it for
    /// pending; and publishes the start, which the next read may not see (a build that ends at once).
    private func noteStarted(_ seq: Int, attempt: Int, token: String?, at time: Date) {
        guard let index = knownIndex[seq] else { return }
        knownCells[index].status = .running
        knownCells[index].attempt = attempt
        knownCells[index].token = token
        knownCells[index].buildId = nil
        knownCells[index].startedAt = time.asStored
        knownCells[index].finishedAt = nil
        knownCells[index].error = nil
        knownCells[index].flaky = false
        knownCells[index].soft = false
        knownStates[index] = CellState(knownCells[index])
        publish(knownCells[index])
    }

    /// Records in the driver's view of the cells, and publishes, the decision of `attempt` of the
    /// cell at `index` as just committed (`RunLedger.decide` wrote the same), so that a retry is
    /// shown waiting even when the next tick starts it before any read sees it. A view that has
    /// moved on meanwhile (a tick read the decision, or started the retry) is left as it is.
    private func noteDecided(_ index: Int, attempt: Int, transition: CellTransition, at time: Date) {
        guard knownCells[index].status == .running, knownCells[index].attempt == attempt else { return }
        knownCells[index].status = transition.status
        knownCells[index].attempt = attempt
        knownCells[index].error = transition.error
        knownCells[index].flaky = transition.flaky
        knownCells[index].soft = transition.soft
        if transition.status.isFinal { knownCells[index].finishedAt = time.asStored }
        publish(knownCells[index])
    }

    /// An attempt started in a decision's transaction, to launch once it is committed.
    struct StartedAttempt: Sendable {
        let cell: CellRecord
        let attempt: Int
        let token: String?
    }

    /// What starts once cell `seq` has its transition, run inside the decision's transaction on
    /// the cells as the driver last read them (`nil` before the first read).
    ///
    /// The cells last read may be behind the store, but only ever conservatively: an ended cell
    /// never runs again, so a cell read as ended has ended; the driver notes its own starts as
    /// they commit (`noteStarted`), so a cell read as pending has not been started by it; the
    /// running ones are read again in the transaction; and a pending one started by anyone else
    /// fails its start's compare-and-set. Skips, retries and the run's end are left to the tick.
    private func nextStarts(
        after seq: Int
    ) -> (@Sendable (WriteTransaction, CellTransition, Date) throws -> [StartedAttempt])? {
        guard let context, let index = knownIndex[seq], context.plan.cells.count == knownCells.count else { return nil }
        let states = knownStates
        let cells = knownCells
        let positions = knownIndex
        let schedule = context.schedule
        let runId = self.runId
        return { tx, transition, now in
            // A retry starts at the next tick, so that its `pending` step is seen (and shown);
            // a run no longer running (cancelled by another writer) starts nothing.
            guard !transition.isRetry, try tx.runStatus(id: runId) == .running else { return [] }
            var states = states
            states[index].status = transition.status
            // The cells read as running may have ended since (another cell of the stage decided
            // in the same batch, or before the driver read again): read those again here.
            for (position, state) in states.enumerated() where state.status == .running && position != index {
                if let cell = try tx.cell(run: runId, seq: state.seq) { states[position] = CellState(cell) }
            }
            let actions = RunScheduler.actions(for: states, settings: schedule)
            guard actions.skip.isEmpty, actions.finished == nil else { return [] }
            var started: [StartedAttempt] = []
            for seq in actions.start {
                guard let position = positions[seq] else { continue }
                let cell = cells[position]
                let token = cell.kind == .command ? nil : Digest.randomIdentifier()
                if let attempt = try RunLedger.start(tx, runId: runId, cell: cell, token: token, at: now) {
                    started.append(StartedAttempt(cell: cell, attempt: attempt, token: token))
                }
            }
            return started
        }
    }

    /// Cancels the run (the run and every open cell become `cancelled`; running commands are
    /// killed at the next tick); `false` when it had ended already.
    public func cancel() async throws -> Bool {
        let now = clock.now()
        let cancelled = try await store.write { [runId] tx in try RunLedger.cancel(tx, runId: runId, at: now) }
        wake.signal()
        return cancelled
    }

    /// Makes the driver reload its run now instead of at the next poll: call it after changing
    /// the run's records outside the driver (a webhook that decided a cell in its own transaction).
    public nonisolated func refresh() {
        wake.signal()
    }

    // MARK: The tick

    /// Reloads the run, publishes what changed, and performs the scheduler's actions.
    func tick() async throws -> TickResult {
        let (status, changed) = try await reloadChangedCells()
        publish(status: status, cells: changed)
        let cells = knownCells
        if status.isFinal {
            if status == .cancelled && cells.contains(where: { !$0.status.isFinal }) {
                // Another writer cancelled the run alone: cancel its open cells too.
                let now = clock.now()
                try await write { tx in try RunLedger.cancelOpenCells(tx, runId: self.runId, at: now) }
                return .changed
            }
            return .finished(status)
        }
        stopWorkNoLongerRunning(cells)
        // Every change to the run appends an event: with none since the scheduler last ran, it
        // would find what it found then, and that was done.
        guard scheduledAtEvent != lastEventId else { return .idle }
        scheduledAtEvent = lastEventId

        guard let context else { throw ExecutorError.unknownRun(runId) }
        let actions = RunScheduler.actions(for: knownStates, settings: context.schedule)
        if !actions.skip.isEmpty {
            let failed = cells.filter { CellState($0).isHardFailure }.min { ($0.stage, $0.seq) < ($1.stage, $1.seq) }
            let now = clock.now()
            do {
                _ = try await write { tx in
                    try RunLedger.skip(tx, runId: self.runId, seqs: actions.skip, because: failed, at: now)
                }
            } catch is RunLedger.SkipConflict {}
            return .changed
        }
        if let finished = actions.finished {
            let now = clock.now()
            // Ended or not (a cancel may have come first), the next tick reads and publishes the outcome.
            _ = try await write { tx in try RunLedger.finish(tx, runId: self.runId, status: finished, at: now) }
            return .changed
        }
        return try await start(actions.start.compactMap { seq in knownIndex[seq].map { cells[$0] } })
    }

    /// Commits the start of the next attempt of every cell of `cells` (pending ones) in one
    /// transaction, then launches their work; `.changed` if a cell had changed meanwhile.
    private func start(_ cells: [CellRecord]) async throws -> TickResult {
        guard !cells.isEmpty else { return .idle }
        let starts = cells.map { (cell: $0, token: $0.kind == .command ? nil : Digest.randomIdentifier()) }
        let now = clock.now()
        let attempts = try await write { tx in
            try starts.map { try RunLedger.start(tx, runId: self.runId, cell: $0.cell, token: $0.token, at: now) }
        }
        var result = TickResult.idle
        for (start, attempt) in zip(starts, attempts) {
            guard let attempt else {
                result = .changed
                continue
            }
            noteStarted(start.cell.seq, attempt: attempt, token: start.token, at: now)
            launch(start.cell, attempt: attempt, token: start.token, startedAt: now, buildId: nil)
        }
        return result
    }

    /// Starts the task that carries out (or, with `buildId`, follows) an attempt.
    func launch(_ cell: CellRecord, attempt: Int, token: String?, startedAt: Date, buildId: String?) {
        work[cell.seq]?.task.cancel()
        let task = Task {
            switch cell.kind {
            case .trace, .tag:
                await self.performBuild(cell, attempt: attempt, token: token, startedAt: startedAt, buildId: buildId)
            case .command:
                await self.performCommand(cell, attempt: attempt, startedAt: startedAt)
            }
            self.workEnded(seq: cell.seq, attempt: attempt)
        }
        work[cell.seq] = AttemptWork(attempt: attempt, task: task, command: nil)
    }

    private func workEnded(seq: Int, attempt: Int) {
        if work[seq]?.attempt == attempt { work[seq] = nil }
    }

    /// Stops following attempts whose cell moved on (decided by someone else, cancelled).
    private func stopWorkNoLongerRunning(_ cells: [CellRecord]) {
        for (seq, item) in work {
            // A record older than the work (read before the work's start committed: a start made
            // in a decision's transaction) says nothing about it.
            guard let cell = knownIndex[seq].map({ cells[$0] }), cell.attempt >= item.attempt else { continue }
            guard cell.status != .running || cell.attempt != item.attempt else { continue }
            item.task.cancel()
            item.command?.terminate()
            work[seq] = nil
        }
    }

    /// Cancels every task and kills every command, waiting for the commands to be gone.
    private func stopAllWork() async {
        let items = Array(work.values)
        work = [:]
        for item in items {
            item.task.cancel()
            item.command?.terminate()
        }
        for item in items {
            if let command = item.command { _ = await command.result() }
        }
    }

    /// Runs `body` in one store write transaction (the store's writer thread commits it).
    func write<T: Sendable>(_ body: @escaping @Sendable (WriteTransaction) throws -> T) async throws -> T {
        try await store.write(body)
    }

    /// Concludes an attempt: applies its outcome, retrying the write while the store refuses it
    /// (busy, I/O) and the task is not cancelled. Stale outcomes change nothing.
    func conclude(
        seq: Int, attempt: Int, outcome: CellOutcome, report: JSONValue? = nil, summary: JSONValue? = nil
    )
        async
    {
        while !Task.isCancelled {
            do {
                _ = try await decide(seq: seq, attempt: attempt, outcome: outcome, report: report, summary: summary)
                return
            } catch {
                notice(seq: seq, "could not record the outcome of attempt \(attempt): \(error); trying again")
                guard (try? await clock.sleep(for: settings.pollInterval)) != nil else { return }
            }
        }
    }
}

/// What a driver loads once: the run's plan, secrets, and the folder its commands run in.
struct RunContext: Sendable {
    let plan: CompiledPlan
    let schedule: ScheduleSettings
    let usetraceKey: APIKey?
    let webhookSecret: String
    let workingDirectory: String
}
