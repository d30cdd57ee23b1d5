import PlanCompiler

/// Reads a command line against a `CommandSpec`: options anywhere, `--name value` or `--name=value`, `--` ending them.
///
/// An option's value comes from the command line, else the first of its environment variables
/// that is set and not empty, else its default. `--help` or `-h` before `--` asks for help
/// whatever else the line holds.
public enum ArgumentParser {
    /// The arguments (without `orch` and the command words) read against `spec`, every value checked.
    public static func parse(
        _ spec: CommandSpec, arguments: [String], environment: [String: String]
    ) throws(UsageError) -> ParsedArguments {
        if wantsHelp(arguments) { return ParsedArguments(spec: spec, helpRequested: true) }
        let line = try scan(spec, arguments)
        var values: [String: [ParsedArguments.Value]] = [:]
        var sources: [String: ParsedArguments.Source] = [:]
        for option in spec.options {
            if let given = line.options[option.name] {
                sources[option.name] = .commandLine
                values[option.name] = try given.map { (text) throws(UsageError) in
                    try check(text, of: option, source: "--" + option.name, command: spec.name)
                }
            } else if let variable = option.environment.first(where: { !(environment[$0] ?? "").isEmpty }),
                let text = environment[variable]
            {
                sources[option.name] = .environment(variable)
                values[option.name] = [try environmentValue(text, of: option, variable: variable, command: spec.name)]
            } else if let text = option.defaultValue {
                sources[option.name] = .defaultValue
                do {
                    values[option.name] = [try check(text, of: option, source: "default", command: spec.name)]
                } catch {
                    preconditionFailure("\(spec.name): the default of --\(option.name) is invalid: \(error.message)")
                }
            }
        }
        return ParsedArguments(
            spec: spec, helpRequested: false, values: values, sources: sources,
            positionals: try assign(line.positionals, to: spec))
    }

    /// Whether `-h` or `--help` stands anywhere before `--`.
    static func wantsHelp(_ arguments: [String]) -> Bool {
        for argument in arguments {
            if argument == "--" { return false }
            if argument == "--help" || argument == "-h" { return true }
        }
        return false
    }

    /// The command line split into option texts (by option name, in order) and positionals, before any checking of values.
    private struct Line {
        var options: [String: [String]] = [:]
        var positionals: [String] = []
    }

    private static func scan(_ spec: CommandSpec, _ arguments: [String]) throws(UsageError) -> Line {
        var line = Line()
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                line.positionals += arguments[index...]
                break
            }
            guard argument.hasPrefix("-"), argument != "-" else {
                line.positionals.append(argument)
                continue
            }
            guard argument.hasPrefix("--") else {
                // Single-dash options other than -h do not exist; suggest the long option it may mean.
                let word = argument.dropFirst().prefix { $0 != "=" }
                throw UsageError(
                    .unknownOption("-" + word, suggestion: suggestion(for: String(word), in: spec)), command: spec.name)
            }
            let body = argument.dropFirst(2)
            let name = String(body.prefix { $0 != "=" })
            let attached = body.firstIndex(of: "=").map { String(body[body.index(after: $0)...]) }
            if name == "help" {
                throw UsageError(.unexpectedValue(option: "help"), command: spec.name)
            }
            guard let option = spec.option(named: name) else {
                throw UsageError(
                    .unknownOption("--" + name, suggestion: suggestion(for: name, in: spec)), command: spec.name)
            }
            guard option.takesValue else {
                if attached != nil { throw UsageError(.unexpectedValue(option: name), command: spec.name) }
                line.options[name] = ["true"]
                continue
            }
            let text: String
            if let attached {
                text = attached
            } else if index < arguments.count, !looksLikeOption(arguments[index]) {
                text = arguments[index]
                index += 1
            } else {
                throw UsageError(.missingValue(option: name, valueName: option.valueName), command: spec.name)
            }
            if line.options[name] != nil, !option.isRepeatable {
                throw UsageError(.repeatedOption(option: name), command: spec.name)
            }
            line.options[name, default: []].append(text)
        }
        return line
    }

    /// A word after a value-taking option that is taken as the next option, not as the value (write `--name=-x` for that).
    private static func looksLikeOption(_ argument: String) -> Bool {
        argument.hasPrefix("-") && argument != "-"
    }

    private static func suggestion(for name: String, in spec: CommandSpec) -> String? {
        Suggestion.closest(to: name, among: spec.options.map(\.name) + ["help"])
    }

    /// `text` checked against what `option` takes; `source` names where it came from in the error.
    private static func check(
        _ text: String, of option: OptionSpec, source: String, command: String
    ) throws(UsageError) -> ParsedArguments.Value {
        func invalid(_ expected: String) -> UsageError {
            UsageError(
                .invalidValue(option: option.name, source: source, value: text, expected: expected), command: command)
        }
        switch option.kind {
        case .flag:
            return .flag(true)
        case .string:
            return .string(text)
        case .integer(let range):
            let expected =
                range.map { "an integer from \($0.lowerBound) to \($0.upperBound)" } ?? "an integer"
            guard let number = Int(text), range?.contains(number) ?? true else { throw invalid(expected) }
            return .integer(number)
        case .duration:
            guard let milliseconds = DurationText.milliseconds(text) else {
                throw invalid("a duration such as 500ms, 5s, 2m, 1h or 1h30m")
            }
            return .milliseconds(milliseconds)
        case .choice(let choices):
            guard choices.contains(text) else {
                let near = Suggestion.closest(to: text, among: choices).map { " (did you mean \($0)?)" } ?? ""
                throw invalid("one of " + choices.joined(separator: ", ") + near)
            }
            return .string(text)
        }
    }

    /// The value of `option` read from `variable`: a flag's variable reads as a boolean, anything else as the option would.
    private static func environmentValue(
        _ text: String, of option: OptionSpec, variable: String, command: String
    ) throws(UsageError) -> ParsedArguments.Value {
        guard option.kind == .flag else { return try check(text, of: option, source: variable, command: command) }
        switch text.lowercased() {
        case "1", "true", "yes", "on": return .flag(true)
        case "0", "false", "no", "off": return .flag(false)
        default:
            throw UsageError(
                .invalidValue(
                    option: option.name, source: variable, value: text,
                    expected: "a boolean (1, true, yes, on or 0, false, no, off)"),
                command: command)
        }
    }

    /// The positional arguments shared out in declaration order: each takes its minimum, then extras go to the first that takes more.
    private static func assign(
        _ arguments: [String], to spec: CommandSpec
    ) throws(UsageError) -> [String: [String]] {
        let needed = spec.positionals.reduce(0) { $0 + $1.arity.minimum }
        var extra = arguments.count - needed
        var result: [String: [String]] = [:]
        var next = 0
        for positional in spec.positionals {
            let more = max(0, min(extra, positional.arity.maximum - positional.arity.minimum))
            let count = positional.arity.minimum + more
            guard next + count <= arguments.count else {
                throw UsageError(.missingArgument(name: positional.name), command: spec.name)
            }
            extra -= more
            result[positional.name] = Array(arguments[next..<next + count])
            next += count
        }
        if next < arguments.count {
            throw UsageError(.unexpectedArgument(arguments[next]), command: spec.name)
        }
        return result
    }
}
