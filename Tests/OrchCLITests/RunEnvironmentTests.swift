import Foundation
import Testing

@testable import OrchCLI

/// The configuration shared by `run`, `runs rerun` and `runs resume` (interfaces.md, "Configuration").
@Suite struct RunEnvironmentTests {
    struct Resolved {
        var environment: RunEnvironment
        var stderr: String
    }

    func resolve(_ arguments: [String], environment: [String: String] = [:]) throws -> Resolved {
        let errors = Printed()
        let context = CommandContext(
            environment: environment,
            console: Console(
                out: { _ in }, err: { errors.append($0) }, outIsTerminal: false, errIsTerminal: false, colour: false),
            currentDirectory: "/work/here")
        let parsed = try ArgumentParser.parse(
            RunCommand.spec, arguments: arguments + ["plan.yaml"], environment: environment)
        return Resolved(environment: try RunEnvironment(parsed, context: context), stderr: errors.text)
    }

    @Test func defaultsAreTheContractsDefaults() throws {
        let resolved = try resolve([])
        #expect(resolved.environment.databasePath == "/work/here/orch.db")
        #expect(resolved.environment.usetraceURL == "https://api.usetrace.com")
        #expect(resolved.environment.usetraceKey == nil)
        #expect(resolved.environment.pollInterval == .seconds(5))
        #expect(resolved.environment.publicURL == nil)
        #expect(resolved.stderr.isEmpty)
    }

    @Test func variablesStandInForFlagsAndFlagsWin() throws {
        let variables = [
            "ORCH_DB": "/data/ci.db", "USETRACE_API_URL": "http://127.0.0.1:9", "USETRACE_API_KEY": "k1",
            "ORCH_POLL_INTERVAL": "250ms", "ORCH_PUBLIC_URL": "https://ci.example.com",
        ]
        let fromVariables = try resolve([], environment: variables).environment
        #expect(fromVariables.databasePath == "/data/ci.db")
        #expect(fromVariables.usetraceURL == "http://127.0.0.1:9")
        #expect(fromVariables.usetraceKey == "k1")
        #expect(fromVariables.pollMilliseconds == 250)
        #expect(fromVariables.publicURL == "https://ci.example.com")
        let fromFlags = try resolve(
            ["--db", "x.db", "--usetrace-key", "k2", "--poll-interval", "1s", "--public-url", "http://10.0.0.1:3000"],
            environment: variables
        ).environment
        #expect(fromFlags.databasePath == "/work/here/x.db")
        #expect(fromFlags.usetraceKey == "k2")
        #expect(fromFlags.pollMilliseconds == 1000)
        #expect(fromFlags.publicURL == "http://10.0.0.1:3000")
    }

    @Test func aWarningGoesToTheGivenWarnerInsteadOfStderr() throws {
        let errors = Printed()
        let warnings = Printed()
        let context = CommandContext(
            environment: ["HOSTNAME": "runner-7f3a"],
            console: Console(
                out: { _ in }, err: { errors.append($0) }, outIsTerminal: false, errIsTerminal: false, colour: false),
            currentDirectory: "/work/here")
        let parsed = try ArgumentParser.parse(ServeCommand.spec, arguments: [], environment: context.environment)
        let environment = try RunEnvironment(parsed, context: context) { warnings.append($0) }
        #expect(environment.publicURL == nil)
        #expect(errors.text.isEmpty)
        #expect(warnings.text.hasPrefix("HOSTNAME ('runner-7f3a') is not a URL with a scheme"))
    }

    @Test func hostnameIsThePublicURLOnlyWhenItHasAScheme() throws {
        let url = try resolve([], environment: ["HOSTNAME": "https://orch.example.com/"])
        #expect(url.environment.publicURL == "https://orch.example.com/")
        #expect(url.stderr.isEmpty)
        let bare = try resolve([], environment: ["HOSTNAME": "runner-7f3a"])
        #expect(bare.environment.publicURL == nil)
        #expect(bare.stderr.hasPrefix("orch: warning: HOSTNAME ('runner-7f3a') is not a URL with a scheme"))
        // ORCH_PUBLIC_URL wins over HOSTNAME, and then HOSTNAME is not looked at.
        let both = try resolve([], environment: ["HOSTNAME": "runner-7f3a", "ORCH_PUBLIC_URL": "https://a.example"])
        #expect(both.environment.publicURL == "https://a.example")
        #expect(both.stderr.isEmpty)
    }

    @Test func badValuesAreUsageErrorsThatDoNotRepeatTheValue() throws {
        for arguments in [["--usetrace-url", "secret-ish"], ["--public-url", "ftp://x"], ["--poll-interval", "0s"]] {
            do {
                _ = try resolve(arguments)
                Issue.record("\(arguments) was accepted")
            } catch let failure as CommandFailure {
                #expect(failure.exitCode == 2)
                #expect(failure.message?.contains(arguments[1]) == false)
            }
        }
    }
}
