import Crypto
import Foundation
import Store

/// `orch clients add NAME [--id ID]`: registers a client allowed to schedule runs and prints its id.
enum ClientsAddCommand: Command {
    static let words = ["clients", "add"]
    static let spec = CommandSpec(
        "clients add", summary: "Add a client that may schedule runs, and print its id.",
        discussion: """
            The id is what the client presents: in the original path (/scheduleRun/ID) or as \
            'Authorization: Bearer ID'. It is printed once and never shown again: the database keeps \
            only its SHA-256 (and a short fingerprint for display). Without --id a random id of 22 \
            URL-safe characters is made. Exit status 2 when the name or the id is taken.
            """,
        options: [
            .string(
                "id", valueName: "ID",
                help: "The client's id instead of a random one (URL-safe characters: A-Z a-z 0-9 . _ ~ -)."),
            RunEnvironment.databaseOption,
        ],
        positionals: [PositionalSpec("NAME", help: "The client's name, shown in pages and logs.")])

    /// The characters an id may hold: those a URL path segment takes unescaped.
    static let idCharacters = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~-")

    static func run(_ arguments: ParsedArguments, context: CommandContext) async throws(CommandFailure) {
        let name = arguments.positional("NAME") ?? ""
        guard !name.isEmpty, !name.contains(where: \.isNewline) else {
            throw .usage(UsageError(.other("the client's NAME must not be empty"), command: spec.name))
        }
        let id = arguments.string("id") ?? Digest.randomIdentifier()
        guard !id.isEmpty, !id.hasPrefix("-"), id.allSatisfy(idCharacters.contains) else {
            throw .usage(
                UsageError(
                    .other("--id must be URL-safe characters (A-Z a-z 0-9 . _ ~ -), not beginning with '-'"),
                    command: spec.name))
        }
        let store = try RunEnvironment.openStore(path: RunEnvironment.databasePath(arguments, context: context))
        do {
            _ = try store.addClient(name: name, id: id)
        } catch let error as StoreError where error.kind == .clientNameTaken || error.kind == .clientIdTaken {
            throw .usage(UsageError(.other(error.message), command: spec.name))
        } catch {
            throw .cannotWork("cannot add the client: \(error)")
        }
        context.console.out(id + "\n")
    }
}
