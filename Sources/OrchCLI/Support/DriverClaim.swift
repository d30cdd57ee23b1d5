import Foundation
import JSON
import Store

/// Which `orch` process drives a run: its pid in the run's settings (`driverPid`), so `runs resume`
/// does not start a second driver beside a live one (which would start builds twice).
///
/// Advisory only: the database stays consistent whoever drives (every change is a compare-and-set);
/// the claim only keeps Usetrace from getting duplicate starts.
enum DriverClaim {
    /// The run setting that holds the driving process's pid.
    static let setting = "driverPid"

    /// The pid of a live `orch` process (other than this one) that claims the run, if any.
    static func liveDriver(of run: RunRecord) -> Int32? {
        guard let pid = run.settings[setting]?.intValue.map(Int32.init), pid != getpid(), isLiveOrch(pid) else {
            return nil
        }
        return pid
    }

    /// Records this process as the run's driver (in one transaction, keeping the other settings).
    static func claim(_ store: Store, runId: String) throws {
        try store.write { tx in
            guard let run = try tx.run(id: runId) else { return }
            var settings = run.settings.objectValue ?? [:]
            settings[setting] = .int(Int64(getpid()))
            _ = try tx.updateRunSettings(run: runId, settings: settings)
        }
    }

    /// Whether `pid` is a running (not zombie) process named `orch`, read from `/proc/PID/stat`.
    static func isLiveOrch(_ pid: Int32) -> Bool {
        guard pid > 0, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")")
        else { return false }
        let name = stat[stat.index(after: open)..<close]
        let state = stat[stat.index(after: close)...].split(separator: " ").first
        return name == "orch" && state != "Z" && state != "X"
    }
}
