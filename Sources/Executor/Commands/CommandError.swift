import Glibc

/// A command that could not be started.
public struct CommandError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was being done when it failed (`posix_spawn`, `pipe`).
    public var operation: String
    /// The `errno` value.
    public var code: Int32
    /// The working directory the command was to run in.
    public var workingDirectory: String

    /// An error from its parts.
    public init(operation: String, code: Int32, workingDirectory: String) {
        self.operation = operation
        self.code = code
        self.workingDirectory = workingDirectory
    }

    /// `could not start the command in DIR: posix_spawn: No such file or directory`.
    public var description: String {
        let reason = String(cString: strerror(code))
        return "could not start the command in \(workingDirectory): \(operation): \(reason)"
    }
}
