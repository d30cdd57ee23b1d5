import Foundation
import PlanCompiler

/// The `orch` command line: finds the command, parses its arguments, runs it, and maps the outcome
/// to an exit code (0 success, 1 the checked thing failed, 2 usage, 3 orch could not work).
public enum OrchCLI {
    /// Every command, in the order `orch help` lists them.
    static var commands: [any Command.Type] {
        [
            ValidateCommand.self, CompileCommand.self, RunCommand.self, RunsListCommand.self, RunsShowCommand.self,
            RunsCancelCommand.self, RunsRerunCommand.self, RunsResumeCommand.self, ServeCommand.self,
            ClientsAddCommand.self, ClientsListCommand.self, SchemaCommand.self,
        ]
    }

    /// Runs `orch` with `arguments` (without the program name) and returns the exit code.
    public static func main(arguments: [String], environment: [String: String], console: Console) async -> Int32 {
        let context = CommandContext(
            environment: environment, console: console, currentDirectory: FileManager.default.currentDirectoryPath)
        do {
            try await dispatch(arguments, context: context)
            return 0
        } catch {
            if let message = error.message { console.err(message + "\n") }
            return error.exitCode
        }
    }

    /// The usage error of `word` where a command was expected, with the command it is probably a
    /// typo of (`orch complie plan.yaml`: did you mean compile?).
    private static func unknownCommand(_ word: String) -> UsageError {
        let names = Set(commands.map { $0.words[0] })
        return UsageError(.unknownCommand(word, suggestion: Suggestion.closest(to: word, among: names)), command: "")
    }

    private static func dispatch(_ arguments: [String], context: CommandContext) async throws(CommandFailure) {
        guard let first = arguments.first, !["help", "--help", "-h"].contains(first) else {
            // `orch help COMMAND` is `orch COMMAND --help`.
            let named = Array(arguments.dropFirst())
            if let (command, _) = find(named) {
                context.console.out(command.spec.helpText)
            } else if let word = named.first, let group = CommandGroup(named: word, among: commands) {
                context.console.out(group.helpText)
            } else if let word = named.first {
                throw .usage(unknownCommand(word))
            } else {
                context.console.out(usage)
            }
            return
        }
        if find(arguments) == nil, let group = CommandGroup(named: first, among: commands) {
            // `orch runs --help` lists the subcommands; `orch runs` alone names them in its error.
            let rest = Array(arguments.dropFirst())
            guard ArgumentParser.wantsHelp(rest) else { throw .usage(group.usageError(for: rest)) }
            context.console.out(group.helpText)
            return
        }
        guard let (command, rest) = find(arguments) else {
            // Not a command nor a group's word (both were tried above): the first word is unknown.
            throw .usage(unknownCommand(first))
        }
        let parsed: ParsedArguments
        do {
            parsed = try ArgumentParser.parse(command.spec, arguments: rest, environment: context.environment)
        } catch {
            throw .usage(error)
        }
        if parsed.helpRequested {
            context.console.out(command.spec.helpText)
            return
        }
        try await command.run(parsed, context: context)
    }

    /// The command named by the first words of `arguments` (longest match), and the words after it.
    private static func find(_ arguments: [String]) -> (any Command.Type, [String])? {
        let sorted = commands.sorted { $0.words.count > $1.words.count }
        for command in sorted where arguments.starts(with: command.words) {
            return (command, Array(arguments.dropFirst(command.words.count)))
        }
        return nil
    }

    /// `orch help`: every command with its summary.
    static var usage: String {
        var text = "Usage: orch COMMAND [OPTIONS] [ARGUMENTS]\n\n"
        text += "orch compiles run plans for Usetrace and runs them in order.\n\nCommands:\n"
        let width = commands.map { $0.words.joined(separator: " ").count }.max() ?? 0
        for command in commands {
            let name = command.words.joined(separator: " ")
            text += "  " + name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + command.spec.summary + "\n"
        }
        text += "\nRun 'orch COMMAND --help' for a command's options.\n"
        return text
    }
}
