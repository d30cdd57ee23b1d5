import Foundation
import JSON
import Testing

/// `orch validate`, `orch compile`, `orch schema` and help, run as the built binary.
@Suite struct CompilerCLITests {
    static let invalidPlan = "version: 1\nsteps:\n  - trace: A\n    retires: 2\n  - tag: goon\n"

    @Test func validateOfTheExamplePlansSucceeds() throws {
        let result = try Binaries.orch("validate", "plans", directory: repositoryRoot.path)
        #expect(result.status == 0)
        #expect(result.stdout.hasSuffix("plans checked: 0 errors, 1 warning\n"))
        #expect(result.stderr.isEmpty)
    }

    @Test func validateReportsEveryProblemAndExitsOne() throws {
        let folder = try TemporaryFolder()
        try folder.write("bad.yaml", Self.invalidPlan)
        let result = try Binaries.orch("validate", "bad.yaml", directory: folder.path)
        #expect(result.status == 1)
        #expect(
            result.stdout == """
                bad.yaml:4:5: error: unknown key 'retires' in a step; did you mean 'retries'?
                bad.yaml:5:5: error: tag step 'goon' needs the plan's 'project' (the Usetrace project id)
                1 plan checked: 2 errors, 0 warnings

                """)
    }

    @Test func validateJSONFormat() throws {
        let folder = try TemporaryFolder()
        try folder.write("bad.yaml", Self.invalidPlan)
        try folder.write("sub/ok.yaml", "capabilities: [safari]\nsteps: [A]\n")
        let result = try Binaries.orch("validate", ".", "--format=json", directory: folder.path)
        #expect(result.status == 1)
        let document = try JSONValue.parse(result.stdout)
        #expect(document["files"] == 2)
        #expect(document["errors"]?.arrayValue?.count == 2)
        #expect(
            document["errors"]?.arrayValue?.first == [
                "file": "./bad.yaml", "line": 4, "column": 5,
                "message": "unknown key 'retires' in a step; did you mean 'retries'?",
            ])
        #expect(document["warnings"]?.arrayValue?.first?["file"] == "./sub/ok.yaml")
    }

    @Test func validateGitHubFormat() throws {
        let folder = try TemporaryFolder()
        try folder.write("bad.yaml", Self.invalidPlan)
        let result = try Binaries.orch("validate", "--format", "github", "bad.yaml", directory: folder.path)
        #expect(result.status == 1)
        #expect(
            result.stdout.split(separator: "\n").first
                == "::error file=bad.yaml,line=4,col=5::unknown key 'retires' in a step; did you mean 'retries'?")
    }

    @Test func warningsFailOnlyWithStrict() throws {
        let folder = try TemporaryFolder()
        try folder.write("edge.yaml", "capabilities: [edge]\nsteps: [A]\n")
        #expect(try Binaries.orch("validate", "edge.yaml", directory: folder.path).status == 0)
        #expect(try Binaries.orch("validate", "edge.yaml", "--strict", directory: folder.path).status == 1)
    }

    @Test func duplicatePlanNamesInAFolderFailValidation() throws {
        let folder = try TemporaryFolder()
        try folder.write("a.yaml", "name: same\nsteps: [A]\n")
        try folder.write("b.yaml", "name: same\nsteps: [B]\n")
        let result = try Binaries.orch("validate", ".", directory: folder.path)
        #expect(result.status == 1)
        #expect(result.stdout.contains("./b.yaml:1:1: error: plan name 'same' is also used by ./a.yaml"))
    }

    @Test func aMissingFileIsAUsageError() throws {
        let result = try Binaries.orch("validate", "nope.yaml", directory: repositoryRoot.path)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "orch: cannot read nope.yaml: no such file or folder\n")
    }

    @Test func unknownFlagsAreUsageErrorsWithASuggestion() throws {
        let result = try Binaries.orch("validate", "--stric", "plans", directory: repositoryRoot.path)
        #expect(result.status == 2)
        #expect(
            result.stderr
                == "orch: unknown option --stric (did you mean --strict?)\nRun 'orch validate --help' for usage.\n")
        let bad = try Binaries.orch("compile", "--format", "yaml", "plans/smoke.yaml", directory: repositoryRoot.path)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("invalid value 'yaml' for --format"))
        let missing = try Binaries.orch("compile", directory: repositoryRoot.path)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("missing argument PLAN"))
    }

    @Test func unknownCommandSuggestsTheClosest() throws {
        let result = try Binaries.orch("complie")
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("orch: unknown command 'complie' (did you mean compile?)"))
    }

    @Test(arguments: ["plans/smoke.yaml", "plans/checkout.yaml", "plans/lanes.yaml", "plans/legacy/smoke.json"])
    func compileJSONIsTheGoldenFile(_ plan: String) throws {
        let result = try Binaries.orch("compile", plan, "--format", "json", directory: repositoryRoot.path)
        #expect(result.status == 0)
        let golden = repositoryRoot.appendingPathComponent("Tests/PlanCompilerTests/Golden")
            .appendingPathComponent(
                plan.dropFirst("plans/".count).replacingOccurrences(of: "/", with: "__") + ".golden.json")
        #expect(result.stdout == (try String(contentsOf: golden, encoding: .utf8)))
    }

    @Test func compileTextIsATableOfStagesAndCells() throws {
        let result = try Binaries.orch("compile", "plans/smoke.yaml", directory: repositoryRoot.path)
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("plan smoke  sha256:"))
        #expect(lines[2] == "4 stages, 8 cells")
        #expect(lines[3].hasPrefix("STAGE  SEQ  STEP"))
        #expect(lines[4].hasPrefix("1      1    tag:goon") && lines[4].contains("chrome"))
    }

    @Test func compileOfAnInvalidPlanPrintsProblemsToStderrAndExitsOne() throws {
        let folder = try TemporaryFolder()
        try folder.write("bad.yaml", Self.invalidPlan)
        let result = try Binaries.orch("compile", "bad.yaml", "--format", "json", directory: folder.path)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("bad.yaml:4:5: error: unknown key 'retires'"))
    }

    @Test func schemaPrintsTheCommittedFile() throws {
        let result = try Binaries.orch("schema")
        #expect(result.status == 0)
        let committed = try String(
            contentsOf: repositoryRoot.appendingPathComponent("schemas/plan.schema.json"), encoding: .utf8)
        #expect(result.stdout == committed)
    }

    @Test(arguments: [["help"], ["--help"], ["-h"], []])
    func helpListsTheCommands(_ arguments: [String]) throws {
        let result = try Binaries.run(Binaries.orch, arguments)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("Usage: orch COMMAND"))
        #expect(
            result.stdout.contains("validate") && result.stdout.contains("compile") && result.stdout.contains("schema"))
    }

    @Test(arguments: [
        ["validate", "--help"], ["compile", "-h"], ["help", "compile"], ["schema", "--help"],
        ["validate", "x", "--help"], ["run", "--help"], ["serve", "--help"], ["runs", "show", "--help"],
        ["runs", "--help"], ["clients", "--help"], ["help", "clients"], ["clients", "add", "-h"],
    ])
    func everyCommandHasHelp(_ arguments: [String]) throws {
        let result = try Binaries.run(Binaries.orch, arguments)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("Usage: orch "))
    }

    @Test(arguments: [["runs"], ["clients"], ["runs", "bogus"]])
    func aCommandGroupWithoutASubcommandIsAUsageError(_ arguments: [String]) throws {
        let result = try Binaries.run(Binaries.orch, arguments)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("expected one of"))
        #expect(result.stderr.hasSuffix("Run 'orch \(arguments[0]) --help' for usage.\n"))
    }

    @Test(arguments: [
        (["--request-deadline", "0s"], "--request-deadline must be longer than zero"),
        (["--threads", "8", "--max-connections", "4"], "--max-connections must be at least --threads (8)"),
    ])
    func serveRefusesSettingsItCannotKeepAsAUsageError(_ arguments: [String], _ message: String) throws {
        let folder = try TemporaryFolder()
        let result = try Binaries.run(
            Binaries.orch, ["serve", "--port", "0", "--db", "orch.db"] + arguments, directory: folder.path)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message))
    }

    @Test func doubleDashEndsTheOptions() throws {
        let folder = try TemporaryFolder()
        try folder.write("-odd.yaml", "steps: [A]\n")
        let result = try Binaries.orch("validate", "--", "-odd.yaml", directory: folder.path)
        #expect(result.status == 0)
    }
}
