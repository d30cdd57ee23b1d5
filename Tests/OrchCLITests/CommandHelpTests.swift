import Foundation
import Testing

@testable import OrchCLI

/// `orch help`, `orch COMMAND --help` and the command groups (`orch runs`, `orch clients`), run in process.
@Suite struct CommandHelpTests {
    func orch(_ arguments: String...) async -> InProcessOutcome {
        await runOrchInProcess(arguments)
    }

    @Test func everyCommandPrintsItsHelpToStdoutAndExitsZero() async {
        for command in OrchCLI.commands {
            let name = command.words.joined(separator: " ")
            for arguments in [command.words + ["-h"], ["help"] + command.words, command.words + ["x", "--help"]] {
                #expect(await orch(arguments).stdout == command.spec.helpText, "\(arguments)")
            }
            let help = await orch(command.words + ["--help"])
            #expect(help.status == 0)
            #expect(help.stdout == command.spec.helpText, "\(name)")
            #expect(help.stdout.hasPrefix("Usage: orch \(name)"))
            #expect(help.stderr.isEmpty)
        }
    }

    @Test(arguments: [["runs", "--help"], ["runs", "-h"], ["help", "runs"], ["runs", "lsit", "--help"]])
    func aGroupsHelpListsItsSubcommands(_ arguments: [String]) async {
        let outcome = await orch(arguments)
        #expect(outcome.status == 0)
        #expect(outcome.stderr.isEmpty)
        #expect(outcome.stdout.hasPrefix("Usage: orch runs SUBCOMMAND [OPTIONS] [ARGUMENTS]\n\nSubcommands:\n"))
        #expect(outcome.stdout.contains("  list    List runs, newest first"))
        #expect(outcome.stdout.contains("  resume  Continue a run whose orch process died"))
        #expect(outcome.stdout.hasSuffix("\nRun 'orch runs SUBCOMMAND --help' for a subcommand's options.\n"))
    }

    @Test func theClientsGroupHasHelpToo() async {
        let outcome = await orch("clients", "--help")
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("  add   Add a client") && outcome.stdout.contains("  list  List the clients"))
    }

    @Test func aGroupWithoutASubcommandIsAUsageErrorNamingThem() async {
        let runs = await orch("runs")
        #expect(runs.status == 2)
        #expect(runs.stdout.isEmpty)
        #expect(
            runs.stderr
                == "orch: runs: expected one of list, show, cancel, rerun, resume\nRun 'orch runs --help' for usage.\n")
        let clients = await orch("clients", "--db", "x.db")
        #expect(clients.status == 2)
        #expect(clients.stderr.hasPrefix("orch: clients: expected one of add, list\n"))
    }

    @Test func anUnknownSubcommandIsAUsageErrorWithASuggestion() async {
        let outcome = await orch("runs", "lsit")
        #expect(outcome.status == 2)
        #expect(
            outcome.stderr == """
                orch: runs: unknown subcommand 'lsit' (did you mean list?); expected one of list, show, cancel, \
                rerun, resume
                Run 'orch runs --help' for usage.

                """)
        let far = await orch("clients", "remove", "ci")
        #expect(far.status == 2)
        #expect(far.stderr.hasPrefix("orch: clients: unknown subcommand 'remove'; expected one of add, list\n"))
    }

    @Test func anUnknownCommandStillSuggestsTheClosest() async {
        let outcome = await orch("rnus")
        #expect(outcome.status == 2)
        #expect(outcome.stderr.hasPrefix("orch: unknown command 'rnus' (did you mean runs?)\n"))
        // The words after it are its arguments, not part of the name to guess from.
        let withArguments = await orch("complie", "plans/smoke.yaml", "--format", "json")
        #expect(withArguments.status == 2)
        #expect(withArguments.stderr.hasPrefix("orch: unknown command 'complie' (did you mean compile?)\n"))
    }

    @Test func helpForAnUnknownCommandIsAUsageError() async {
        let outcome = await orch("help", "valdate")
        #expect(outcome.status == 2)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr.hasPrefix("orch: unknown command 'valdate' (did you mean validate?)\n"))
        let bare = await orch("help")
        #expect(bare.status == 0)
        #expect(bare.stdout.hasPrefix("Usage: orch "))
    }

    private func orch(_ arguments: [String]) async -> InProcessOutcome {
        await runOrchInProcess(arguments)
    }
}
