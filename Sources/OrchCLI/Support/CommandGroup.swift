import PlanCompiler

/// A first word that several commands share (`runs`, `clients`): not a command itself, it names
/// their group. `orch runs --help` lists the group's subcommands; `orch runs` alone, or with a
/// word that is none of them, is a usage error that names them.
struct CommandGroup {
    /// The group's word: `runs`.
    let name: String
    /// The commands whose first word is `name`, in the order `orch help` lists them.
    let commands: [any Command.Type]

    /// The group `word` names among `commands`, if any command of two words or more begins with it.
    init?(named word: String, among commands: [any Command.Type]) {
        let members = commands.filter { $0.words.count > 1 && $0.words[0] == word }
        guard !members.isEmpty else { return nil }
        name = word
        self.commands = members
    }

    /// The subcommands as typed after the group's word: `list`, `show`, ….
    var subcommands: [String] {
        commands.map { $0.words.dropFirst().joined(separator: " ") }
    }

    /// `orch runs --help`: the group's usage and each subcommand with its summary.
    var helpText: String {
        let program = CommandSpec.programName
        var text = "Usage: \(program) \(name) SUBCOMMAND [OPTIONS] [ARGUMENTS]\n\nSubcommands:\n"
        let width = subcommands.map(\.count).max() ?? 0
        for (subcommand, command) in zip(subcommands, commands) {
            text += "  " + subcommand.padding(toLength: width + 2, withPad: " ", startingAt: 0)
            text += command.spec.summary + "\n"
        }
        text += "\nRun '\(program) \(name) SUBCOMMAND --help' for a subcommand's options.\n"
        return text
    }

    /// The usage error of the group's word followed by `arguments` that name none of its subcommands.
    func usageError(for arguments: [String]) -> UsageError {
        let choices = subcommands
        guard let word = arguments.first, !word.hasPrefix("-") else {
            return UsageError(.missingSubcommand(choices: choices), command: name)
        }
        return UsageError(
            .unknownSubcommand(word, suggestion: Suggestion.closest(to: word, among: choices), choices: choices),
            command: name)
    }
}
