import Foundation
import Store
import Testing

@testable import OrchCLI

/// `orch clients add NAME --id ID`, run in process on a fresh database: which ids are taken, with
/// what warning, and which are refused.
@Suite struct ClientsAddTests {
    let folder = TemporaryFolder()
    var database: String { folder.url.appendingPathComponent("orch.db").path }

    func add(_ name: String, id: String) async -> InProcessOutcome {
        await runOrchInProcess(["clients", "add", name, "--id=" + id, "--db", database])
    }

    func clientCount() throws -> Int {
        guard FileManager.default.fileExists(atPath: database) else { return 0 }
        return try Store.open(path: database).clients().count
    }

    @Test func aShortIdIsAddedWithAWarning() async throws {
        let outcome = await add("legacy", id: "a")
        #expect(outcome.status == 0)
        #expect(outcome.stdout == "a\n")
        #expect(
            outcome.stderr
                == "orch: warning: a client id is its only credential; this one is 1 character, "
                + "22 random ones are the default\n")
        let fifteen = await add("flask", id: "Abc_def-ghi.jk~")
        #expect(fifteen.status == 0)
        #expect(fifteen.stderr.contains("this one is 15 characters"))
        #expect(try clientCount() == 2)
    }

    @Test func anIdOfSixteenCharactersOrMoreIsAddedWithoutAWarning() async throws {
        let outcome = await add("ci", id: "0123456789abcdef")
        #expect(outcome.status == 0)
        #expect(outcome.stdout == "0123456789abcdef\n")
        #expect(outcome.stderr.isEmpty)
    }

    @Test(arguments: [
        ("-abcdefghijklmnopq", "--id must not begin with '-'"),
        ("", "--id must not be empty"),
        ("..", "--id must not be '.' or '..', which a URL path reads as folders"),
        (".", "--id must not be '.' or '..', which a URL path reads as folders"),
        ("abcdefgh/ijklmnopq", "; it holds '/'"),
        ("abcdefgh?ijklmnopq", "; it holds '?'"),
        ("abcdefgh#ijklmnopq", "; it holds '#'"),
        ("abcdefgh%2Fijklmno", "; it holds '%'"),
        ("abcdefgh ijklmnopq", "; it holds U+0020"),
        ("abcdefgh\tijklmnopq", "; it holds U+0009"),
        ("abcdéfghijklmnopq", "; it holds 'é' (U+00E9)"),
        ("abcdefgh+ijklmnopq", "; it holds '+'"),
    ])
    func anIdThatIsNotAURLPathSegmentIsRefused(_ id: String, _ message: String) async throws {
        let outcome = await add("ci", id: id)
        #expect(outcome.status == 2)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
        #expect(outcome.stderr.hasSuffix("\nRun 'orch clients add --help' for usage.\n"))
        #expect(try clientCount() == 0)
    }
}

/// A fresh temporary folder, removed with everything in it when the value is released.
final class TemporaryFolder: Sendable {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("orch-cli-test-" + UUID().uuidString)

    init() {
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}
