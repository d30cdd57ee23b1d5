/// How one attempt of a cell ended, from whatever source saw it (a poll, a webhook, a subprocess, a timer).
public enum CellOutcome: Sendable, Hashable {
    /// The build finished with no failed test, or the command exited 0.
    case passed
    /// The build finished with a failed test, or the command exited non-zero; the reason says which.
    case failed(String)
    /// The attempt could not be carried out: the build could not be started, or it timed out.
    case error(String)

    /// The reason given for a failure or an error; `nil` for a pass.
    public var reason: String? {
        switch self {
        case .passed: nil
        case .failed(let reason), .error(let reason): reason
        }
    }

    /// A time-out after `seconds`, worded as the spec's examples ("timed out after 10m").
    public static func timedOut(afterSeconds seconds: Int) -> CellOutcome {
        .error("timed out after \(DurationText.format(seconds: seconds))")
    }
}
