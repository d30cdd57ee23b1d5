/// A command line that does not fit its command (exit code 2): what is wrong, said so a person can fix it.
///
/// Messages never repeat the value of a text option, so a misplaced API key does not reach a log.
public struct UsageError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, with what the message needs.
    public enum Reason: Sendable, Hashable {
        /// A word where a command was expected, and the command it is probably a typo of.
        case unknownCommand(String, suggestion: String?)
        /// A command group (`orch runs`) given without one of its subcommands, which are `choices`.
        case missingSubcommand(choices: [String])
        /// A word after a command group that is none of its subcommands, and the one it is probably a typo of.
        case unknownSubcommand(String, suggestion: String?, choices: [String])
        /// `--name` (or `-x`) that the command does not have, written as given, and the option it is probably a typo of.
        case unknownOption(String, suggestion: String?)
        /// An option that takes a value came last, or was followed by another option.
        case missingValue(option: String, valueName: String)
        /// A flag written with a value (`--strict=yes`).
        case unexpectedValue(option: String)
        /// An option that takes one value was given twice.
        case repeatedOption(option: String)
        /// A value that is not what the option takes; `source` is `--name` or the environment variable it came from.
        case invalidValue(option: String, source: String, value: String, expected: String)
        /// A required positional argument is not there.
        case missingArgument(name: String)
        /// More positional arguments than the command takes; the first one too many.
        case unexpectedArgument(String)
        /// Anything a command checks itself (options that exclude each other, a required pairing).
        case other(String)
    }

    /// What is wrong.
    public var reason: Reason
    /// The command as typed after `orch` (`validate`, `runs show`), or empty for `orch` itself.
    public var command: String

    /// A usage error of `command` (empty for `orch` itself).
    public init(_ reason: Reason, command: String) {
        self.reason = reason
        self.command = command
    }

    /// One line saying what is wrong.
    public var message: String {
        switch reason {
        case .unknownCommand(let word, let suggestion):
            "unknown command '\(word)'" + Self.didYouMean(suggestion)
        case .missingSubcommand(let choices):
            "\(command): expected one of " + choices.joined(separator: ", ")
        case .unknownSubcommand(let word, let suggestion, let choices):
            "\(command): unknown subcommand '\(word)'" + Self.didYouMean(suggestion)
                + "; expected one of " + choices.joined(separator: ", ")
        case .unknownOption(let option, let suggestion):
            "unknown option \(option)" + Self.didYouMean(suggestion.map { "--" + $0 })
        case .missingValue(let option, let valueName):
            "missing value for --\(option) (expected \(valueName))"
        case .unexpectedValue(let option):
            "--\(option) takes no value"
        case .repeatedOption(let option):
            "--\(option) was given more than once"
        case .invalidValue(let option, let source, let value, let expected):
            "invalid value '\(value)' for \(source == "--" + option ? source : "\(source) (--\(option))"): "
                + "expected \(expected)"
        case .missingArgument(let name):
            "missing argument \(name)"
        case .unexpectedArgument(let argument):
            "unexpected argument '\(argument)'"
        case .other(let message):
            message
        }
    }

    /// Where to read how the command is used: `Run 'orch validate --help' for usage.`
    public var hint: String {
        "Run '\(CommandSpec.programName)\(command.isEmpty ? "" : " " + command) --help' for usage."
    }

    /// The message, then the hint, on two lines: what goes to stderr.
    public var description: String { message + "\n" + hint }

    private static func didYouMean(_ suggestion: String?) -> String {
        suggestion.map { " (did you mean \($0)?)" } ?? ""
    }
}
