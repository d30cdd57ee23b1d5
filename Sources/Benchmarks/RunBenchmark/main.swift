// bench-run: orch's own cost of running a plan, against usetrace-sim with zero-length builds.
//
// A plan of STEPS trace steps × BROWSERS browsers (maxParallel unset) runs twice:
//  1. in process: a RunDriver over the real Usetrace client and store, its Usetrace calls timed;
//  2. as the built `orch run` binary (a subprocess), its peak memory read from the kernel.
// With builds of 0 ms the wall time per cell is orch's own: HTTP, SQLite, scheduling and the
// poll wait before the first status check (the driver waits one poll interval after a start).
//
// Usage: swift build -c release && .build/release/bench-run [--steps 1000] [--browsers 2] [--poll-ms 1]
import Executor
import Foundation
import HTTPClient
import PlanCompiler
import Store

let options = BenchmarkOptions(CommandLine.arguments.dropFirst())
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("orch-bench-run-\(UUID().uuidString)")
do {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
} catch {
    fail("cannot create \(folder.path): \(error)")
}
defer { try? FileManager.default.removeItem(at: folder) }

let binaries = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
let simulator: SimulatorChild
do {
    simulator = try SimulatorChild(executable: binaries.appendingPathComponent("usetrace-sim").path, folder: folder)
} catch {
    fail("\(error)")
}
defer { simulator.stop() }

let planText = BenchmarkPlan.yaml(steps: options.steps, width: options.width)
let planPath = folder.appendingPathComponent("bench.yaml").path
guard FileManager.default.createFile(atPath: planPath, contents: Data(planText.utf8)),
    let plan = Compiler.compile(bytes: Array(planText.utf8), path: planPath).plan
else { fail("the benchmark plan does not compile") }
let cells = plan.cells.count
let pollMs = options.pollMs

print(
    "bench-run: \(cells) cells (\(plan.stageCount) stages × \(options.width) capabilities), simulator builds of 0 ms, "
        + "poll interval \(pollMs) ms, \(ProcessInfo.processInfo.activeProcessorCount) cores")

// 1. In process.
let inProcess: InProcessFigures
do {
    inProcess = try await InProcessRun.measure(
        plan: plan, database: folder.appendingPathComponent("in-process.db").path, usetraceURL: simulator.url,
        pollMs: pollMs)
} catch {
    fail("the in-process run failed: \(error)")
}
let perCell = inProcess.wall / Double(cells) * 1000
print(
    String(
        format: "in process (RunDriver): %@ in %.2f s = %.3f ms/cell", inProcess.status.rawValue, inProcess.wall,
        perCell))
print(
    String(
        format: "  HTTP: %d calls, %.3f ms/cell summed over calls (%.3f ms a call; cells of a stage overlap)",
        inProcess.calls, inProcess.httpSeconds / Double(cells) * 1000,
        inProcess.httpSeconds / Double(max(1, inProcess.calls)) * 1000))
print(
    String(
        format: "  poll waits: at least %d stages × %d ms = %.3f ms/cell of the wall time", plan.stageCount, pollMs,
        Double(plan.stageCount * pollMs) / Double(cells)))
print(
    String(
        format: "  SQLite: %d writes in %d transactions (group commit) = %.0f transactions/s during the run",
        inProcess.writes, inProcess.transactions, Double(inProcess.transactions) / inProcess.wall))
print(
    String(
        format: "  CPU: %.3f ms/cell (user + system of the whole process; the simulator is another process)",
        inProcess.cpuSeconds / Double(cells) * 1000))
print("  peak memory of the bench process: \(inProcess.peakKB / 1024) MB (VmHWM; includes the benchmark itself)")

// 2. The orch binary.
await simulator.reset()
let child: ChildFigures
do {
    child = try ChildRun.measure(
        orch: binaries.appendingPathComponent("orch").path, plan: planPath,
        database: folder.appendingPathComponent("child.db").path, usetraceURL: simulator.url, pollMs: pollMs)
} catch {
    fail("the orch run failed: \(error)")
}
let childPerCell = child.wall / Double(cells) * 1000
print(
    String(
        format: "orch run (subprocess): exit %d in %.2f s = %.3f ms/cell (compile, store, progress lines included)",
        child.exitStatus, child.wall, childPerCell))
print(
    String(
        format: "  SQLite: %d state changes (events) = %.0f/s during the run", child.transactions,
        Double(child.transactions) / child.wall))
print(
    "  peak memory of orch: \(child.peakKB / 1024) MB (VmHWM read from /proc while it ran; ru_maxrss \(child.maxRSSKB / 1024) MB)"
)

let overheadOK = max(perCell, childPerCell) < 2
let memoryOK = child.peakKB < 50 * 1024
print(
    "targets: overhead < 2 ms/cell: \(overheadOK ? "met" : "NOT met"); peak memory < 50 MB: \(memoryOK ? "met" : "NOT met")"
)

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("bench-run: \(message)\n".utf8))
    exit(1)
}
