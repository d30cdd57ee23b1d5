@testable import OrchCLI

/// What `orch` did when run in process: its exit status and what it printed.
struct InProcessOutcome {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs `orch` with `arguments` in process (no terminal, no colour, no environment) and collects
/// what it printed.
func runOrchInProcess(_ arguments: [String]) async -> InProcessOutcome {
    let out = Printed()
    let err = Printed()
    let console = Console(
        out: { out.append($0) }, err: { err.append($0) }, outIsTerminal: false, errIsTerminal: false, colour: false)
    let status = await OrchCLI.main(arguments: arguments, environment: [:], console: console)
    return InProcessOutcome(status: status, stdout: out.text, stderr: err.text)
}
