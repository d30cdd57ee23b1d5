/// How a command ends other than in success; the one place that gives each its exit code.
public enum CommandFailure: Error, Sendable {
    /// The command line does not fit the command (exit 2).
    case usage(UsageError)
    /// A file or folder named on the command line cannot be read (exit 2).
    case unreadable(path: String, reason: String)
    /// Something named on the command line does not exist, such as an unknown run id (exit 2); the
    /// sentence says what.
    case notFound(String)
    /// The checked thing failed: an invalid plan, a failed run; what failed was already printed (exit 1).
    case checkFailed
    /// orch itself could not work: the database, an internal fault (exit 3).
    case cannotWork(String)

    /// The process exit code for this failure (interfaces.md, "CLI").
    public var exitCode: Int32 {
        switch self {
        case .checkFailed: 1
        case .usage, .unreadable, .notFound: 2
        case .cannotWork: 3
        }
    }

    /// What goes to stderr, or `nil` when the command already said everything.
    public var message: String? {
        switch self {
        case .usage(let error): "orch: " + error.message + "\n" + error.hint
        case .unreadable(let path, let reason): "orch: cannot read \(path): \(reason)"
        case .notFound(let message): "orch: " + message
        case .checkFailed: nil
        case .cannotWork(let message): "orch: " + message
        }
    }
}
