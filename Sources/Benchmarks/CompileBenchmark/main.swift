// bench-compile: how fast the compiler is next to libyaml alone, and how long `orch validate` of
// 200 ordinary plans takes as a whole process. Prints its figures; it is not a test.
//
// Usage: bench-compile [--orch PATH] [--repeat N] [--profile | --profile-parse]
// (--profile compiles N times and --profile-parse runs the floor N times, printing nothing: for callgrind.)
import Foundation
import PlanCompiler

/// A plan of `steps` trace steps on three capabilities, in the YAML a person would write.
func largePlan(steps: Int) -> String {
    var text =
        "version: 1\nname: large\nproject: P\ncapabilities: [chrome, firefox, {browserName: chrome, version: \"120\"}]\n"
    text += "defaults:\n  timeout: 30m\nsteps:\n"
    for i in 0..<steps {
        text += "  - trace: T\(String(i, radix: 36))xWNsQAXLYQJ6mVVjjEjvUD3ZC83\n"
        if i % 10 == 9 { text += "    retries: 1\n" }
        if i % 100 == 99 { text += "    needs: [\"step\(i - 50)\"]\n" }
        if i % 100 == 49 { text += "    id: step\(i)\n" }
    }
    return text
}

/// An ordinary plan: a handful of steps with a group, needs and a command.
func ordinaryPlan(_ n: Int) -> String {
    """
    version: 1
    name: plan-\(n)
    project: YXlFJTqD6gAZF_7K9TE7VmYiYVazGMc6
    capabilities: [chrome, firefox]
    groups:
      browse: [B\(n)a, B\(n)b]
    steps:
      - run: ./scripts/reset-fixtures.sh
      - trace: P\(n)pay
        id: pay
        needs: [login]
      - trace: L\(n)login
        id: login
      - group: browse
      - tag: goon

    """
}

func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }

func time(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
}

/// Peak resident memory of this process in MB (from /proc/self/status VmHWM).
func peakMemoryMB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
    else { return -1 }
    let kb = Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    return kb / 1024
}

let args = CommandLine.arguments
let repeats = args.firstIndex(of: "--repeat").flatMap { Int(args[$0 + 1]) } ?? 7
let orchPath =
    args.firstIndex(of: "--orch").map { args[$0 + 1] }
    ?? URL(fileURLWithPath: args[0]).deletingLastPathComponent().appendingPathComponent("orch").path

let memoryBefore = peakMemoryMB()
let bytes = Array(largePlan(steps: 10_000).utf8)
if args.contains("--profile-parse") {
    // The floor only, many times: to count its instructions next to the compile's.
    for _ in 0..<repeats { _ = Compiler.parseOnly(bytes: bytes) }
    exit(0)
}
if args.contains("--profile") {
    // Compile only, many times: for `perf record`.
    for _ in 0..<repeats { _ = Compiler.compile(bytes: bytes, path: "large.yaml") }
    exit(0)
}
var parseTimes: [Double] = []
var compileTimes: [Double] = []
var cells = 0
for _ in 0..<repeats {
    parseTimes.append(time { _ = Compiler.parseOnly(bytes: bytes) })
    compileTimes.append(
        time {
            let result = Compiler.compile(bytes: bytes, path: "large.yaml")
            cells = result.plan?.cells.count ?? -1
        })
}
let parse = median(parseTimes)
let compile = median(compileTimes)
print("plan: 10,000 steps x 3 capabilities = \(cells) cells, \(bytes.count / 1024) KiB of YAML")
print(String(format: "libyaml parse alone (floor): %8.2f ms (median of %d)", parse, repeats))
print(String(format: "full compile:                %8.2f ms (median of %d)", compile, repeats))
print(String(format: "ratio compile / parse:       %8.2f (target: within 3x)", compile / parse))
print(
    String(
        format: "peak memory of this process: %8.1f MB (%.1f MB before the plan was built)", peakMemoryMB(),
        memoryBefore))

// `orch validate` of a folder of 200 ordinary plans, as a whole process.
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("orch-bench-\(getpid())")
try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
for n in 0..<200 {
    try? ordinaryPlan(n).write(to: folder.appendingPathComponent("plan-\(n).yaml"), atomically: true, encoding: .utf8)
}
var validateTimes: [Double] = []
var status: Int32 = -1
for _ in 0..<repeats {
    validateTimes.append(
        time {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: orchPath)
            process.arguments = ["validate", folder.path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            do {
                try process.run()
                process.waitUntilExit()
                status = process.terminationStatus
            } catch {
                print("cannot run \(orchPath): \(error)")
            }
        })
}
try? FileManager.default.removeItem(at: folder)
print(
    String(
        format:
            "orch validate of 200 plans:  %8.2f ms (median of %d, whole process, exit %d; target: well under 500 ms)",
        median(validateTimes), repeats, status))
