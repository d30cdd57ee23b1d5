import Executor
import Foundation
import JSON
import Store
import Usetrace

/// The runs this service drives, one `RunDriver` each, in the service's own process.
///
/// At most `maxActive` runs are driven at once; later ones wait, `queued` in the store, in the
/// order they came (so a burst of scheduled runs cannot start thousands of builds at once). Every
/// run that has not ended is resumed at start (`begin`). The store stays the source of truth:
/// a run waiting here when the process dies is resumed by the next one.
public actor RunRegistry {
    private struct LiveRun {
        let driver: RunDriver
        let task: Task<Void, Never>
    }

    private let store: Store
    private let builds: any BuildService
    private let log: ServiceLog
    private let maxActive: Int
    private var settings: RunDriverSettings?
    private var live: [String: LiveRun] = [:]
    private var waiting: [String] = []
    private var waitingHead = 0
    private var known: Set<String> = []
    private let hints: HintChecks
    private var stopping = false
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []

    /// A registry driving runs of `store` against `builds`, at most `maxActive` at once.
    public init(store: Store, builds: any BuildService, log: ServiceLog, maxActive: Int) {
        self.store = store
        self.builds = builds
        self.log = log
        self.maxActive = max(1, maxActive)
        hints = HintChecks(store: store, builds: builds, log: log)
    }

    /// Starts driving with `settings`: first the runs `resuming` (the store's unfinished runs,
    /// oldest first), then whatever was enqueued before.
    public func begin(settings: RunDriverSettings, resuming ids: [String]) {
        self.settings = settings
        let earlier = Array(waiting[waitingHead...])
        waiting = []
        waitingHead = 0
        known.subtract(earlier)
        for id in ids + earlier { enqueue(id) }
        fill()
    }

    /// Drives run `runId` as soon as there is room (nothing if it is driven or waiting already).
    public func enqueue(_ runId: String) {
        guard !stopping, !known.contains(runId) else { return }
        known.insert(runId)
        waiting.append(runId)
        fill()
    }

    /// Makes the run's driver, if it is driven now, reload the run at once.
    public func refresh(_ runId: String) {
        live[runId]?.driver.refresh()
    }

    /// Asks Usetrace now for the status of the run's running builds, and decides those that have
    /// finished (a webhook hint; see `HintChecks`). A run not driven now is left alone: its driver
    /// asks at once when it starts.
    public func check(_ runId: String) async {
        guard let run = live[runId], !stopping else { return }
        await hints.hint(runId, driver: run.driver)
    }

    /// Runs driven now.
    public var activeCount: Int { live.count }

    /// Runs waiting for room.
    public var waitingCount: Int { waiting.count - waitingHead }

    /// Returns once no run is driven or waiting.
    public func waitUntilIdle() async {
        if live.isEmpty && waitingCount == 0 { return }
        await withCheckedContinuation { idleWaiters.append($0) }
    }

    /// Stops driving: no run starts any more, and every driver is cancelled and awaited. Their runs
    /// stay as the store has them (`running`), to be resumed by the next start.
    public func stop() async {
        stopping = true
        let tasks = live.values.map(\.task)
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
    }

    // MARK: Driving

    private func fill() {
        guard let settings, !stopping else { return }
        while live.count < maxActive, waitingHead < waiting.count {
            let id = waiting[waitingHead]
            waitingHead += 1
            start(id, settings: settings)
        }
        if waitingHead > 1024, waitingHead * 2 > waiting.count {
            waiting.removeFirst(waitingHead)
            waitingHead = 0
        }
    }

    private func start(_ runId: String, settings: RunDriverSettings) {
        let driver = RunDriver(store: store, runId: runId, builds: builds, settings: settings)
        let progress = driver.progress()
        let log = self.log
        let executor = BackgroundExecutor.drivers
        let task = Task(executorPreference: executor) {
            let logging = Task(executorPreference: executor) {
                var changes = StateChangeLog()
                for await change in progress {
                    for (name, fields) in changes.events(for: change) { log.event(name, fields) }
                }
            }
            let outcome: Result<RunStatus, any Error>
            do {
                outcome = .success(try await driver.run())
            } catch {
                outcome = .failure(error)
            }
            await logging.value
            await self.ended(runId, outcome)
        }
        live[runId] = LiveRun(driver: driver, task: task)
    }

    private func ended(_ runId: String, _ outcome: Result<RunStatus, any Error>) {
        live[runId] = nil
        known.remove(runId)
        if case .failure(let error) = outcome, !stopping, !(error is CancellationError) {
            log.event("run.driver-failed", ["runId": .string(runId), "message": .string(String(describing: error))])
            // A store that refused a write (busy, I/O) may work again: try again in a while.
            if error is StoreError {
                Task {
                    try? await Task.sleep(for: .seconds(1))
                    self.enqueue(runId)
                }
            }
        }
        fill()
        if live.isEmpty && waitingCount == 0 {
            let waiters = idleWaiters
            idleWaiters = []
            for waiter in waiters { waiter.resume() }
        }
    }
}
