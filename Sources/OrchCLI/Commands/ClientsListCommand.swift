import Executor
import Foundation
import JSON
import Store

/// `orch clients list [--format text|json]`: every client by name, with its id's fingerprint.
enum ClientsListCommand: Command {
    static let words = ["clients", "list"]
    static let spec = CommandSpec(
        "clients list", summary: "List the clients, with a short fingerprint of each id (never the id).",
        options: [
            .choice("format", of: RunFollower.Format.self, help: "Output format.", default: .text),
            RunEnvironment.databaseOption,
        ])

    static func run(_ arguments: ParsedArguments, context: CommandContext) async throws(CommandFailure) {
        let store = try RunEnvironment.openStore(path: RunEnvironment.databasePath(arguments, context: context))
        let clients: [ClientRecord]
        do {
            clients = try store.clients()
        } catch {
            throw .cannotWork("cannot list the clients: \(error)")
        }
        switch arguments.choice("format") ?? RunFollower.Format.text {
        case .json:
            let list: JSONValue = [
                "clients": .array(
                    clients.map {
                        [
                            "name": .string($0.name), "fingerprint": .string($0.fingerprint),
                            "createdAt": Timestamp.json($0.createdAt),
                        ]
                    })
            ]
            context.console.out(list.prettyText + "\n")
        case .text:
            guard !clients.isEmpty else {
                context.console.out("no clients: add one with 'orch clients add NAME'\n")
                return
            }
            let width = max(4, clients.map(\.name.count).max() ?? 0)
            var text = "NAME".padding(toLength: width + 2, withPad: " ", startingAt: 0) + "FINGERPRINT  CREATED\n"
            for client in clients {
                text +=
                    client.name.padding(toLength: width + 2, withPad: " ", startingAt: 0)
                    + client.fingerprint.padding(toLength: 13, withPad: " ", startingAt: 0)
                    + Timestamp.rfc3339(client.createdAt) + "\n"
            }
            context.console.out(text)
        }
    }
}
