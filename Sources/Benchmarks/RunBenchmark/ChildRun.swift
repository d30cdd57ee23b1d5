import Foundation
import Glibc
import Store

/// What the `orch run` subprocess measured.
struct ChildFigures {
    var exitStatus: Int32
    var wall: Double
    var transactions: Int
    /// The largest `VmHWM` read from `/proc/PID/status` while it ran.
    var peakKB: Int
    /// `ru_maxrss` from `wait4`: the same peak, as the kernel reports it at exit.
    var maxRSSKB: Int
}

/// The built `orch run` as a subprocess (stdout and stderr to /dev/null), watched through `/proc`.
enum ChildRun {
    struct SpawnFailure: Error, CustomStringConvertible {
        var description: String
    }

    static func measure(
        orch: String, plan: String, database: String, usetraceURL: String, pollMs: Int
    ) throws
        -> ChildFigures
    {
        let arguments = [
            orch, "run", plan, "--db", database, "--usetrace-url", usetraceURL, "--poll-interval", "\(pollMs)ms",
        ]
        var environment = ProcessInfo.processInfo.environment
        for key in environment.keys where key.hasPrefix("ORCH_") || key.hasPrefix("USETRACE_") || key == "HOSTNAME" {
            environment[key] = nil
        }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv + envp { free(pointer) }
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)

        let started = ContinuousClock.now
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, orch, &actions, nil, argv, envp)
        guard spawned == 0 else { throw SpawnFailure(description: "posix_spawn \(orch): error \(spawned)") }

        var peak = 0
        var status: Int32 = 0
        var usage = rusage()
        while true {
            let ended = wait4(pid, &status, WNOHANG, &usage)
            if ended == pid { break }
            if ended < 0 { throw SpawnFailure(description: "wait4: errno \(errno)") }
            peak = max(peak, PeakMemory.kilobytes(pid: String(pid)))
            usleep(5_000)
        }
        let wall = (ContinuousClock.now - started).seconds
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : -(status & 0x7f)

        let store = try Store.open(path: database)
        guard let runId = try store.listRuns(limit: 1).runs.first?.run.id else {
            throw SpawnFailure(description: "orch stored no run")
        }
        return ChildFigures(
            exitStatus: exitStatus, wall: wall, transactions: try store.events(run: runId).count, peakKB: peak,
            maxRSSKB: Int(usage.ru_maxrss))
    }
}
