import Foundation
import JSON
import Store

/// Which `orch` process drives a run: its pid in the run's settings (`driverPid`), written by
/// `orch run`, `orch runs rerun`, `orch runs resume` and `orch serve`, so that two processes on one
/// database do not both drive a run (which would start its builds twice).
///
/// Advisory only: the records stay consistent whoever drives (every change is a compare-and-set);
/// the claim only keeps Usetrace from getting duplicate starts.
public enum DriverClaim {
    /// The run setting holding the driving process's pid.
    public static let setting = "driverPid"

    /// This process's claim, as a run setting (name and value).
    public static var ownSetting: (name: String, value: JSONValue) { (setting, .int(Int64(getpid()))) }

    /// The pid of a live `orch` process (other than this one) that claims `run`, if any.
    public static func liveDriver(of run: RunRecord) -> Int32? {
        guard let pid = run.settings[setting]?.intValue.map(Int32.init), pid != getpid(), isLiveOrch(pid) else {
            return nil
        }
        return pid
    }

    /// Whether another live `orch` process claims `run`.
    public static func isClaimedElsewhere(_ run: RunRecord) -> Bool {
        liveDriver(of: run) != nil
    }

    /// Records this process as the driver of run `runId`, whoever claimed it before (in one
    /// transaction, keeping the run's other settings); nothing when there is no such run.
    public static func claim(_ runId: String, in store: Store) async throws {
        try await store.write { tx in
            guard let run = try tx.run(id: runId) else { return }
            _ = try writeOwnClaim(on: run, in: tx)
        }
    }

    /// The runs of `ids` that no other live `orch` process drives, each claimed for this one
    /// (in one transaction, keeping each run's other settings).
    public static func claimUnclaimed(_ ids: [String], in store: Store) async throws -> [String] {
        try await store.write { tx in
            try ids.filter { id in
                guard let run = try tx.run(id: id), !isClaimedElsewhere(run) else { return false }
                return try writeOwnClaim(on: run, in: tx)
            }
        }
    }

    /// Whether `pid` is a running (not zombie) process named `orch`, read from `/proc/PID/stat`.
    public static func isLiveOrch(_ pid: Int32) -> Bool {
        guard pid > 0, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")")
        else { return false }
        let name = stat[stat.index(after: open)..<close]
        let state = stat[stat.index(after: close)...].split(separator: " ").first
        return name == "orch" && state != "Z" && state != "X"
    }

    /// Sets this process's pid as `run`'s driver; whether the run exists.
    private static func writeOwnClaim(on run: RunRecord, in tx: WriteTransaction) throws -> Bool {
        var settings = run.settings.objectValue ?? [:]
        settings[setting] = ownSetting.value
        return try tx.updateRunSettings(run: run.id, settings: settings)
    }
}
