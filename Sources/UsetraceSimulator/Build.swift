/// One simulated build: what it runs, when it started, and how each test case ends.
///
/// Everything about its course is fixed at start (deterministically, from the configuration),
/// so its status at any moment is a pure function of the time since then.
struct Build: Sendable {
    /// What was started.
    enum Target: Sendable, Equatable {
        case trace(String)
        case project(String, tags: [String]?)
    }

    /// The status the API shows.
    enum Status: String, Sendable {
        case accepted = "ACCEPTED"
        case running = "RUNNING"
        case finished = "FINISHED"
    }

    /// The counts in a status answer.
    struct Summary: Sendable, Equatable {
        var request: Int
        var finish: Int
        var pass: Int
        var fail: Int
    }

    /// One trace on one browser.
    struct TestCase: Sendable, Equatable {
        var traceId: String
        var traceName: String
        var browser: String
        var durationMs: Int
        /// `nil` when the case passes.
        var error: String?

        var outcome: Outcome { error == nil ? .pass : .fail }
    }

    let id: String
    let target: Target
    let browsers: [String]
    let cases: [TestCase]
    let baseUrl: String
    let reporters: [WebhookReporter]
    let startedAt: Moment
    /// How long the build is ACCEPTED before RUNNING.
    let acceptedMs: Int
    /// From start to FINISHED: the longest case, or the default duration when there are none.
    let durationMs: Int
    /// Whether the finish has been recorded (event logged, webhooks handed over).
    var finishRecorded = false

    /// When the build finishes.
    var finishesAt: Moment { startedAt.adding(ms: durationMs) }

    /// `fail` when any case fails.
    var outcome: Outcome { cases.contains { $0.outcome == .fail } ? .fail : .pass }

    /// The distinct trace ids, in order of first appearance.
    var traceIds: [String] {
        var seen: [String] = []
        for c in cases where !seen.contains(c.traceId) { seen.append(c.traceId) }
        return seen
    }

    /// The status at `now`.
    func status(at now: Moment) -> Status {
        let elapsed = now.milliseconds(since: startedAt)
        if elapsed >= Int64(durationMs) { return .finished }
        return elapsed < Int64(acceptedMs) ? .accepted : .running
    }

    /// The counts at `now`: cases end one by one while RUNNING, none while ACCEPTED.
    func summary(at now: Moment) -> Summary {
        let status = status(at: now)
        let elapsed = now.milliseconds(since: startedAt)
        let ended = cases.filter { status == .finished || (status == .running && Int64($0.durationMs) <= elapsed) }
        return Summary(
            request: cases.count, finish: ended.count, pass: ended.filter { $0.outcome == .pass }.count,
            fail: ended.filter { $0.outcome == .fail }.count)
    }

    /// Builds of the same thing share this key: `when: changes` compares against the previous one.
    var changeKey: String {
        switch target {
        case .trace(let id): return "trace:\(id)"
        case .project(let id, let tags): return "project:\(id):" + (tags ?? []).sorted().joined(separator: ",")
        }
    }
}

extension Build {
    /// The error text of a failing case whose configuration names none.
    static let defaultError = "Simulated failure"

    /// The test cases of running `traceIds` on `browsers`, trace by trace.
    ///
    /// `runs` counts earlier runs per trace and browser (`failTimes` reads and advances it).
    static func cases(
        traceIds: [String], browsers: [String], configuration: SimulatorConfiguration, runs: inout [String: Int]
    ) -> [TestCase] {
        var cases: [TestCase] = []
        for traceId in traceIds {
            let trace = configuration.traces[traceId] ?? SimulatorConfiguration.TraceConfiguration()
            for browser in browsers {
                let behaviour = trace.behaviour(on: browser)
                let key = "\(traceId)\u{0}\(browser)"
                let earlierRuns = runs[key, default: 0]
                runs[key] = earlierRuns + 1
                let failsByCount = earlierRuns < (behaviour.failTimes ?? 0)
                let fails = failsByCount || behaviour.outcome == .fail
                cases.append(
                    TestCase(
                        traceId: traceId, traceName: trace.name ?? traceId, browser: browser,
                        durationMs: behaviour.durationMs ?? configuration.defaultDurationMs,
                        error: fails ? (behaviour.error ?? defaultError) : nil))
            }
        }
        return cases
    }

    /// The trace ids an execute-all runs: every configured trace (sorted by id) without tags;
    /// with tags, the traces of each tag in order, each once. A tag the configuration does not
    /// know runs no traces (the build still starts, and finishes with zero tests, passing).
    static func traceIds(tags: [String]?, configuration: SimulatorConfiguration) -> [String] {
        guard let tags else { return configuration.traces.keys.sorted() }
        var ids: [String] = []
        for tag in tags {
            for id in configuration.tags[tag] ?? [] where !ids.contains(id) { ids.append(id) }
        }
        return ids
    }

    /// The ACCEPTED phase: the configured one, else a fifth of the duration, at most one second.
    static func acceptedMs(durationMs: Int, configuration: SimulatorConfiguration) -> Int {
        min(configuration.acceptedMs ?? min(durationMs / 5, 1000), durationMs)
    }
}
