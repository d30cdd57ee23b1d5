import Foundation
import JSON
import PlanCompiler
import Store

/// Sample runs for the dashboard's tests and screenshots: a passed run, a failed run, a live run, a hostile run.
enum DashboardSamples {
    /// Time zero of every sample: 2025-03-14 09:00:00 UTC.
    static let t0 = Date(timeIntervalSince1970: 1_741_942_800)

    /// A time `seconds` after `t0`.
    static func at(_ seconds: TimeInterval) -> Date { t0.addingTimeInterval(seconds) }

    static let chrome: [String: JSONValue] = ["browserName": .string("chrome")]
    static let firefox: [String: JSONValue] = ["browserName": .string("firefox"), "browserVersion": .string("126")]
    static let safari: [String: JSONValue] = [
        "browserName": .string("safari"), "browserVersion": .string("17"), "platformName": .string("macOS 14"),
    ]

    /// A run record.
    static func run(
        _ id: String, plan: String, status: RunStatus, created: TimeInterval, started: TimeInterval?,
        finished: TimeInterval?, hash: String = "9f2c4e1ab7d35c08e6f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3",
        client: String? = "ci"
    ) -> RunRecord {
        RunRecord(
            id: id, planHash: hash, planName: plan, clientName: client, status: status, createdAt: at(created),
            startedAt: started.map(at), finishedAt: finished.map(at), settings: .object([:]))
    }

    /// A cell record; a browser cell unless `capability` is `nil`.
    static func cell(
        _ runId: String, seq: Int, stage: Int, id: String, kind: StepKind = .trace, target: String? = nil,
        capability: [String: JSONValue]?, lane: Int?, status: CellStatus, attempt: Int = 1, retries: Int = 0,
        started: TimeInterval? = nil, finished: TimeInterval? = nil, build: String? = nil, error: String? = nil,
        flaky: Bool = false, soft: Bool = false, continueOnError: Bool = false, token: String? = nil
    ) -> CellRecord {
        CellRecord(
            runId: runId, seq: seq, stage: stage, stepId: id, kind: kind, target: target ?? id, capability: capability,
            lane: lane, timeoutSeconds: 1800, retries: retries, continueOnError: continueOnError || soft, needs: [],
            status: status, attempt: started == nil ? (attempt > 1 ? attempt : 0) : attempt, buildId: build,
            token: token, startedAt: started.map(at), finishedAt: finished.map(at), error: error, flaky: flaky,
            soft: soft, summary: nil)
    }

    /// An attempt record.
    static func attempt(
        _ runId: String, seq: Int, _ number: Int, status: CellStatus, started: TimeInterval, finished: TimeInterval?,
        build: String?, error: String? = nil
    ) -> AttemptRecord {
        AttemptRecord(
            runId: runId, seq: seq, attempt: number, token: "tok-secret-\(seq)-\(number)", buildId: build, pid: nil,
            startedAt: at(started), finishedAt: finished.map(at), status: status, error: error, report: nil)
    }

    // MARK: A passed run: two stages on two lanes, one flaky cell (passed on its second attempt).

    static let passedId = "Pa55edRunAAAAAAAAAAAAA"
    static let passedRun = run(passedId, plan: "checkout smoke", status: .passed, created: 0, started: 2, finished: 302)
    static let passedCells = [
        cell(
            passedId, seq: 1, stage: 1, id: "login", capability: chrome, lane: 1, status: .passed,
            started: 2, finished: 62, build: "b-1001"),
        cell(
            passedId, seq: 2, stage: 1, id: "login", capability: firefox, lane: 2, status: .passed,
            started: 2, finished: 122, build: "b-1002"),
        cell(
            passedId, seq: 3, stage: 2, id: "checkout", capability: chrome, lane: 1, status: .passed, attempt: 2,
            retries: 2, started: 150, finished: 302, build: "b-1005", flaky: true),
        cell(
            passedId, seq: 4, stage: 2, id: "checkout", capability: firefox, lane: 2, status: .passed,
            started: 122, finished: 242, build: "b-1004"),
    ]
    static let passedAttempts: [Int: [AttemptRecord]] = [
        3: [
            attempt(
                passedId, seq: 3, 1, status: .failed, started: 62, finished: 142, build: "b-1003",
                error: "Assertion failed: the order total is 0.00"),
            attempt(passedId, seq: 3, 2, status: .passed, started: 150, finished: 302, build: "b-1005"),
        ]
    ]

    // MARK: A failed run: a command cell, a hard failure with a long error, a soft failure, skipped cells.

    static let failedId = "Fa1ledRunBBBBBBBBBBBBB"
    static let longError = """
        Usetrace build b-2002 failed: 2 of 14 traces failed.
        trace 'Pay with card' step 7: element #pay-button was not visible after 30 s (selector: \
        form.checkout > button[type=submit]); screenshot taken; the page had a modal 'Cookies' open.
        trace 'Refund' step 3: expected text 'Refunded' but found 'Pending'.
        """
    static let failedRun = run(
        failedId, plan: "nightly regression", status: .failed, created: -3600, started: -3595, finished: -3100)
    static let failedCells = [
        cell(
            failedId, seq: 1, stage: 1, id: "seed-data", kind: .command, target: "./scripts/seed --env staging",
            capability: nil, lane: nil, status: .passed, started: -3595, finished: -3570),
        cell(
            failedId, seq: 2, stage: 2, id: "tag:payments", kind: .tag, target: "payments", capability: chrome,
            lane: 1, status: .failed, started: -3570, finished: -3100, build: "b-2002", error: longError),
        cell(
            failedId, seq: 3, stage: 2, id: "tag:payments", kind: .tag, target: "payments", capability: safari,
            lane: 2, status: .failed, started: -3570, finished: -3300, build: "b-2003",
            error: "1 trace failed: 'Apple Pay' step 2", soft: true),
        cell(
            failedId, seq: 4, stage: 2, id: "search", capability: chrome, lane: 1, status: .error,
            started: -3570, finished: -3400, build: "b-2004", error: "Usetrace answered 503 three times"),
        cell(
            failedId, seq: 5, stage: 3, id: "reports", capability: chrome, lane: 1, status: .skipped,
            error: "skipped: an earlier stage failed"),
        cell(
            failedId, seq: 6, stage: 3, id: "reports", capability: safari, lane: 2, status: .skipped,
            error: "skipped: an earlier stage failed"),
    ]

    // MARK: A live run: a finished stage, a running cell, a cell waiting for its retry, pending cells.

    static let liveId = "L1veRunCCCCCCCCCCCCCCC"
    /// The moment the live run is looked at.
    static let liveNow = at(7200 + 245)
    static let liveRun = run(
        liveId, plan: "release candidate", status: .running, created: 7200, started: 7201,
        finished: nil)
    static let liveCells = [
        cell(
            liveId, seq: 1, stage: 1, id: "build-app", kind: .command, target: "make release", capability: nil,
            lane: nil, status: .passed, started: 7201, finished: 7261),
        cell(
            liveId, seq: 2, stage: 2, id: "smoke", capability: chrome, lane: 1, status: .passed,
            started: 7261, finished: 7321, build: "b-3001"),
        cell(
            liveId, seq: 3, stage: 2, id: "smoke", capability: firefox, lane: 2, status: .running,
            started: 7261, build: "b-3002"),
        cell(
            liveId, seq: 4, stage: 3, id: "full-suite", kind: .tag, target: "regression", capability: chrome,
            lane: 1, status: .running, started: 7321, build: "b-3003"),
        cell(
            liveId, seq: 5, stage: 3, id: "full-suite", kind: .tag, target: "regression", capability: firefox,
            lane: 2, status: .pending),
        cell(
            liveId, seq: 6, stage: 4, id: "teardown", kind: .command, target: "make clean", capability: nil,
            lane: nil, status: .pending),
    ]

    // MARK: A run whose every text tries to inject HTML.

    static let hostileId = "H0stileRunDDDDDDDDDDDD"
    static let hostileRun = run(
        hostileId, plan: "<script>alert(\"plan\")</script> & 'co'", status: .failed, created: -60, started: -59,
        finished: -10, hash: "<b>hash</b>\"'&", client: "<i>client</i>")
    static let hostileCells = [
        cell(
            hostileId, seq: 1, stage: 1, id: "<img src=x onerror=alert(1)>", kind: .command,
            target: "echo \"<script>alert('t')</script>\" && rm -rf / # &amp;", capability: nil, lane: nil,
            status: .failed, started: -59, finished: -10,
            error: "</pre></details><script>alert('error')</script> \"quoted\" & 'single'", token: "tok-secret-cell"),
        cell(
            hostileId, seq: 2, stage: 1, id: "\"><svg onload=alert(2)>",
            capability: [
                "browserName": .string("<script>alert('browser')</script>")
            ], lane: 1, status: .failed, started: -59, finished: -20, build: "<b>build</b>",
            error: String(repeating: "<script>x</script>&", count: 20)),
    ]

    /// The runs page's sample: five runs, newest first (the hostile one is tested on its own).
    static var summaries: [RunSummary] {
        [
            RunSummary(run: liveRun, cells: counts(liveCells)),
            RunSummary(run: passedRun, cells: counts(passedCells)),
            RunSummary(run: failedRun, cells: counts(failedCells)),
            RunSummary(
                run: run(
                    "Queued0RunEEEEEEEEEEEE", plan: "docs links", status: .queued, created: -7200, started: nil,
                    finished: nil, client: nil),
                cells: CellCounts(byStatus: [.pending: 3])),
            RunSummary(
                run: run(
                    "Cance1ledRunFFFFFFFFFF", plan: "checkout smoke", status: .cancelled, created: -90000,
                    started: -89990, finished: -89000),
                cells: CellCounts(byStatus: [.passed: 1, .cancelled: 3])),
        ]
    }

    /// Cells counted by status.
    static func counts(_ cells: [CellRecord]) -> CellCounts {
        CellCounts(byStatus: Dictionary(grouping: cells, by: \.status).mapValues(\.count))
    }
}

extension DashboardSamples {
    /// The failed run's event log (a few entries).
    static let failedEvents: [EventRecord] = [
        EventRecord(
            id: 1, runId: failedId, seq: nil, attempt: nil, kind: .runCreated, fromStatus: nil, toStatus: "queued",
            detail: .object(["plan": .string("9f2c4e1a")]), at: at(-3600)),
        EventRecord(
            id: 2, runId: failedId, seq: 2, attempt: 1, kind: .cellBuildStarted, fromStatus: nil, toStatus: nil,
            detail: .object(["buildId": .string("b-2002"), "token": .string("tok-secret-event")]), at: at(-3569)),
        EventRecord(
            id: 3, runId: failedId, seq: 5, attempt: nil, kind: .cellSkipped, fromStatus: "pending",
            toStatus: "skipped", detail: .object(["reason": .string("an earlier stage failed")]), at: at(-3100)),
        EventRecord(
            id: 4, runId: failedId, seq: nil, attempt: nil, kind: .runFailed, fromStatus: "running",
            toStatus: "failed", detail: nil, at: at(-3100)),
    ]
}
