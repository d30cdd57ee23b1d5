import Foundation
import JSON
import PlanCompiler
import Store
import Synchronization
import Usetrace

@testable import Executor

/// A clock that runs `factor` times faster than real time: every reader sees the same time, so a
/// 10-minute time-out takes 600 ms at 1000×, and a 5 s poll interval 5 ms.
struct ScaledClock: RunClock {
    let factor: Double
    let origin = ContinuousClock.now
    let epoch = Date(timeIntervalSince1970: 1_750_000_000)

    init(factor: Double = 1000) {
        self.factor = factor
    }

    func now() -> Date {
        let elapsed = ContinuousClock.now - origin
        return epoch.addingTimeInterval(elapsed.timeInterval * factor)
    }

    func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration / factor)
    }
}

/// How the fake Usetrace treats one started build.
struct FakeBuild: Sendable {
    /// The start is refused with this message.
    var startError: String?
    /// How many status polls answer 404 first.
    var notFoundPolls = 0
    /// How many status polls answer RUNNING before FINISHED; `nil`: never finishes.
    var runningPolls: Int? = 1
    /// How long the start call takes (real time).
    var startDelay: Duration = .zero
    /// The failing test's error, or `nil` for a pass.
    var failure: String?

    static let pass = FakeBuild()
    static func fail(_ error: String = "Element not found: #submit") -> FakeBuild { FakeBuild(failure: error) }
    static let never = FakeBuild(runningPolls: nil)
    static func slow(_ polls: Int) -> FakeBuild { FakeBuild(runningPolls: polls) }
    static func refused(_ message: String = "500 Internal Server Error") -> FakeBuild {
        FakeBuild(startError: message)
    }
}

/// A scripted Usetrace: builds of a (target, browser) follow the script's entries, one per start.
actor FakeUsetrace: BuildService {
    struct StartError: Error, CustomStringConvertible {
        let description: String
    }

    struct Started: Sendable {
        let target: BuildTarget
        let request: BuildRequest
        let buildId: String
        let key: APIKey?
        var browser: String? { request.requiredCapabilities.first?["browserName"]?.stringValue }
        var name: String {
            switch target {
            case .trace(let id): id
            case .tag(_, let name): "tag:\(name)"
            }
        }
    }

    private var scripts: [String: [FakeBuild]] = [:]
    private var startCounts: [String: Int] = [:]
    private var builds: [String: (build: FakeBuild, polls: Int)] = [:]
    private(set) var starts: [Started] = []
    private(set) var statusCalls = 0
    private var unfinished: Set<String> = []
    private(set) var mostAtOnce = 0
    private var nextId = 0

    /// Builds of `target` on `browser` (any browser when `nil`) follow `builds`, one per start;
    /// the last entry repeats. Unscripted builds pass after one poll.
    func script(_ target: String, browser: String? = nil, _ builds: [FakeBuild]) {
        scripts[key(target, browser)] = builds
    }

    /// A build that exists at Usetrace already (started by an earlier orch process).
    func existing(_ buildId: String, _ build: FakeBuild) {
        builds[buildId] = (build, 0)
        unfinished.insert(buildId)
    }

    private func key(_ target: String, _ browser: String?) -> String { "\(target)|\(browser ?? "*")" }

    func startBuild(_ target: BuildTarget, request: BuildRequest, key apiKey: APIKey?) async throws -> String {
        let name: String =
            switch target {
            case .trace(let id): id
            case .tag(_, let name): "tag:\(name)"
            }
        let browser = request.requiredCapabilities.first?["browserName"]?.stringValue
        let scriptKey = scripts[key(name, browser)] != nil ? key(name, browser) : key(name, nil)
        let count = startCounts[scriptKey, default: 0]
        startCounts[scriptKey] = count + 1
        let script = scripts[scriptKey] ?? [.pass]
        let build = script[min(count, script.count - 1)]
        if build.startDelay > .zero { try await Task.sleep(for: build.startDelay) }
        if let error = build.startError { throw StartError(description: error) }
        nextId += 1
        let id = "build-\(nextId)"
        builds[id] = (build, 0)
        starts.append(Started(target: target, request: request, buildId: id, key: apiKey))
        unfinished.insert(id)
        mostAtOnce = max(mostAtOnce, unfinished.count)
        return id
    }

    func buildStatus(_ buildId: String, key: APIKey?) async throws -> BuildStatus {
        statusCalls += 1
        guard var entry = builds[buildId] else { return BuildStatus(buildId: buildId, state: .notFoundYet) }
        entry.polls += 1
        builds[buildId] = entry
        if entry.polls <= entry.build.notFoundPolls { return BuildStatus(buildId: buildId, state: .notFoundYet) }
        guard let running = entry.build.runningPolls else { return BuildStatus(buildId: buildId, state: .running) }
        if entry.polls - entry.build.notFoundPolls <= running { return BuildStatus(buildId: buildId, state: .running) }
        unfinished.remove(buildId)
        let failed = entry.build.failure == nil ? 0 : 1
        let summary: JSONValue = [
            "request": 1, "finish": 1, "pass": .int(Int64(1 - failed)), "fail": .int(Int64(failed)),
        ]
        return BuildStatus(
            buildId: buildId, state: .finished,
            summary: BuildSummary(request: 1, finish: 1, pass: 1 - failed, fail: failed),
            raw: ["id": .string(buildId), "status": "FINISHED", "summary": summary])
    }

    func buildResults(_ buildId: String, key: APIKey?) async throws -> BuildReport {
        let failure = builds[buildId]?.build.failure
        return try BuildReport(json: [
            "tests": 1, "failures": failure == nil ? 0 : 1, "errors": 0,
            "testCase": [["name": "chrome: Login", "error": failure.map(JSONValue.string) ?? .null]],
        ])
    }
}

/// The steps of a test plan.
enum Step {
    case trace(String, retries: Int = 0, continueOnError: Bool = false, timeout: Int = longTimeout)
    case tag(String)
    case command(String, timeout: Int = longTimeout)

    /// A day: at the harness's 1000× clock that is 86 s of real time, so a loaded machine never
    /// times a cell out by accident; the time-out tests give short ones.
    static let longTimeout = 86_400
}

/// A compiled plan of `steps`, one stage each, trace and tag steps on every browser of `browsers`.
func makePlan(
    _ steps: [Step], browsers: [String] = ["chrome", "firefox"], order: RunOrder = .stage,
    onFailure: FailurePolicy = .stop, maxParallel: Int? = nil
) -> CompiledPlan {
    var cells: [CompiledCell] = []
    for (index, step) in steps.enumerated() {
        let stage = index + 1
        func add(
            _ kind: StepKind, _ target: String, _ browser: String?, _ lane: Int?, retries: Int, soft: Bool, timeout: Int
        ) {
            cells.append(
                CompiledCell(
                    seq: cells.count + 1, stage: stage, stepId: kind == .tag ? "tag:\(target)" : "step-\(stage)",
                    kind: kind, target: target, capability: browser.map { ["browserName": .string($0)] }, lane: lane,
                    timeoutSeconds: timeout, retries: retries, continueOnError: soft, needs: []))
        }
        switch step {
        case .trace(let id, let retries, let soft, let timeout):
            for (lane, browser) in browsers.enumerated() {
                add(.trace, id, browser, lane + 1, retries: retries, soft: soft, timeout: timeout)
            }
        case .tag(let name):
            for (lane, browser) in browsers.enumerated() {
                add(.tag, name, browser, lane + 1, retries: 0, soft: false, timeout: Step.longTimeout)
            }
        case .command(let line, let timeout):
            add(.command, line, nil, nil, retries: 0, soft: false, timeout: timeout)
        }
    }
    return CompiledPlan(
        name: "test", hash: "sha256:test-\(UUID().uuidString)", project: "Project1",
        baseUrl: "https://staging.example.com", parameters: ["username": "demo"], order: order,
        onFailure: onFailure, maxParallel: maxParallel, stageCount: steps.count, cells: cells)
}

/// A store with a run of `plan`, a fake Usetrace, and a driver for the run (fast clock, 5 s polls).
struct DriverHarness {
    let store: Store
    let usetrace = FakeUsetrace()
    let clock = ScaledClock()
    let run: RunRecord
    let settings: RunDriverSettings

    /// `notFoundWindow` defaults to an hour (3.6 s of real time) for the same reason as `Step.longTimeout`.
    init(
        _ plan: CompiledPlan, publicURL: String? = nil, usetraceKey: String? = "project-key",
        settings: [String: JSONValue] = [:], notFoundWindow: Duration = .seconds(3600)
    ) throws {
        store = try Store.openTemporary()
        run = try store.createRun(plan: plan, usetraceKey: usetraceKey, settings: settings)
        self.settings = RunDriverSettings(
            pollInterval: .seconds(5), publicURL: publicURL, notFoundWindow: notFoundWindow,
            commands: CommandRunner(outputLimit: 64 * 1024, killGrace: .milliseconds(200)))
    }

    /// A new driver for the run (a new orch process, as far as the run can tell).
    func driver() -> RunDriver {
        RunDriver(store: store, runId: run.id, builds: usetrace, settings: settings, clock: clock)
    }

    func cells() throws -> [CellRecord] { try store.cells(run: run.id) }

    func cell(_ seq: Int) throws -> CellRecord? { try store.cell(run: run.id, seq: seq) }

    func events() throws -> [EventRecord] { try store.events(run: run.id) }

    /// The kinds of the cell events of `seq`, in order.
    func eventKinds(_ seq: Int) throws -> [String] {
        try events().filter { $0.seq == seq }.map(\.kind.rawValue)
    }

    /// The id (order) of the first event of `kind` for cell `seq`.
    func firstEvent(_ kind: EventKind, seq: Int) throws -> Int64? {
        try events().first { $0.kind == kind && $0.seq == seq }?.id
    }

    /// Waits (real time, up to `limit`) until `condition` holds.
    func waitUntil(_ limit: Duration = .seconds(5), _ condition: () throws -> Bool) async throws -> Bool {
        let end = ContinuousClock.now + limit
        while ContinuousClock.now < end {
            if try condition() { return true }
            try await Task.sleep(for: .milliseconds(2))
        }
        return try condition()
    }
}
