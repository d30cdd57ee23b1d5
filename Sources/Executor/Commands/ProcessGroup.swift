import Foundation
import Glibc

/// A process group, named by its id (the pid of the shell that leads it).
public struct ProcessGroup: Sendable, Hashable {
    /// The process group id.
    public let id: Int32

    /// The group with id `id`.
    public init(id: Int32) {
        self.id = id
    }

    /// Sends `signal` to every member; `false` when there is no such group (or the id is not a group's).
    @discardableResult
    public func send(_ signal: Int32) -> Bool {
        guard id > 1 else { return false }
        return kill(-id, signal) == 0
    }

    /// Whether the group still has a member that is not a zombie.
    ///
    /// `kill(-id, 0)` alone is not enough: a member that was killed stays a zombie until its
    /// parent reaps it, and an orphan's new parent (PID 1 in a container) may never do so. So when
    /// the kernel still knows the group, `/proc` says whether any member is more than a zombie.
    public var isAlive: Bool {
        guard id > 1 else { return false }
        if kill(-id, 0) != 0 { return errno == EPERM }
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return true }
        for entry in entries where entry.first?.isNumber == true {
            guard let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8) else { continue }
            if let member = Self.parseStat(stat), member.group == id, member.state != "Z", member.state != "X" {
                return true
            }
        }
        return false
    }

    /// Sends SIGTERM, then SIGKILL to whatever is left after `grace`; returns once the group is gone
    /// (or after `grace` plus two seconds at most).
    public func terminate(grace: Duration) async {
        guard send(SIGTERM) else { return }
        let clock = ContinuousClock()
        let killAt = clock.now + grace
        let giveUpAt = killAt + .seconds(2)
        var killed = false
        while isAlive, clock.now < giveUpAt {
            if !killed, clock.now >= killAt {
                send(SIGKILL)
                killed = true
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// The state letter and the process group of a `/proc/PID/stat` line.
    static func parseStat(_ line: String) -> (state: Character, group: Int32)? {
        // The command name in parentheses may hold spaces and parentheses: fields follow the last ')'.
        guard let close = line.lastIndex(of: ")") else { return nil }
        let fields = line[line.index(after: close)...].split(separator: " ")
        // state, ppid, pgrp
        guard fields.count >= 3, let state = fields[0].first, let group = Int32(fields[2]) else { return nil }
        return (state, group)
    }
}
