/// How a command subprocess ended.
public struct CommandResult: Sendable, Hashable {
    /// Why orch stopped a command before it ended on its own.
    public enum Stop: String, Sendable, Hashable {
        /// It ran past its time-out.
        case timedOut
        /// `terminate()` was called (a cancelled run).
        case terminated
    }

    /// The shell's process id (also the id of its process group).
    public var pid: Int32
    /// The exit status, when the shell exited on its own.
    public var exitStatus: Int32?
    /// The signal that ended the shell, when one did.
    public var signal: Int32?
    /// Set when orch killed the process group.
    public var stop: Stop?
    /// The tail of stdout and stderr together (at most the runner's `outputLimit` bytes).
    public var output: String
    /// Whether the start of the output was dropped to keep it within the limit.
    public var outputTruncated: Bool
    /// How long the command ran.
    public var duration: Duration

    /// A result from its parts.
    public init(
        pid: Int32, exitStatus: Int32?, signal: Int32?, stop: Stop?, output: String, outputTruncated: Bool,
        duration: Duration
    ) {
        self.pid = pid
        self.exitStatus = exitStatus
        self.signal = signal
        self.stop = stop
        self.output = output
        self.outputTruncated = outputTruncated
        self.duration = duration
    }

    /// Exit status 0, and not stopped by orch.
    public var passed: Bool { exitStatus == 0 && stop == nil }

    /// A short account of the ending: `exited with status 3`, `killed by signal 9`, `timed out`, …
    public var summary: String {
        switch stop {
        case .timedOut: return "timed out"
        case .terminated: return "terminated"
        case nil: break
        }
        if let exitStatus { return "exited with status \(exitStatus)" }
        if let signal { return "killed by signal \(signal)" }
        return "ended"
    }
}
