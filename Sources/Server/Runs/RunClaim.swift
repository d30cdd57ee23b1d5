import Foundation
import JSON
import Store

/// Which `orch` process drives a run: its pid in the run's settings (`driverPid`, the setting
/// `orch run` and `orch runs resume` use too), so that two processes on one database do not both
/// drive a run (which would start its builds twice).
///
/// Advisory only: the records stay consistent whoever drives (every change is a compare-and-set).
enum RunClaim {
    /// The run setting holding the driving process's pid.
    static let setting = "driverPid"

    /// This process's claim, as a run setting.
    static var ownSetting: (String, JSONValue) { (setting, .int(Int64(getpid()))) }

    /// Whether another live `orch` process claims `run`.
    static func isClaimedElsewhere(_ run: RunRecord) -> Bool {
        guard let pid = run.settings[setting]?.intValue.map(Int32.init), pid != getpid() else { return false }
        return isLiveOrch(pid)
    }

    /// The runs of `ids` that no other live `orch` process drives, each claimed for this one
    /// (one transaction per run, keeping its other settings).
    static func claimUnclaimed(_ ids: [String], in store: Store) throws -> [String] {
        var claimed: [String] = []
        for id in ids {
            let taken = try store.write { tx -> Bool in
                guard let run = try tx.run(id: id), !isClaimedElsewhere(run) else { return false }
                var settings = run.settings.objectValue ?? [:]
                settings[setting] = ownSetting.1
                return try tx.updateRunSettings(run: id, settings: settings)
            }
            if taken { claimed.append(id) }
        }
        return claimed
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
