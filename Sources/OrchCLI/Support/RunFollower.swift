import Executor
import Foundation
import JSON
import Server
import Store
import Synchronization

/// Drives a stored run to its end in this process and turns its end into the command's outcome:
/// shared by `orch run`, `orch runs rerun` and `orch runs resume`.
///
/// Progress goes to stdout in text format and to stderr in json format (stdout then holds only the
/// final run document). SIGINT or SIGTERM cancels the run (docs/RUNNING.md); a second one ends orch at once.
struct RunFollower {
    /// What stdout holds at the end.
    enum Format: String, CaseIterable, Sendable {
        /// Progress, then a summary.
        case text
        /// Only the run document of `GET /api/v1/runs/{id}`.
        case json
    }

    /// `--format` and `--junit` of the commands that follow a run.
    static let outputOptions: [OptionSpec] = [
        .string(
            "junit", valueName: "FILE", help: "Also write a JUnit XML report of the run to FILE (whatever its outcome)."
        ),
        .choice(
            "format", of: Format.self,
            help: "text: progress and a summary on stdout; json: progress on stderr, the run document on stdout.",
            default: .text),
    ]

    var store: Store
    var runId: String
    var environment: RunEnvironment
    var context: CommandContext
    var format: Format
    var junitPath: String?

    /// The follower for `arguments`' `--format` and `--junit` (the report's folder must exist: exit 2).
    init(
        store: Store, runId: String, environment: RunEnvironment, arguments: ParsedArguments, context: CommandContext
    ) {
        self.store = store
        self.runId = runId
        self.environment = environment
        self.context = context
        format = arguments.choice("format") ?? .text
        junitPath = arguments.string("junit").map { RunEnvironment.absolute($0, in: context.currentDirectory) }
    }

    /// Checks before anything is stored that `--junit`'s folder exists.
    static func checkJUnitPath(_ arguments: ParsedArguments, context: CommandContext) throws(CommandFailure) {
        guard let given = arguments.string("junit") else { return }
        let folder = (RunEnvironment.absolute(given, in: context.currentDirectory) as NSString)
            .deletingLastPathComponent
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .unreadable(path: given, reason: "the folder of the JUnit report does not exist")
        }
    }

    /// Drives the run to its end; returns when it passed, throws `.checkFailed` when it failed or was cancelled.
    func follow() async throws(CommandFailure) {
        let (run, cells) = try load()
        if !run.status.isFinal, let pid = DriverClaim.liveDriver(of: run) {
            context.console.err(
                "orch: run \(runId) is being driven by orch process \(pid); cancel it with 'orch runs cancel "
                    + "\(runId)', or stop that process first\n")
            throw .checkFailed
        }
        if !run.status.isFinal && run.settings[DriverClaim.setting]?.intValue != Int64(getpid()) {
            do {
                try await DriverClaim.claim(runId, in: store)
            } catch {
                throw .cannotWork("cannot record this process as the driver of run \(runId): \(error)")
            }
        }

        let toStdout = format == .text
        let sink = toStdout ? context.console.out : context.console.err
        let isTerminal = toStdout ? context.console.outIsTerminal : context.console.errIsTerminal
        let display = ProgressDisplay(
            style: ProgressDisplay.style(isTerminal: isTerminal, environment: context.environment), sink: sink,
            runId: runId, planName: run.planName, environment: context.environment)
        display.start(planHash: run.planHash, stages: Set(cells.map(\.stage)).count, cells: cells.count)

        let builds = environment.buildService()
        let driver = RunDriver(
            store: store, runId: runId, builds: builds,
            settings: environment.driverSettings(currentDirectory: context.currentDirectory))
        let stream = driver.progress()
        let consumer = Task {
            for await change in stream { display.handle(change) }
        }
        let refresher = Task {
            while display.isLive, (try? await Task.sleep(for: .milliseconds(250))) != nil { display.refresh() }
        }
        let signals = Atomic<Int>(0)
        let watcher = SignalWatcher([SIGINT, SIGTERM]) { [runId, err = context.console.err] number in
            if signals.add(1, ordering: .relaxed).newValue > 1 {
                err("orch: \(SignalWatcher.name(number)) again: quitting; run \(runId) stays as it is now\n")
                exit(130)
            }
            err("orch: \(SignalWatcher.name(number)): cancelling run \(runId) (send it again to quit at once)\n")
            Task { _ = try? await driver.cancel() }
        }
        // With a public URL, Usetrace's webhooks for this run are taken on --port while it runs.
        let listener = startWebhookListener(driver: driver, builds: builds)
        let outcome: Result<RunStatus, any Error>
        do {
            outcome = .success(try await driver.run())
        } catch {
            outcome = .failure(error)
        }
        watcher.stop()
        await listener?.stop()
        await consumer.value
        refresher.cancel()
        display.finish()

        let status: RunStatus
        switch outcome {
        case .success(let ended): status = ended
        case .failure(let error as ExecutorError) where error.kind == .unknownRun:
            throw .notFound("no run has the id '\(runId)'")
        case .failure(let error):
            try? writeJUnit()
            throw .cannotWork(
                "run \(runId) stopped before its end: \(error); continue it with 'orch runs resume \(runId)'")
        }
        try writeJUnit()
        let (finalRun, finalCells) = try load()
        switch format {
        case .text: context.console.out(RunText.summary(run: finalRun, cells: finalCells))
        case .json: context.console.out(RunDocument.run(finalRun, cells: finalCells).prettyText + "\n")
        }
        guard status == .passed else { throw .checkFailed }
    }

    /// Listens for the run's webhooks on `--host`/`--port` when orch has a public URL; without
    /// one, or when the port cannot be had (a warning says so), the run is followed by polling.
    private func startWebhookListener(driver: RunDriver, builds: any BuildService) -> WebhookListener? {
        guard environment.publicURL != nil else { return nil }
        let listener = WebhookListener(
            store: store, runId: runId, driver: driver, builds: builds, host: environment.host,
            port: environment.port)
        do {
            try listener.start()
            return listener
        } catch {
            context.console.err("orch: warning: cannot listen for webhooks: \(error); following the run by polling\n")
            return nil
        }
    }

    /// The run and its cells; an unknown id is exit 2, a store failure exit 3.
    private func load() throws(CommandFailure) -> (RunRecord, [CellRecord]) {
        do {
            guard let run = try store.run(id: runId) else {
                throw CommandFailure.notFound("no run has the id '\(runId)'")
            }
            return (run, try store.cells(run: runId))
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw .cannotWork("cannot read run \(runId): \(error)")
        }
    }

    /// Writes the JUnit report, if one was asked for (atomically: a reader never sees half a file).
    private func writeJUnit() throws(CommandFailure) {
        guard let junitPath else { return }
        do {
            guard let report = try JUnitReport.load(runId: runId, from: store) else { return }
            try Data(report.xml.utf8).write(to: URL(fileURLWithPath: junitPath), options: .atomic)
        } catch {
            throw .cannotWork("cannot write the JUnit report \(junitPath): \(error.localizedDescription)")
        }
    }
}
