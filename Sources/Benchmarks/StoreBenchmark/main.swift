// bench-store: seeds a database with about a million cells, then times the queries the CLI and
// the service make, and single-row compare-and-set transactions (synchronous=FULL).
// Usage: bench-store [--runs N] [--cells-per-run M]   (build with -c release)
import Foundation
import JSON
import PlanCompiler
import Store

/// Reads `--name N` from the command line, or `fallback`.
func option(_ name: String, _ fallback: Int) -> Int {
    let arguments = CommandLine.arguments
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count, let value = Int(arguments[i + 1]) else {
        return fallback
    }
    return value
}

/// Prints one line of figures at once (so they survive a crash later on).
func report(_ line: String) {
    print(line)
    fflush(nil)
}

/// Seconds as milliseconds with three decimals.
func ms(_ duration: Duration) -> String {
    let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    return String(format: "%.3f ms", seconds * 1000)
}

/// Runs `body` `times` times and prints the median and the slowest.
func measure(_ label: String, times: Int = 200, _ body: () throws -> Void) throws {
    let clock = ContinuousClock()
    var durations: [Duration] = []
    for _ in 0..<times {
        let start = clock.now
        try body()
        durations.append(clock.now - start)
    }
    durations.sort()
    let label = label.padding(toLength: 52, withPad: " ", startingAt: 0)
    report(
        "\(label) median \(ms(durations[durations.count / 2]))  p99 \(ms(durations[durations.count * 99 / 100]))  max \(ms(durations[durations.count - 1]))"
    )
}

/// A plan of `cells` trace cells: stages of two browsers each.
func makePlan(cells count: Int) -> CompiledPlan {
    let cells = (0..<count).map { i in
        CompiledCell(
            seq: i + 1, stage: i / 2 + 1, stepId: "Trace\(i / 2)", kind: .trace, target: "TraceId\(i / 2)",
            capability: ["browserName": .string(i % 2 == 0 ? "chrome" : "firefox")], lane: i % 2 + 1,
            timeoutSeconds: 3600, retries: 1, continueOnError: false, needs: [])
    }
    return CompiledPlan(
        name: "bench", hash: "sha256:bench-\(count)", project: "BenchProject", baseUrl: "https://staging.example.com",
        parameters: [:], order: .stage, onFailure: .stop, maxParallel: nil, stageCount: (count + 1) / 2, cells: cells)
}

let runCount = option("--runs", 10_000)
let cellsPerRun = option("--cells-per-run", 100)
let runsPerTransaction = 100
let plan = makePlan(cells: cellsPerRun)
let origin = Date(timeIntervalSince1970: 1_700_000_000)

let folder = FileManager.default.temporaryDirectory.appendingPathComponent("orch-bench-store-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }
let path = folder.appendingPathComponent("bench.db").path

/// The status run `index` (0 oldest) ends up with: the newest are still going, most passed.
func runStatus(_ index: Int) -> RunStatus {
    let age = runCount - 1 - index
    if age < 10 { return .queued }
    if age < 30 { return .running }
    switch index % 100 {
    case 0..<3: return .cancelled
    case 3..<15: return .failed
    default: return .passed
    }
}

/// The status cell `seq` ends up with in a run that ends up `status`.
func cellStatus(_ seq: Int, of status: RunStatus) -> CellStatus {
    switch status {
    case .queued: return .pending
    case .passed: return .passed
    case .failed: return seq < cellsPerRun / 2 ? .passed : seq == cellsPerRun / 2 ? .failed : .skipped
    case .cancelled: return seq <= cellsPerRun / 4 ? .passed : .cancelled
    case .running: return seq <= cellsPerRun / 3 ? .passed : seq <= cellsPerRun / 3 + 2 ? .running : .pending
    }
}

report("bench-store: \(runCount) runs x \(cellsPerRun) cells = \(runCount * cellsPerRun) cells, synchronous=FULL")
let clock = ContinuousClock()
var sampleRunId = ""
var sampleToken = ""
do {
    let store = try Store.open(path: path)
    let seedStart = clock.now
    var casMisses = 0
    for batch in stride(from: 0, to: runCount, by: runsPerTransaction) {
        let (misses, sample) = try store.write { tx -> (Int, (run: String, token: String)?) in
            var casMisses = 0
            var sample: (run: String, token: String)?
            for index in batch..<min(batch + runsPerTransaction, runCount) {
                let created = origin.addingTimeInterval(Double(index) * 60)
                let run = try tx.createRun(plan: plan, usetraceKey: "bench-key", at: created)
                let status = runStatus(index)
                if status == .queued { continue }
                _ = try tx.updateRunStatus(run: run.id, from: [.queued], to: .running, startedAt: created)
                for seq in 1...cellsPerRun {
                    let cellStatus = cellStatus(seq, of: status)
                    if cellStatus == .pending { continue }
                    let token = "tok-\(index)-\(seq)"
                    var changes: [CellChange] = [.status(cellStatus), .attempt(1), .token(token), .startedAt(created)]
                    if cellStatus.isFinal {
                        changes += [.finishedAt(created.addingTimeInterval(30)), .buildId("build-\(index)-\(seq)")]
                    }
                    if cellStatus == .failed { changes.append(.error("Element not found: #submit")) }
                    if !(try tx.updateCell(
                        run: run.id, seq: seq, expectedAttempt: 0, expectedStatus: .pending, set: changes))
                    {
                        casMisses += 1
                    }
                    if seq % 10 == 1 {
                        try tx.insertAttempt(run: run.id, seq: seq, attempt: 1, token: token, startedAt: created)
                    }
                }
                if status.isFinal {
                    _ = try tx.updateRunStatus(
                        run: run.id, from: [.running], to: status, finishedAt: created.addingTimeInterval(600))
                }
                if index == runCount / 2 { sample = (run.id, "tok-\(index)-1") }
            }
            return (casMisses, sample)
        }
        casMisses += misses
        if let sample { (sampleRunId, sampleToken) = sample }
    }
    let seeded = clock.now - seedStart
    precondition(casMisses == 0, "seeding: \(casMisses) compare-and-sets missed")
    report(
        "seeded in \(ms(seeded)) (\(Int(Double(runCount * cellsPerRun) / (Double(seeded.components.seconds) + Double(seeded.components.attoseconds) / 1e18))) cells/s, \(runsPerTransaction) runs a transaction)"
    )
}

// Measure on a fresh connection (cold SQLite cache), as a new `orch` process would see it.
let store = try Store.open(path: path)
let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
let walSize = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
report("database: \(size / 1_048_576) MiB (+ \(walSize / 1_048_576) MiB WAL)")

let firstOpen = clock.now
let first = try store.listRuns(limit: 50)
report(
    "list newest 50 (first call, cold cache)".padding(toLength: 52, withPad: " ", startingAt: 0)
        + " \(ms(clock.now - firstOpen))")
precondition(first.runs.count == 50 && first.runs[0].cells.total == cellsPerRun)

try measure("list newest 50 runs with counts") { _ = try store.listRuns(limit: 50) }

// The cursor of page 100 (runs 5,000 to 5,049), reached by following cursors.
var deepCursor = first.nextCursor
let walkStart = clock.now
for _ in 1..<min(100, runCount / 50 - 1) {
    deepCursor = try store.listRuns(limit: 50, cursor: deepCursor).nextCursor
}
let walked = clock.now - walkStart
report("follow cursors to page 100".padding(toLength: 52, withPad: " ", startingAt: 0) + " \(ms(walked))")
try measure("list a deep page (page 100) via cursor") {
    let page = try store.listRuns(limit: 50, cursor: deepCursor)
    precondition(page.runs.count == 50)
}

try measure("list newest 50 with status=failed") {
    let page = try store.listRuns(status: .failed, limit: 50)
    precondition(page.runs.count == 50 && page.runs.allSatisfy { $0.run.status == .failed })
}
let failedPage2 = try store.listRuns(status: .failed, limit: 50).nextCursor
try measure("list status=failed, second page via cursor") {
    _ = try store.listRuns(status: .failed, limit: 50, cursor: failedPage2)
}
try measure("list status=running (20 runs)") { _ = try store.listRuns(status: .running, limit: 50) }

try measure("load one run's \(cellsPerRun) cells") {
    let cells = try store.cells(run: sampleRunId)
    precondition(cells.count == cellsPerRun)
}
try measure("read one run") { _ = try store.run(id: sampleRunId) }
try measure("attempt lookup by token") {
    let found = try store.attempt(token: sampleToken)
    precondition(found != nil)
}
try measure("unfinished run ids") { _ = try store.unfinishedRunIds() }
try measure("events of one run") { _ = try store.events(run: sampleRunId) }
try measure("runs counted by status (metrics)") { _ = try store.runCounts() }

// Single-row compare-and-set transactions: each its own BEGIN IMMEDIATE … COMMIT, synced.
// The newest run is queued: its cell 1 is pending at attempt 0.
guard let target = try store.unfinishedRunIds().last else { fatalError("no unfinished run to update") }
let casCount = 2_000
var attempt = 0
let casStart = clock.now
for _ in 0..<casCount {
    let changed = try store.write { [attempt] tx in
        try tx.updateCell(
            run: target, seq: 1, expectedAttempt: attempt, expectedStatus: .pending,
            set: [.attempt(attempt + 1)])
    }
    precondition(changed)
    attempt += 1
}
let casTime = clock.now - casStart
let casSeconds = Double(casTime.components.seconds) + Double(casTime.components.attoseconds) / 1e18
report(
    "single-row CAS transactions (synchronous=FULL)".padding(toLength: 52, withPad: " ", startingAt: 0)
        + " \(Int(Double(casCount) / casSeconds))/s (\(ms(casTime / casCount)) each)")

let eventCount = 2_000
let eventStart = clock.now
for i in 0..<eventCount {
    try store.write { [attempt] tx in
        _ = try tx.updateCell(
            run: target, seq: 1, expectedAttempt: attempt, expectedStatus: .pending, set: [.attempt(attempt + 1)])
        try tx.appendEvent(
            run: target, seq: 1, attempt: attempt + 1, kind: .cellRetrying, detail: ["i": .int(Int64(i))], at: Date())
    }
    attempt += 1
}
let eventTime = clock.now - eventStart
let eventSeconds = Double(eventTime.components.seconds) + Double(eventTime.components.attoseconds) / 1e18
report(
    "CAS + event transactions (synchronous=FULL)".padding(toLength: 52, withPad: " ", startingAt: 0)
        + " \(Int(Double(eventCount) / eventSeconds))/s (\(ms(eventTime / eventCount)) each)")

let createCount = 200
let createStart = clock.now
for i in 0..<createCount {
    _ = try store.createRun(plan: plan, at: origin.addingTimeInterval(Double(runCount + i) * 60))
}
let createTime = clock.now - createStart
report(
    "create a \(cellsPerRun)-cell run (one transaction each)".padding(toLength: 52, withPad: " ", startingAt: 0)
        + " \(ms(createTime / createCount)) each")
