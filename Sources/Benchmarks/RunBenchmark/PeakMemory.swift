import Foundation

/// The kernel's figure for a process's peak resident memory (`VmHWM` of `/proc/PID/status`), in kB.
enum PeakMemory {
    static func kilobytes(pid: String = "self") -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
        return 0
    }
}
