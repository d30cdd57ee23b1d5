import Foundation

/// What every command is given: its parsed arguments' environment, the console and the working folder.
public struct CommandContext: Sendable {
    public var environment: [String: String]
    public var console: Console
    public var currentDirectory: String

    public init(environment: [String: String], console: Console, currentDirectory: String) {
        self.environment = environment
        self.console = console
        self.currentDirectory = currentDirectory
    }
}

/// One `orch` command: its spec (flags, positionals, help) and what it does.
protocol Command {
    /// The command's words after `orch` (`["validate"]`, `["runs", "show"]`).
    static var words: [String] { get }
    static var spec: CommandSpec { get }
    /// Runs the command; returns normally on success (exit 0).
    static func run(_ arguments: ParsedArguments, context: CommandContext) async throws(CommandFailure)
}
