/// What one `orch` command accepts, declared once: its options and positional arguments, with their help.
///
/// The parser (`ArgumentParser`) and the help text (`helpText`) both read it, so they cannot disagree.
public struct CommandSpec: Sendable, Hashable {
    /// The executable's name, as usage text shows it.
    public static let programName = "orch"

    /// The command as typed after `orch`: `validate`, `runs show`.
    public var name: String
    /// One line saying what the command does.
    public var summary: String
    /// Further paragraphs for `--help`, if any.
    public var discussion: String
    /// The options, in the order help text lists them.
    public var options: [OptionSpec]
    /// The positional arguments, in the order they are given.
    public var positionals: [PositionalSpec]

    /// A command; option names must be unique, and at most one positional may take a variable number.
    public init(
        _ name: String, summary: String, discussion: String = "", options: [OptionSpec] = [],
        positionals: [PositionalSpec] = []
    ) {
        precondition(
            Set(options.map(\.name)).count == options.count, "\(name): two options have the same name")
        precondition(
            positionals.filter { $0.arity.minimum != $0.arity.maximum }.count <= 1,
            "\(name): only one positional may take a variable number of arguments")
        self.name = name
        self.summary = summary
        self.discussion = discussion
        self.options = options
        self.positionals = positionals
    }

    /// The option named `name` (without dashes), if the command has it.
    public func option(named name: String) -> OptionSpec? {
        options.first { $0.name == name }
    }

    /// The positional named `name`, if the command has it.
    public func positional(named name: String) -> PositionalSpec? {
        positionals.first { $0.name == name }
    }
}
