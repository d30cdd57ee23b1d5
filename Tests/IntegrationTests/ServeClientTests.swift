import Foundation
import Glibc
import JSON
import Testing

/// `orch run --server URL --client ID` against a real `orch serve`, and `orch run --public-url`
/// taking webhooks itself; the clients commands.
@Suite(.serialized) struct ServeClientTests {
    static let plan = """
        name: remote
        capabilities: [chrome, firefox]
        steps:
          - trace: TraceA
          - trace: TraceB

        """

    @Test func runWithServerSchedulesThereFollowsAndExitsZeroWithJUnit() async throws {
        let s = try await ServeScenario(["defaultDurationMs": 40, "acceptedMs": 5])
        let server = try await s.serve(pollInterval: "60s")
        try s.folder.write("plan.yaml", Self.plan)
        let result = try await Binaries.run(
            Binaries.orch,
            ["run", "plan.yaml", "--server", server.url, "--client", s.clientId, "--junit", "report.xml"],
            directory: s.folder.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(" run passed\n"))
        #expect(result.stdout.contains("cell 4 stage 2 TraceB/firefox passed attempt 1 build "))
        #expect(result.stdout.contains("passed after "))
        #expect(!result.stdout.contains(s.clientId) && !result.stderr.contains(s.clientId))
        let report = try String(contentsOfFile: s.folder.path + "/report.xml", encoding: .utf8)
        #expect(report.components(separatedBy: "<testcase ").count - 1 == 4)
        // The run is the server's: it drove it.
        let list = try await server.send(.get, "/api/v1/runs")
        let runs = (try JSONValue.parse(Data(list.body)))["runs"]?.arrayValue ?? []
        #expect(runs.count == 1)
        // The summary points at the run's page on the server, not at the local database.
        let id = try #require(runs.first?["id"]?.stringValue)
        #expect(result.stdout.hasSuffix("Details: \(server.url)/runs/\(id)\n"))
        #expect(!result.stdout.contains("orch runs show"))
        #expect(try await server.send(.get, "/runs/\(id)").status == 200)
    }

    @Test func runWithServerExitsOneWhenTheRunFailsAndPrintsTheDocumentAsJSON() async throws {
        let s = try await ServeScenario([
            "defaultDurationMs": 40, "acceptedMs": 5, "traces": ["TraceA": ["outcome": "fail"]],
        ])
        let server = try await s.serve(pollInterval: "60s")
        try s.folder.write("plan.yaml", Self.plan)
        let result = try await Binaries.run(
            Binaries.orch, ["run", "plan.yaml", "--server", server.url, "--client", s.clientId, "--format", "json"],
            directory: s.folder.path)
        #expect(result.status == 1)
        let document = try JSONValue.parse(result.stdout)
        #expect(document["status"] == "failed")
        #expect(
            document["steps"]?.arrayValue?.compactMap { $0["status"]?.stringValue } == [
                "failed", "failed", "skipped", "skipped",
            ])
    }

    @Test func runWithServerRefusesAnUnknownClientWithExitTwoAndAnInvalidPlanWithExitOne() async throws {
        let s = try await ServeScenario()
        let server = try await s.serve()
        try s.folder.write("plan.yaml", Self.plan)
        let unknown = try await Binaries.run(
            Binaries.orch, ["run", "plan.yaml", "--server", server.url, "--client", "nobody"],
            directory: s.folder.path)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("knows no client"))
        try s.folder.write("bad.yaml", "steps:\n  - trace: A\n    retires: 1\n")
        let invalid = try await Binaries.run(
            Binaries.orch, ["run", "bad.yaml", "--server", server.url, "--client", s.clientId],
            directory: s.folder.path)
        #expect(invalid.status == 1)
        #expect(invalid.stderr.contains("bad.yaml:3:5: error: unknown key 'retires'"))
        // A server without --allow-commands refuses command steps, and says why for each.
        try s.folder.write("cmd.yaml", "steps:\n  - run: ./reset.sh\n  - trace: A\n")
        let commands = try await Binaries.run(
            Binaries.orch, ["run", "cmd.yaml", "--server", server.url, "--client", s.clientId],
            directory: s.folder.path)
        #expect(commands.status == 1)
        #expect(
            commands.stderr.hasPrefix(
                "cmd.yaml: error: step 'run-1' runs a command, which this service does not allow\n"
                    + "orch: the server refused the plan: this service does not run command steps ('run:')"))
        let list = try await server.send(.get, "/api/v1/runs")
        #expect((try JSONValue.parse(Data(list.body)))["runs"] == [])
    }

    @Test func runWithAPublicURLTakesTheWebhooksItself() async throws {
        let scenario = try await RunScenario(["defaultDurationMs": 40, "acceptedMs": 5])
        try scenario.plan(Self.plan)
        let port = try Self.freePort()
        // Polls only every minute: the webhooks are what ends the cells in time.
        let result = try await scenario.drive(
            [
                "run", "plan.yaml", "--public-url", "http://127.0.0.1:\(port)", "--host", "127.0.0.1", "--port",
                "\(port)",
            ],
            pollInterval: "60s")
        #expect(result.status == 0, "\(result.stderr)")
        let webhooks = try await scenario.simulator.log().filter { $0["event"] == "webhook" }
        #expect(webhooks.count == 4)
        #expect(webhooks.allSatisfy { $0["signed"] == true && $0["httpStatus"] == 200 })
    }

    @Test func clientsAddPrintsTheIdOnceAndListShowsOnlyAFingerprint() async throws {
        let folder = try TemporaryFolder()
        let database = folder.path + "/orch.db"
        let added = try await Binaries.run(
            Binaries.orch, ["clients", "add", "ci", "--id", "My-Client-Id_1", "--db", database], directory: folder.path)
        #expect(added.status == 0)
        #expect(added.stdout == "My-Client-Id_1\n")
        let random = try await Binaries.run(
            Binaries.orch, ["clients", "add", "nightly", "--db", database], directory: folder.path)
        #expect(random.stdout.trimmingCharacters(in: .newlines).count == 22)
        let taken = try await Binaries.run(
            Binaries.orch, ["clients", "add", "ci", "--db", database], directory: folder.path)
        #expect(taken.status == 2)
        let list = try await Binaries.run(
            Binaries.orch, ["clients", "list", "--format", "json", "--db", database], directory: folder.path)
        #expect(list.status == 0)
        let clients = try JSONValue.parse(list.stdout)["clients"]?.arrayValue ?? []
        #expect(clients.compactMap { $0["name"]?.stringValue } == ["ci", "nightly"])
        #expect(clients.allSatisfy { $0["fingerprint"]?.stringValue?.count == 8 })
        #expect(!list.stdout.contains("My-Client-Id_1"))
        let text = try await Binaries.run(Binaries.orch, ["clients", "list", "--db", database], directory: folder.path)
        #expect(text.stdout.hasPrefix("NAME     FINGERPRINT  CREATED\nci       "))
    }

    /// A TCP port free on 127.0.0.1 right now.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw ScenarioFailure("no free port: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
