/// One `--name` option of a command: what it takes, where else its value may come from, what it means.
public struct OptionSpec: Sendable, Hashable {
    /// What an option takes, and so how its text is checked and what its accessor returns.
    public enum Kind: Sendable, Hashable {
        /// Present or not (`--strict`); takes no value.
        case flag
        /// Any text (`--db PATH`).
        case string
        /// A whole number, optionally limited to a range (`--port N`).
        case integer(ClosedRange<Int>?)
        /// A duration as `DurationText` reads it (`--poll-interval DUR`).
        case duration
        /// One of a fixed list of words (`--format text|json|github`).
        case choice([String])
    }

    /// The name without its dashes: `db` for `--db`.
    public var name: String
    /// What the value is called in help text (`PATH`); for a choice, its words joined by `|`.
    public var valueName: String
    /// One line saying what the option does.
    public var help: String
    /// The environment variables that stand in for the option when it is not given, first set one wins.
    public var environment: [String]
    /// The value (as it would be written) when neither the option nor a variable gives one.
    public var defaultValue: String?
    /// What the option takes.
    public var kind: Kind
    /// Whether the option may be given more than once, each value kept.
    public var isRepeatable: Bool

    /// An option of any kind; the static factories below read better at a command's declaration.
    public init(
        name: String, valueName: String, help: String, environment: [String] = [], defaultValue: String? = nil,
        kind: Kind, isRepeatable: Bool = false
    ) {
        precondition(!name.isEmpty && !name.hasPrefix("-"), "option names are written without dashes: \(name)")
        precondition(name != "help", "--help is built in")
        precondition(kind != .flag || !isRepeatable, "a flag cannot be repeatable: --\(name)")
        precondition(kind != .flag || defaultValue == nil, "a flag is false unless given: --\(name)")
        self.name = name
        self.valueName = valueName
        self.help = help
        self.environment = environment
        self.defaultValue = defaultValue
        self.kind = kind
        self.isRepeatable = isRepeatable
    }

    /// Whether the option takes a value (everything but a flag).
    public var takesValue: Bool { kind != .flag }

    /// A boolean option: `--name` means true; its variable, if any, reads `1`/`0`, `true`/`false`, `yes`/`no`, `on`/`off`.
    public static func flag(_ name: String, help: String, environment: [String] = []) -> OptionSpec {
        OptionSpec(name: name, valueName: "", help: help, environment: environment, kind: .flag)
    }

    /// An option taking any text.
    public static func string(
        _ name: String, valueName: String, help: String, environment: [String] = [],
        default defaultValue: String? = nil,
        repeatable: Bool = false
    ) -> OptionSpec {
        OptionSpec(
            name: name, valueName: valueName, help: help, environment: environment, defaultValue: defaultValue,
            kind: .string, isRepeatable: repeatable)
    }

    /// An option taking a whole number, within `range` when one is given.
    public static func integer(
        _ name: String, valueName: String = "N", range: ClosedRange<Int>? = nil, help: String,
        environment: [String] = [], default defaultValue: Int? = nil
    ) -> OptionSpec {
        OptionSpec(
            name: name, valueName: valueName, help: help, environment: environment,
            defaultValue: defaultValue.map(String.init), kind: .integer(range))
    }

    /// An option taking a duration (`500ms`, `5s`, `2m`, `1h`, `1h30m`).
    public static func duration(
        _ name: String, valueName: String = "DUR", help: String, environment: [String] = [],
        default defaultValue: String? = nil
    ) -> OptionSpec {
        OptionSpec(
            name: name, valueName: valueName, help: help, environment: environment, defaultValue: defaultValue,
            kind: .duration)
    }

    /// An option taking one of `choices`.
    public static func choice(
        _ name: String, among choices: [String], help: String, environment: [String] = [],
        default defaultValue: String? = nil
    ) -> OptionSpec {
        precondition(!choices.isEmpty, "--\(name) needs at least one choice")
        precondition(defaultValue.map(choices.contains) ?? true, "the default of --\(name) is not one of its choices")
        return OptionSpec(
            name: name, valueName: choices.joined(separator: "|"), help: help, environment: environment,
            defaultValue: defaultValue, kind: .choice(choices))
    }

    /// An option taking one of the cases of `type`, by raw value, in declaration order.
    public static func choice<Choice: CaseIterable & RawRepresentable>(
        _ name: String, of type: Choice.Type, help: String, environment: [String] = [],
        default defaultValue: Choice? = nil
    ) -> OptionSpec where Choice.RawValue == String {
        choice(
            name, among: type.allCases.map(\.rawValue), help: help, environment: environment,
            default: defaultValue?.rawValue)
    }
}
