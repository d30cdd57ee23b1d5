import Crypto
import JSON
import Synchronization

/// Every build, the configuration, the fault counters and the event log, behind one lock.
///
/// Methods that can finish a build return `FinishWork` for the caller to hand to webhook
/// delivery outside the lock (and never on the web server's threads).
final class BuildStore: Sendable {
    private let state: Mutex<State>
    private let clock: @Sendable () -> Moment

    private struct State: Sendable {
        var configuration: SimulatorConfiguration
        var builds: [String: Build] = [:]
        /// Start calls seen since the configuration was set (for `startFailures`).
        var startCalls = 0
        /// Runs per trace and browser since the configuration was set (for `failTimes`).
        var runs: [String: Int] = [:]
        /// The outcome of the last finished build per `changeKey` (for `when: changes`).
        var lastOutcome: [String: Outcome] = [:]
        var log: EventLog
    }

    /// A store with `configuration`, logging to `logFile` too if given.
    init(configuration: SimulatorConfiguration, logFile: LogFile?, clock: @escaping @Sendable () -> Moment = Moment.now)
    {
        state = Mutex(State(configuration: configuration, log: EventLog(file: logFile)))
        self.clock = clock
    }

    /// The configuration in force.
    var configuration: SimulatorConfiguration { state.withLock { $0.configuration } }

    /// Replaces the configuration; the fault and `failTimes` counters start again from zero.
    func replaceConfiguration(_ configuration: SimulatorConfiguration) {
        state.withLock { state in
            state.configuration = configuration
            state.startCalls = 0
            state.runs = [:]
        }
    }

    /// Forgets every build, the counters and the log kept in memory; the configuration stays.
    func reset() {
        state.withLock { state in
            state.builds = [:]
            state.startCalls = 0
            state.runs = [:]
            state.lastOutcome = [:]
            state.log.clear()
        }
    }

    /// The events logged after sequence number `seq`, in order.
    func events(after seq: Int64 = 0) -> [JSONValue] {
        state.withLock { $0.log.events(after: seq) }
    }

    /// Logs a call refused for its API key (the key itself is never logged).
    func logRefused(path: String, reason: String) {
        let now = clock()
        state.withLock {
            $0.log.record(.refused, at: now, ["path": .string(path), "reason": .string(reason), "httpStatus": 401])
        }
    }

    /// Counts a start call; if it is one of the first `startFailures`, logs the fault and gives the status to answer.
    func startFault(path: String) -> Int? {
        let now = clock()
        return state.withLock { state in
            state.startCalls += 1
            let faults = state.configuration.faults
            guard state.startCalls <= faults.startFailures else { return nil }
            state.log.record(
                .fault, at: now,
                [
                    "fault": "startFailure", "path": .string(path), "httpStatus": .int(Int64(faults.startStatus)),
                    "count": .int(Int64(state.startCalls)),
                ])
            return faults.startStatus
        }
    }

    /// Starts a build of `target` and logs it; the id is the only random thing in the simulator.
    func start(_ target: Build.Target, _ request: StartRequest) -> Build {
        let now = clock()
        let id = Digest.randomIdentifier()
        return state.withLock { state in
            let configuration = state.configuration
            let traceIds: [String]
            switch target {
            case .trace(let trace): traceIds = [trace]
            case .project(_, let tags): traceIds = Build.traceIds(tags: tags, configuration: configuration)
            }
            let cases = Build.cases(
                traceIds: traceIds, browsers: request.browsers, configuration: configuration, runs: &state.runs)
            let durationMs = cases.map(\.durationMs).max() ?? configuration.defaultDurationMs
            let build = Build(
                id: id, target: target, browsers: request.browsers, cases: cases,
                baseUrl: request.baseUrl ?? configuration.defaultBaseUrl, reporters: request.reporters, startedAt: now,
                acceptedMs: Build.acceptedMs(durationMs: durationMs, configuration: configuration),
                durationMs: durationMs)
            state.builds[id] = build
            var fields = Self.describe(build)
            fields["durationMs"] = .int(Int64(durationMs))
            fields["finishesAt"] = .int(build.finishesAt.epochMs)
            fields["traces"] = .array(build.traceIds.map(JSONValue.string))
            fields["webhooks"] = .int(Int64(request.reporters.count))
            state.log.record(.start, at: now, fields)
            return build
        }
    }

    /// What a status call answers.
    enum StatusAnswer: Sendable {
        case unknown
        /// The build exists but is still inside `statusNotFoundMs`.
        case notYetVisible
        case status(Build.Status, Build.Summary)
    }

    /// The status of build `id` now, logged; finishes the build first if it is due.
    func status(of id: String) -> (StatusAnswer, FinishWork?) {
        let now = clock()
        return state.withLock { state in
            guard state.builds[id] != nil else {
                state.log.record(
                    .status, at: now, ["buildId": .string(id), "httpStatus": 404, "reason": "unknown build"])
                return (.unknown, nil)
            }
            let work = Self.finishIfDue(id, now: now, state: &state)
            guard let build = state.builds[id] else { return (.unknown, work) }
            if now.milliseconds(since: build.startedAt) < Int64(state.configuration.faults.statusNotFoundMs) {
                state.log.record(
                    .status, at: now, ["buildId": .string(id), "httpStatus": 404, "reason": "statusNotFoundMs"])
                return (.notYetVisible, work)
            }
            let status = build.status(at: now)
            let summary = build.summary(at: now)
            state.log.record(
                .status, at: now,
                ["buildId": .string(id), "httpStatus": 200, "status": .string(status.rawValue)])
            return (.status(status, summary), work)
        }
    }

    /// What a results call answers.
    enum ResultsAnswer: Sendable {
        case unknown
        case notFinished
        case finished(Build)
    }

    /// The results of build `id` (`format` is `json` or `junit`, for the log); finishes it first if due.
    func results(of id: String, format: String) -> (ResultsAnswer, FinishWork?) {
        let now = clock()
        return state.withLock { state in
            guard state.builds[id] != nil else {
                state.log.record(
                    .results, at: now, ["buildId": .string(id), "format": .string(format), "httpStatus": 404])
                return (.unknown, nil)
            }
            let work = Self.finishIfDue(id, now: now, state: &state)
            guard let build = state.builds[id] else { return (.unknown, work) }
            let finished = build.status(at: now) == .finished
            state.log.record(
                .results, at: now,
                ["buildId": .string(id), "format": .string(format), "httpStatus": finished ? 200 : 404])
            return (finished ? .finished(build) : .notFinished, work)
        }
    }

    /// Records the finish of build `id` if it is due and not yet recorded (the finish timer calls this).
    /// Returns `nil` when there is nothing to do, and the build's remaining milliseconds when it is not yet due.
    func finishIfDue(_ id: String) -> (work: FinishWork?, remainingMs: Int64?) {
        let now = clock()
        return state.withLock { state in
            guard let build = state.builds[id], !build.finishRecorded else { return (nil, nil) }
            let remaining = build.finishesAt.monoMs - now.monoMs
            if remaining > 0 { return (nil, remaining) }
            return (Self.finishIfDue(id, now: now, state: &state), nil)
        }
    }

    /// Logs one webhook delivery attempt (or its loss); never the secret, password or query string.
    func logWebhook(_ job: WebhookJob, attempt: Int, _ result: [String: JSONValue]) {
        let now = clock()
        state.withLock { state in
            var fields = result
            fields["buildId"] = .string(job.buildId)
            fields["url"] = .string(job.loggableURL)
            fields["attempt"] = .int(Int64(attempt))
            fields["mode"] = .string(job.mode.rawValue)
            fields["signed"] = .bool(job.signature != nil)
            state.log.record(.webhook, at: now, fields)
        }
    }

    private static func finishIfDue(_ id: String, now: Moment, state: inout State) -> FinishWork? {
        guard var build = state.builds[id], !build.finishRecorded, build.status(at: now) == .finished else {
            return nil
        }
        build.finishRecorded = true
        state.builds[id] = build
        var fields = describe(build)
        fields["outcome"] = .string(build.outcome.rawValue)
        fields["finishedAt"] = .int(build.finishesAt.epochMs)
        fields["finishedAtMonoMs"] = .int(build.finishesAt.monoMs)
        let summary = build.summary(at: now)
        fields["summary"] = .object([
            "request": .int(Int64(summary.request)), "finish": .int(Int64(summary.finish)),
            "pass": .int(Int64(summary.pass)), "fail": .int(Int64(summary.fail)),
        ])
        state.log.record(.finish, at: now, fields)
        let previous = state.lastOutcome[build.changeKey]
        state.lastOutcome[build.changeKey] = build.outcome
        let jobs = build.reporters.filter { reporter in
            switch reporter.when {
            case .always: return true
            case .fails: return build.outcome == .fail
            case .changes: return previous != build.outcome
            }
        }.map { WebhookJob(build: build, reporter: $0, faults: state.configuration.faults.webhook) }
        return FinishWork(buildId: id, jobs: jobs)
    }

    /// The fields every event about a build carries.
    private static func describe(_ build: Build) -> [String: JSONValue] {
        var fields: [String: JSONValue] = [
            "buildId": .string(build.id), "browsers": .array(build.browsers.map(JSONValue.string)),
            "outcome": .string(build.outcome.rawValue),
        ]
        switch build.target {
        case .trace(let trace):
            fields["kind"] = "trace"
            fields["trace"] = .string(trace)
        case .project(let project, let tags):
            fields["kind"] = "tag"
            fields["project"] = .string(project)
            fields["tags"] = tags.map { .array($0.map(JSONValue.string)) } ?? .null
        }
        return fields
    }
}

/// What finishing a build leaves to do outside the lock: the webhooks to deliver.
struct FinishWork: Sendable {
    let buildId: String
    let jobs: [WebhookJob]
}
