import OrchCLI
import Testing

/// The output formats of the sample command, as a command would declare them.
private enum Format: String, CaseIterable {
    case text, json, github
}

/// A command shaped like `orch run`, using every kind of option and positional.
private let run = CommandSpec(
    "run", summary: "Compile, store and execute a plan.",
    options: [
        .choice("format", of: Format.self, help: "Output format.", default: .text),
        .flag("dry-run", help: "Print what would start; start nothing.", environment: ["ORCH_DRY_RUN"]),
        .flag("strict", help: "Warnings fail too."),
        .string("db", valueName: "PATH", help: "The SQLite database.", environment: ["ORCH_DB"], default: "orch.db"),
        .string(
            "usetrace-key", valueName: "KEY", help: "Usetrace project API key.", environment: ["USETRACE_API_KEY"]),
        .string(
            "public-url", valueName: "URL", help: "Base of webhook URLs.", environment: ["ORCH_PUBLIC_URL", "HOSTNAME"]),
        .string("header", valueName: "TEXT", help: "An extra header.", repeatable: true),
        .integer("port", range: 0...65535, help: "Port to listen on.", environment: ["PORT"], default: 3000),
        .duration("poll-interval", help: "How often to poll.", environment: ["ORCH_POLL_INTERVAL"], default: "5s"),
    ],
    positionals: [PositionalSpec("PLAN", help: "The plan file.")])

/// A command shaped like `orch validate`: one or more paths.
private let validate = CommandSpec(
    "validate", summary: "Check plans.",
    options: [.flag("strict", help: "Warnings fail too.")],
    positionals: [PositionalSpec("PATH", arity: .oneOrMore, help: "A plan file or a folder.")])

/// A command with a required then an optional positional, like `runs show ID [STEP]`.
private let show = CommandSpec(
    "runs show", summary: "Show a run.",
    positionals: [PositionalSpec("ID", help: "The run."), PositionalSpec("STEP", arity: .optional, help: "A step.")])

private func parse(
    _ spec: CommandSpec, _ arguments: [String], environment: [String: String] = [:]
) throws(UsageError) -> ParsedArguments {
    try ArgumentParser.parse(spec, arguments: arguments, environment: environment)
}

/// The message of the usage error that parsing `arguments` throws, or nil when it parses.
private func failure(
    _ spec: CommandSpec, _ arguments: [String], environment: [String: String] = [:]
) -> String? {
    do {
        _ = try parse(spec, arguments, environment: environment)
        return nil
    } catch {
        return error.message
    }
}

@Suite struct ArgumentParserTests {
    @Test func optionsMayStandBeforeOrAfterPositionals() throws {
        let before = try parse(run, ["--db", "a.db", "plan.yaml"])
        let after = try parse(run, ["plan.yaml", "--db", "a.db"])
        #expect(before.positional("PLAN") == "plan.yaml")
        #expect(after.positional("PLAN") == "plan.yaml")
        #expect(before.string("db") == "a.db")
        #expect(after.string("db") == "a.db")
    }

    @Test func valueMayBeAttachedWithAnEqualsSign() throws {
        let parsed = try parse(run, ["--db=x=y.db", "--public-url=", "plan.yaml"])
        #expect(parsed.string("db") == "x=y.db")
        #expect(parsed.string("public-url") == "")
    }

    @Test func doubleDashEndsTheOptions() throws {
        let parsed = try parse(validate, ["--strict", "--", "--strict", "-h", "-"])
        #expect(parsed.flag("strict"))
        #expect(!parsed.helpRequested)
        #expect(parsed.positionals("PATH") == ["--strict", "-h", "-"])
    }

    @Test func singleDashIsAPositional() throws {
        #expect(try parse(run, ["-"]).positional("PLAN") == "-")
    }

    @Test func flagsAreFalseUnlessGiven() throws {
        let parsed = try parse(run, ["--dry-run", "plan.yaml"])
        #expect(parsed.flag("dry-run"))
        #expect(!parsed.flag("strict"))
    }

    @Test func flagMayBeRepeated() throws {
        #expect(try parse(validate, ["--strict", "a", "--strict"]).flag("strict"))
    }

    @Test func flagGivenAValueIsRefused() {
        #expect(failure(validate, ["--strict=yes", "a"]) == "--strict takes no value")
    }

    @Test(arguments: [
        ["--help"], ["-h"], ["plan.yaml", "--bogus", "-h"], ["--db", "--help"], ["extra", "args", "--help"],
    ])
    func helpAnywhereBeforeDoubleDashAsksForHelp(arguments: [String]) throws {
        #expect(try parse(run, arguments).helpRequested)
    }

    @Test func helpTakesNoValue() {
        #expect(failure(run, ["--help=yes"]) == "--help takes no value")
    }

    @Test func repeatedPositionalTakesEveryArgument() throws {
        let parsed = try parse(validate, ["a.yaml", "--strict", "plans/", "b.json"])
        #expect(parsed.positionals("PATH") == ["a.yaml", "plans/", "b.json"])
    }

    @Test func optionalPositionalMayBeLeftOut() throws {
        let one = try parse(show, ["r1"])
        #expect(one.positional("ID") == "r1")
        #expect(one.positional("STEP") == nil)
        let two = try parse(show, ["r1", "login"])
        #expect(two.positional("STEP") == "login")
    }

    @Test func missingRequiredPositionalIsNamed() {
        #expect(failure(run, ["--strict"]) == "missing argument PLAN")
        #expect(failure(validate, []) == "missing argument PATH")
        #expect(failure(show, []) == "missing argument ID")
    }

    @Test func tooManyPositionalsNamesTheFirstExtra() {
        #expect(failure(run, ["plan.yaml", "other.yaml", "third.yaml"]) == "unexpected argument 'other.yaml'")
        #expect(failure(show, ["r1", "login", "pay"]) == "unexpected argument 'pay'")
    }

    @Test func unknownOptionSuggestsTheClosest() {
        #expect(failure(run, ["--strct", "plan.yaml"]) == "unknown option --strct (did you mean --strict?)")
        #expect(failure(run, ["--dryrun"]) == "unknown option --dryrun (did you mean --dry-run?)")
        #expect(failure(run, ["--hlep"]) == "unknown option --hlep (did you mean --help?)")
        #expect(failure(run, ["--verbose", "plan.yaml"]) == "unknown option --verbose")
    }

    @Test func singleDashLongOptionSuggestsTheDoubleDashOne() {
        #expect(failure(run, ["-strict"]) == "unknown option -strict (did you mean --strict?)")
        #expect(failure(run, ["-x"]) == "unknown option -x")
    }

    @Test func unknownOptionNeverRepeatsItsValue() {
        let message = failure(run, ["--usetrace-kye=s3cr3t-key", "plan.yaml"])
        #expect(message == "unknown option --usetrace-kye (did you mean --usetrace-key?)")
    }

    @Test func optionWithoutItsValueIsRefused() {
        #expect(failure(run, ["plan.yaml", "--db"]) == "missing value for --db (expected PATH)")
        #expect(failure(run, ["--db", "--strict", "plan.yaml"]) == "missing value for --db (expected PATH)")
        #expect(failure(run, ["--format"]) == "missing value for --format (expected text|json|github)")
    }

    @Test func valueBeginningWithADashNeedsTheEqualsForm() throws {
        #expect(try parse(run, ["--db=-odd.db", "plan.yaml"]).string("db") == "-odd.db")
    }

    @Test func singleValueOptionGivenTwiceIsRefused() {
        #expect(failure(run, ["--db", "a", "--db=b", "plan.yaml"]) == "--db was given more than once")
    }

    @Test func repeatableOptionKeepsEveryValueInOrder() throws {
        let parsed = try parse(run, ["--header", "a", "plan.yaml", "--header=b"])
        #expect(parsed.strings("header") == ["a", "b"])
        #expect(parsed.string("header") == "b")
        #expect(try parse(run, ["plan.yaml"]).strings("header") == [])
    }

    @Test func flagWinsOverEnvironmentWhichWinsOverDefault() throws {
        let environment = ["ORCH_DB": "env.db"]
        let flag = try parse(run, ["--db", "flag.db", "p"], environment: environment)
        #expect(flag.string("db") == "flag.db")
        #expect(flag.source(of: "db") == .commandLine)
        let variable = try parse(run, ["p"], environment: environment)
        #expect(variable.string("db") == "env.db")
        #expect(variable.source(of: "db") == .environment("ORCH_DB"))
        let fallback = try parse(run, ["p"])
        #expect(fallback.string("db") == "orch.db")
        #expect(fallback.source(of: "db") == .defaultValue)
    }

    @Test func optionWithNothingHasNoValue() throws {
        let parsed = try parse(run, ["p"])
        #expect(parsed.string("usetrace-key") == nil)
        #expect(parsed.source(of: "usetrace-key") == .absent)
    }

    @Test func firstSetVariableWinsAndEmptyCountsAsUnset() throws {
        let both = try parse(run, ["p"], environment: ["ORCH_PUBLIC_URL": "https://a", "HOSTNAME": "https://b"])
        #expect(both.string("public-url") == "https://a")
        let second = try parse(run, ["p"], environment: ["ORCH_PUBLIC_URL": "", "HOSTNAME": "https://b"])
        #expect(second.string("public-url") == "https://b")
        #expect(second.source(of: "public-url") == .environment("HOSTNAME"))
    }

    @Test func flagVariableReadsAsABoolean() throws {
        #expect(try parse(run, ["p"], environment: ["ORCH_DRY_RUN": "1"]).flag("dry-run"))
        #expect(try parse(run, ["p"], environment: ["ORCH_DRY_RUN": "Yes"]).flag("dry-run"))
        #expect(try !parse(run, ["p"], environment: ["ORCH_DRY_RUN": "false"]).flag("dry-run"))
        #expect(
            failure(run, ["p"], environment: ["ORCH_DRY_RUN": "maybe"])
                == "invalid value 'maybe' for ORCH_DRY_RUN (--dry-run): "
                + "expected a boolean (1, true, yes, on or 0, false, no, off)")
    }

    @Test func invalidVariableIsIgnoredWhenTheFlagIsGiven() throws {
        let parsed = try parse(run, ["--port", "8080", "p"], environment: ["PORT": "eighty"])
        #expect(parsed.integer("port") == 8080)
    }

    @Test func integerIsCheckedAgainstItsRange() throws {
        #expect(try parse(run, ["p"]).integer("port") == 3000)
        #expect(try parse(run, ["--port=0", "p"]).integer("port") == 0)
        #expect(
            failure(run, ["--port", "70000", "p"])
                == "invalid value '70000' for --port: expected an integer from 0 to 65535")
        #expect(
            failure(run, ["--port", "3k", "p"]) == "invalid value '3k' for --port: expected an integer from 0 to 65535")
        #expect(
            failure(run, ["p"], environment: ["PORT": "-1"])
                == "invalid value '-1' for PORT (--port): expected an integer from 0 to 65535")
    }

    @Test func durationIsReadByDurationText() throws {
        #expect(try parse(run, ["p"]).durationMilliseconds("poll-interval") == 5000)
        #expect(try parse(run, ["p", "--poll-interval=500ms"]).duration("poll-interval") == .milliseconds(500))
        #expect(
            try parse(run, ["p"], environment: ["ORCH_POLL_INTERVAL": "1h30m"]).duration("poll-interval")
                == .seconds(5400))
        #expect(
            failure(run, ["p", "--poll-interval", "5 sec"])
                == "invalid value '5 sec' for --poll-interval: expected a duration such as 500ms, 5s, 2m, 1h or 1h30m")
    }

    @Test func choiceRejectsOtherWordsListingTheChoices() throws {
        #expect(try parse(run, ["p"]).choice("format", as: Format.self) == .text)
        #expect(try parse(run, ["p", "--format", "github"]).choice("format", as: Format.self) == .github)
        #expect(
            failure(run, ["p", "--format", "jsno"])
                == "invalid value 'jsno' for --format: expected one of text, json, github (did you mean json?)")
        #expect(
            failure(run, ["p", "--format=xml"])
                == "invalid value 'xml' for --format: expected one of text, json, github")
    }

    @Test func errorCarriesItsCommandAndAHint() throws {
        do {
            _ = try parse(show, ["r1", "--bogus"])
            Issue.record("--bogus was accepted")
        } catch {
            #expect(error.reason == .unknownOption("--bogus", suggestion: nil))
            #expect(error.command == "runs show")
            #expect(error.description == "unknown option --bogus\nRun 'orch runs show --help' for usage.")
        }
    }

    @Test func unknownCommandMessageSuggests() {
        let error = UsageError(.unknownCommand("valdate", suggestion: "validate"), command: "")
        #expect(error.description == "unknown command 'valdate' (did you mean validate?)\nRun 'orch --help' for usage.")
    }

    @Test func usageLineListsOptionsAndPositionals() {
        #expect(validate.usageText == "Usage: orch validate [--strict] PATH...")
        #expect(show.usageText == "Usage: orch runs show ID [STEP]")
    }

    @Test func longUsageLineWrapsUnderTheCommand() {
        #expect(
            run.usageText == """
                Usage: orch run [--format text|json|github] [--dry-run] [--strict] [--db PATH]
                                [--usetrace-key KEY] [--public-url URL] [--header TEXT]...
                                [--port N] [--poll-interval DUR] PLAN
                """)
    }

    @Test func helpTextShowsArgumentsOptionsDefaultsAndVariables() {
        #expect(
            run.helpText == """
                Usage: orch run [--format text|json|github] [--dry-run] [--strict] [--db PATH]
                                [--usetrace-key KEY] [--public-url URL] [--header TEXT]...
                                [--port N] [--poll-interval DUR] PLAN

                Compile, store and execute a plan.

                Arguments:
                  PLAN                    The plan file.

                Options:
                  --format text|json|github
                                          Output format. (default: text)
                  --dry-run               Print what would start; start nothing. [env: ORCH_DRY_RUN]
                  --strict                Warnings fail too.
                  --db PATH               The SQLite database. (default: orch.db) [env: ORCH_DB]
                  --usetrace-key KEY      Usetrace project API key. [env: USETRACE_API_KEY]
                  --public-url URL        Base of webhook URLs. [env: ORCH_PUBLIC_URL, HOSTNAME]
                  --header TEXT           An extra header. May be repeated.
                  --port N                Port to listen on. (default: 3000) [env: PORT]
                  --poll-interval DUR     How often to poll. (default: 5s) [env: ORCH_POLL_INTERVAL]
                  -h, --help              Show this help.

                """)
    }
}
