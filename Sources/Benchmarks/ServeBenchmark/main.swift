// bench-serve: `orch serve` on loopback against `usetrace-sim` at zero delay, driven by a load
// generator of its own (and by wrk for scheduleRun, when it is installed). Prints its figures:
//   - the cost of one scheduleRun inside the process (router, compile, store; no HTTP),
//   - resident memory idle,
//   - scheduleRun throughput and latency (closed loop) for a 4-step, 2-browser order, and its
//     latency at a fixed rate (open loop, 2,500/s by default: the target's rate),
//   - webhook acknowledgement latency at a fixed rate (open loop) of signed deliveries that each
//     decide a cell,
//   - end-to-end runs completed per second, and resident memory after 10,000 runs.
// Usage: bench-serve [--seconds N] [--connections N] [--schedule-rate N] [--webhook-rate N] [--runs N]
//                    [--max-active-runs N] [--only inprocess|schedule|webhooks|e2e]
// Build with -c release; it runs the `orch` and `usetrace-sim` built next to it.
import BenchmarkSupport
import Executor
import Foundation
import JSON
import Server
import Store
import WebServer

/// Reads `--name N` from the command line, or `fallback`.
func option(_ name: String, _ fallback: Double) -> Double {
    let arguments = CommandLine.arguments
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count, let value = Double(arguments[i + 1]) else {
        return fallback
    }
    return value
}

/// Prints one line at once.
func report(_ line: String) {
    print(line)
    fflush(nil)
}

let seconds = option("--seconds", 10)
let connections = Int(option("--connections", 16))
let scheduleRate = option("--schedule-rate", 2_500)
let webhookRate = option("--webhook-rate", 500)
let endToEndRuns = Int(option("--runs", 10_000))
/// `orch serve --max-active-runs` for the scheduleRun phase (orch's default when not given).
let scheduleActiveRuns: Int? =
    CommandLine.arguments.contains("--max-active-runs")
    ? Int(option("--max-active-runs", 256)) : nil
/// `--only NAME` runs one phase: `inprocess`, `schedule`, `webhooks` or `e2e`.
let only: String? = CommandLine.arguments.firstIndex(of: "--only").flatMap {
    $0 + 1 < CommandLine.arguments.count ? CommandLine.arguments[$0 + 1] : nil
}

/// Whether the phase `name` runs.
func runs(_ name: String) -> Bool { only == nil || only == name }

/// The binaries built next to this one.
let binaries = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
let orchPath = binaries.appendingPathComponent("orch").path
let simulatorPath = binaries.appendingPathComponent("usetrace-sim").path

/// The order of the benchmark: 4 traces on chrome and firefox (8 cells, 4 stages).
let order = Array(
    #"{"projectID": "P", "requiredCapabilities": [{"browserName": "chrome"}, {"browserName": "firefox"}], "runOrder": ["TraceA", "TraceB", "TraceC", "TraceD"]}"#
        .utf8)

/// A scenario: a folder with a database and a client, the simulator configured by `simulator`,
/// and `orch serve` with `serveArguments`.
final class Scenario {
    let folder: URL
    let database: String
    let clientId: String
    let simulator: ListeningChild
    let serve: ListeningChild

    init(simulator configuration: JSONValue, serveArguments: [String]) throws {
        // Dirty pages another process left (a build's files) are written back within about 30 s,
        // and while they are, every fsync waits behind them: measured here, a release build just
        // before the scheduleRun phase gave p99 31.5 ms at a steady 2,500/s instead of about 5.
        // They are flushed first, so that the figures are orch's.
        sync()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        database = folder.appendingPathComponent("orch.db").path
        let config = folder.appendingPathComponent("sim.json")
        try Data(configuration.canonicalText.utf8).write(to: config)
        // The simulator stands for a remote service: its CPU is not orch's, so it runs at the lowest
        // priority and takes only what orch and the load generator leave.
        simulator = try ListeningChild(
            "/usr/bin/nice", ["-n", "19", simulatorPath, "--port", "0", "--config", config.path], folder: folder)
        let add = Process()
        add.executableURL = URL(fileURLWithPath: orchPath)
        add.arguments = ["clients", "add", "bench", "--db", database]
        let out = Pipe()
        add.standardOutput = out
        try add.run()
        add.waitUntilExit()
        clientId = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        serve = try ListeningChild(
            orchPath,
            [
                "serve", "--host", "127.0.0.1", "--port", "0", "--db", database, "--usetrace-url",
                "http://127.0.0.1:\(simulator.port)",
            ] + serveArguments, folder: folder)
    }

    var scheduleRequest: [UInt8] {
        LoadGenerator.post("/scheduleRun/\(clientId)", body: order, headers: ["Content-Type": "application/json"])
    }

    func stop() {
        serve.stop()
        simulator.stop()
        try? FileManager.default.removeItem(at: folder)
    }
}

// MARK: In process

if runs("inprocess") {
    let store = try Store.openTemporary()
    let clientId = "bench-client-id-0123456"
    _ = try store.addClient(name: "bench", id: clientId)
    let service = Service(
        configuration: Service.Configuration(host: "127.0.0.1", port: 0), store: store,
        builds: UsetraceBuildService(configuration: .init(baseURL: "http://127.0.0.1:9")),
        log: ServiceLog(sink: { _ in }))
    let request = ServerRequest(
        method: .post, target: "/scheduleRun/\(clientId)", headers: ["Content-Type": "application/json"], body: order)
    var durations: [Double] = []
    for _ in 0..<2000 {
        let start = ContinuousClock.now
        _ = service.router.handle(request)
        let elapsed = ContinuousClock.now - start
        durations.append(Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds))
    }
    durations.sort()
    report(
        String(
            format:
                "in process: scheduleRun (router, compile, one store transaction with fsync) p50 %.3f ms, p99 %.3f ms",
            durations[1000] * 1000, durations[1980] * 1000))
}

// MARK: Idle memory and scheduleRun

if runs("schedule") {
    let scenario = try Scenario(
        simulator: ["defaultDurationMs": 0, "acceptedMs": 0],
        serveArguments: ["--poll-interval", "1s"] + (scheduleActiveRuns.map { ["--max-active-runs", "\($0)"] } ?? []))
    defer { scenario.stop() }
    Thread.sleep(forTimeInterval: 2)
    report(
        String(format: "idle: resident memory %.1f MB (", scenario.serve.residentMB) + scenario.serve.residentParts
            + ")")
    let request = scenario.scheduleRequest
    _ = LoadGenerator.closedLoop(port: scenario.serve.port, connections: 4, seconds: 1) { _ in request }
    Thread.sleep(forTimeInterval: 1)
    let cpuBefore = scenario.serve.cpuSeconds
    let result = LoadGenerator.closedLoop(port: scenario.serve.port, connections: connections, seconds: seconds) {
        _ in request
    }
    let cpu = scenario.serve.cpuSeconds - cpuBefore
    report("scheduleRun, \(connections) connections, closed loop: " + result.summary)
    report(
        String(
            format: "  orch serve used %.2f s of CPU in that phase = %.3f ms a request (driving the runs included)",
            cpu, cpu * 1000 / Double(max(1, result.statuses[200] ?? 0))))
    if FileManager.default.isExecutableFile(atPath: "/usr/bin/wrk") {
        let script = scenario.folder.appendingPathComponent("post.lua")
        let body = String(decoding: order, as: UTF8.self).replacingOccurrences(of: "\"", with: "\\\"")
        try Data(
            """
            wrk.method = "POST"
            wrk.body = "\(body)"
            wrk.headers["Content-Type"] = "application/json"
            """.utf8
        ).write(to: script)
        let wrk = Process()
        wrk.executableURL = URL(fileURLWithPath: "/usr/bin/wrk")
        wrk.arguments = [
            "-t2", "-c\(connections)", "-d\(Int(seconds))s", "--latency", "-s", script.path,
            "http://127.0.0.1:\(scenario.serve.port)/scheduleRun/\(scenario.clientId)",
        ]
        let out = Pipe()
        wrk.standardOutput = out
        try wrk.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        wrk.waitUntilExit()
        let wanted = text.split(separator: "\n").filter {
            $0.contains("50%") || $0.contains("99%") || $0.contains("Requests/sec")
        }
        report(
            "scheduleRun with wrk -t2 -c\(connections): "
                + wanted.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", "))
    }
    // The latency at the target's rate: requests due at fixed times, each latency counted from
    // when its request was due (a closed loop's latency is its connections over its throughput).
    let timed = LoadGenerator.openLoop(
        port: scenario.serve.port, connections: connections, rate: scheduleRate,
        requests: Array(repeating: request, count: Int(scheduleRate * seconds)))
    report(
        String(format: "scheduleRun, open loop at %.0f/s, %d connections: ", scheduleRate, connections)
            + timed.summary)
    report(String(format: "after the scheduleRun phase: resident memory %.1f MB", scenario.serve.residentMB))
}

// MARK: Webhook acknowledgements

if runs("webhooks") {
    // Builds that never finish by themselves and webhooks the simulator never sends: every cell
    // is decided by one of the benchmark's own signed deliveries.
    let deliveries = Int(webhookRate * seconds)
    let runCount = (deliveries + 1) / 2
    let scenario = try Scenario(
        simulator: [
            "defaultDurationMs": 3_600_000, "acceptedMs": 0, "faults": ["webhook": ["mode": "lost"]],
        ],
        serveArguments: ["--poll-interval", "10m", "--max-active-runs", "\(runCount + 10)"])
    defer { scenario.stop() }
    let request = scenario.scheduleRequest
    var runIds: [String] = []
    _ = LoadGenerator.closedLoop(port: scenario.serve.port, connections: 8, seconds: 600, limit: runCount) { _ in
        request
    }
    let store = try Store.open(path: scenario.database)
    runIds = try store.listRuns(limit: 1000).runs.map(\.run.id)
    var cursor = try store.listRuns(limit: 1000).nextCursor
    while let next = cursor {
        let page = try store.listRuns(limit: 1000, cursor: next)
        runIds += page.runs.map(\.run.id)
        cursor = page.nextCursor
    }
    // Wait until the first stage of every run runs, with its build id.
    var started: [(runId: String, token: String, secret: String)] = []
    let deadline = Date().addingTimeInterval(300)
    while Date() < deadline {
        started = []
        for id in runIds {
            guard let secret = try store.runSecrets(id: id)?.webhookSecret else { continue }
            for cell in try store.cells(run: id) where cell.status == .running && cell.buildId != nil {
                if let token = cell.token { started.append((id, token, secret)) }
            }
        }
        if started.count >= deliveries { break }
        Thread.sleep(forTimeInterval: 0.5)
    }
    let body = Array(
        #"{"tests":1,"failures":0,"errors":0,"testCase":[{"name":"chrome: A","error":null}]}"#.utf8)
    let requests = started.prefix(deliveries).map { cell in
        LoadGenerator.post(
            "/webhook/\(cell.runId)/\(cell.token)", body: body,
            headers: [
                "Content-Type": "application/json", "Signature": WebhookSignature.sign(body, secret: cell.secret),
            ])
    }
    report(
        "webhooks: \(requests.count) deliveries ready; orch serve is pid \(scenario.serve.process.processIdentifier)")
    let result = LoadGenerator.openLoop(
        port: scenario.serve.port, connections: 8, rate: webhookRate, requests: requests)
    report(
        String(format: "webhooks, signed, each deciding a cell, open loop at %.0f/s: ", webhookRate) + result.summary)
}

// MARK: End to end

if runs("e2e") {
    let scenario = try Scenario(
        simulator: ["defaultDurationMs": 0, "acceptedMs": 0], serveArguments: ["--poll-interval", "1s"])
    defer { scenario.stop() }
    let request = scenario.scheduleRequest
    let store = try Store.open(path: scenario.database)
    // In four rounds, so that memory shows whether it grows with the runs or levels off.
    let rounds = 4
    let perRound = endToEndRuns / rounds
    var ended = 0
    var busySeconds = 0.0
    for round in 1...rounds {
        let start = Date()
        let scheduled = LoadGenerator.closedLoop(
            port: scenario.serve.port, connections: 8, seconds: 600, limit: perRound
        ) { _ in request }
        let target = round * perRound
        let deadline = Date().addingTimeInterval(1800)
        while Date() < deadline {
            let counts = try store.runCounts()
            ended = (counts[.passed] ?? 0) + (counts[.failed] ?? 0) + (counts[.cancelled] ?? 0)
            if ended >= target { break }
            Thread.sleep(forTimeInterval: 0.2)
        }
        let elapsed = Date().timeIntervalSince(start)
        busySeconds += elapsed
        report(
            String(
                format: "end to end, round %d: %d runs scheduled in %.1f s, all ended after %.1f s = %.1f runs/s;"
                    + " resident memory after %d runs %.1f MB",
                round, scheduled.statuses[200] ?? 0, scheduled.seconds, elapsed, Double(perRound) / elapsed, ended,
                scenario.serve.residentMB))
    }
    let passed = try store.runCounts()[.passed] ?? 0
    report(
        String(
            format: "end to end: %d runs of 8 cells ended (%d passed) in %.1f s = %.1f runs/s (%.0f cells/s)", ended,
            passed, busySeconds, Double(ended) / busySeconds, Double(ended * 8) / busySeconds))
    report(String(format: "after %d runs: resident memory %.1f MB", ended, scenario.serve.residentMB))
    Thread.sleep(forTimeInterval: 5)
    report(
        String(format: "after %d runs and 5 s idle: resident memory %.1f MB (", ended, scenario.serve.residentMB)
            + scenario.serve.residentParts + ")")
}
