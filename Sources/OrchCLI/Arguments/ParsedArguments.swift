/// A command line after parsing: every option's value (from the line, the environment or the default) and the positionals.
///
/// Values were checked against their kind while parsing, so the accessors cannot fail on input;
/// asking for an option the command does not declare, or with the wrong kind, is a programming
/// error and traps.
public struct ParsedArguments: Sendable, Hashable {
    /// Where an option's value came from.
    public enum Source: Sendable, Hashable {
        /// Written on the command line.
        case commandLine
        /// Read from this environment variable.
        case environment(String)
        /// The declared default.
        case defaultValue
        /// Not given, no variable, no default.
        case absent
    }

    /// A checked value of an option.
    enum Value: Sendable, Hashable {
        case flag(Bool)
        case string(String)
        case integer(Int)
        case milliseconds(Int64)
    }

    /// The command these arguments were parsed for.
    public let spec: CommandSpec
    /// Whether `--help` or `-h` was given: then nothing else was checked and the caller prints `spec.helpText`.
    public let helpRequested: Bool
    let values: [String: [Value]]
    let sources: [String: Source]
    let positionalValues: [String: [String]]

    init(
        spec: CommandSpec, helpRequested: Bool, values: [String: [Value]] = [:], sources: [String: Source] = [:],
        positionals: [String: [String]] = [:]
    ) {
        self.spec = spec
        self.helpRequested = helpRequested
        self.values = values
        self.sources = sources
        self.positionalValues = positionals
    }

    /// Whether the flag `--name` is on (given, or its variable says true).
    public func flag(_ name: String) -> Bool {
        expect(name, { $0 == .flag }, "a flag")
        guard case .flag(let on)? = values[name]?.last else { return false }
        return on
    }

    /// The text of `--name`, if it has one; for a repeatable option, the last.
    public func string(_ name: String) -> String? {
        strings(name).last
    }

    /// Every text given to the repeatable `--name`, in order (the variable's or default's alone when none was given).
    public func strings(_ name: String) -> [String] {
        expect(
            name,
            {
                switch $0 {
                case .string, .choice: true
                default: false
                }
            }, "a text or choice option")
        return (values[name] ?? []).compactMap {
            if case .string(let text) = $0 { return text }
            return nil
        }
    }

    /// The number given to `--name`, if any.
    public func integer(_ name: String) -> Int? {
        expect(
            name,
            {
                if case .integer = $0 { return true }
                return false
            }, "an integer option")
        guard case .integer(let number)? = values[name]?.last else { return nil }
        return number
    }

    /// The duration given to `--name`, if any.
    public func duration(_ name: String) -> Duration? {
        durationMilliseconds(name).map(Duration.milliseconds)
    }

    /// The duration given to `--name` in milliseconds, if any: the unit the store and the clock use.
    public func durationMilliseconds(_ name: String) -> Int64? {
        expect(name, { $0 == .duration }, "a duration option")
        guard case .milliseconds(let milliseconds)? = values[name]?.last else { return nil }
        return milliseconds
    }

    /// The choice given to `--name` as a case of `type`, whose raw values must be the declared choices.
    public func choice<Choice: RawRepresentable>(_ name: String, as type: Choice.Type = Choice.self) -> Choice?
    where Choice.RawValue == String {
        expect(
            name,
            {
                if case .choice = $0 { return true }
                return false
            }, "a choice option")
        guard let word = string(name) else { return nil }
        guard let choice = Choice(rawValue: word) else {
            preconditionFailure("--\(name): '\(word)' is a declared choice but not a case of \(Choice.self)")
        }
        return choice
    }

    /// Where the value of `--name` came from, so a command can name the variable in its own errors.
    public func source(of name: String) -> Source {
        expect(name, { _ in true }, "an option")
        return sources[name] ?? .absent
    }

    /// The argument given for the single positional `name`, if any.
    public func positional(_ name: String) -> String? {
        positionals(name).first
    }

    /// Every argument given for the positional `name`, in order.
    public func positionals(_ name: String) -> [String] {
        precondition(spec.positional(named: name) != nil, "\(spec.name) has no positional \(name)")
        return positionalValues[name] ?? []
    }

    private func expect(_ name: String, _ fits: (OptionSpec.Kind) -> Bool, _ what: String) {
        guard let option = spec.option(named: name) else {
            preconditionFailure("\(spec.name) has no option --\(name)")
        }
        precondition(fits(option.kind), "--\(name) of \(spec.name) is not \(what)")
    }
}
