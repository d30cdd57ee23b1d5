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
            URL-safe characters is made; a given --id (an id of the original service, say) must be \
            usable as is in the path /scheduleRun/ID, and one shorter than 16 characters is taken with \
            a warning, as the id is the client's only credential. Exit status 2 when the name or the id \
            is taken.
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
    /// Ids shorter than this are taken with a warning: the original service's ids may be short,
    /// but an id is a client's only credential.
    static let shortIdLength = 16

    static func run(_ arguments: ParsedArguments, context: CommandContext) async throws(CommandFailure) {
        let name = arguments.positional("NAME") ?? ""
        guard !name.isEmpty, !name.contains(where: \.isNewline) else {
            throw .usage(UsageError(.other("the client's NAME must not be empty"), command: spec.name))
        }
        let given = arguments.string("id")
        if let given, let problem = problem(ofId: given) {
            throw .usage(UsageError(.other(problem), command: spec.name))
        }
        let id = given ?? Digest.randomIdentifier()
        let store = try RunEnvironment.openStore(path: RunEnvironment.databasePath(arguments, context: context))
        do {
            _ = try store.addClient(name: name, id: id)
        } catch let error as StoreError where error.kind == .clientNameTaken || error.kind == .clientIdTaken {
            throw .usage(UsageError(.other(error.message), command: spec.name))
        } catch {
            throw .cannotWork("cannot add the client: \(error)")
        }
        if given != nil, id.count < shortIdLength {
            context.console.err(
                "orch: warning: a client id is its only credential; this one is \(id.count) character"
                    + (id.count == 1 ? "" : "s") + ", 22 random ones are the default\n")
        }
        context.console.out(id + "\n")
    }

    /// Why `id` cannot be a client's id, or `nil` when it can: it must be usable as it is in the URL
    /// path `/scheduleRun/{id}`. The message names the offending character, never the whole id.
    static func problem(ofId id: String) -> String? {
        let rule = "--id must be URL-safe characters (A-Z a-z 0-9 . _ ~ -), as it goes in the path /scheduleRun/ID"
        if id.isEmpty { return "--id must not be empty" }
        if id.hasPrefix("-") { return "--id must not begin with '-'" }
        if let bad = id.first(where: { !idCharacters.contains($0) }) {
            return rule + "; it holds " + describe(bad)
        }
        // A path segment of dots alone is read as 'this folder' or 'the parent folder'.
        if id == "." || id == ".." { return "--id must not be '.' or '..', which a URL path reads as folders" }
        return nil
    }

    /// `'/'`, `'é' (U+00E9)`, or `U+0020` alone for a character that does not show.
    private static func describe(_ character: Character) -> String {
        let codes = character.unicodeScalars.map { scalar in
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }.joined(separator: " ")
        if let ascii = character.asciiValue, (0x21..<0x7F).contains(ascii) { return "'\(character)'" }
        let invisible =
            character.isWhitespace
            || character.unicodeScalars.contains { [.control, .format].contains($0.properties.generalCategory) }
        return invisible ? codes : "'\(character)' (\(codes))"
    }
}
