import Foundation
import JSON
import Testing

@testable import PlanCompiler

/// The example plans in `plans/`: every one validates, each matches its golden compiled JSON,
/// and the original order JSON compiles to the same steps as its version 1 twin.
@Suite struct PlansFolderTests {
    static let plansFolder = repositoryRoot.appendingPathComponent("plans")
    static let goldenFolder = repositoryRoot.appendingPathComponent("Tests/PlanCompilerTests/Golden")

    /// Every plan file below `plans/`, as paths relative to the repository.
    static func planFiles() -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: plansFolder.path)
        var files: [String] = []
        while let item = enumerator?.nextObject() as? String {
            if [".yaml", ".yml", ".json"].contains(where: item.hasSuffix) { files.append("plans/" + item) }
        }
        return files.sorted()
    }

    static func compileFile(_ relative: String) throws -> CompileResult {
        let data = try Data(contentsOf: repositoryRoot.appendingPathComponent(relative))
        return Compiler.compile(bytes: Array(data), path: relative)
    }

    @Test func thereAreExamplePlans() {
        #expect(Self.planFiles().count >= 4)
    }

    @Test(arguments: planFiles())
    func everyExamplePlanValidates(_ file: String) throws {
        let result = try Self.compileFile(file)
        #expect(result.errors.isEmpty, "\(result.diagnostics.map(\.rendered))")
    }

    @Test(arguments: planFiles())
    func compiledJSONMatchesItsGoldenFile(_ file: String) throws {
        let plan = try #require(try Self.compileFile(file).plan)
        let golden = Self.goldenFolder.appendingPathComponent(
            file.dropFirst("plans/".count).replacingOccurrences(of: "/", with: "__") + ".golden.json")
        let text = plan.jsonValue.prettyText + "\n"
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try text.write(to: golden, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(text == expected, "regenerate with UPDATE_GOLDEN=1 after checking the change")
    }

    @Test func theOriginalOrderAndItsVersion1TwinCompileToTheSameSteps() throws {
        let original = try #require(try Self.compileFile("plans/legacy/smoke.json").plan)
        let twin = try #require(try Self.compileFile("plans/smoke.yaml").plan)
        #expect(original.cells == twin.cells)
        #expect(original.project == twin.project)
        #expect(original.name == twin.name)
        #expect(original.hash == twin.hash)
    }

    @Test func originalOrderWithoutCapabilitiesRunsChromeAlone() throws {
        let plan = try #require(compiled(#"{"projectID": "P", "runOrder": ["tag:goon", "A"]}"#, path: "o.json"))
        #expect(plan.cells.map(\.browserName) == ["chrome", "chrome"])
        #expect(plan.cells.map(\.kind) == [.tag, .trace])
    }

    @Test func smokeIsTheOriginalReadmesOrder() throws {
        let plan = try #require(try Self.compileFile("plans/smoke.yaml").plan)
        #expect(plan.project == "YXlFJTqD6gAZF_7K9TE7VmYiYVazGMc6")
        #expect(
            plan.cells.map(\.stepId) == [
                "tag:goon", "tag:goon",
                "ZuBmU-WNsQAXLYQJ6mVVjjEjvUD3ZC83", "ZuBmU-WNsQAXLYQJ6mVVjjEjvUD3ZC83",
                "ZQMxtishNAAWrGeLXggk2jVbU83oGHCu", "ZQMxtishNAAWrGeLXggk2jVbU83oGHCu",
                "Ytbfm470DAAZDKpA6DWtb7176gAiQ7XB", "Ytbfm470DAAZDKpA6DWtb7176gAiQ7XB",
            ])
        #expect(plan.cells.map(\.browserName) == Array(repeating: ["chrome", "firefox"], count: 4).flatMap { $0 })
    }
}
