import Foundation
import JSON
import Testing

@testable import PlanCompiler

/// Expansion, ids, linearisation, the matrix and lanes, and the hash.
@Suite struct CompilationTests {
    @Test func groupExpandsInPlaceKeepingTheGroupStepsSettings() throws {
        let plan = try #require(
            compiled(
                """
                groups:
                  checkout: [A, B]
                capabilities: [chrome]
                steps:
                  - trace: X
                  - group: checkout
                    retries: 2
                    timeout: 5m
                    continueOnError: true
                  - trace: Y
                """))
        #expect(plan.cells.map(\.stepId) == ["X", "checkout/A", "checkout/B", "Y"])
        #expect(plan.cells.map(\.stage) == [1, 2, 3, 4])
        #expect(plan.cells[1].retries == 2 && plan.cells[2].retries == 2 && plan.cells[3].retries == 0)
        #expect(plan.cells[1].timeoutSeconds == 300 && plan.cells[2].continueOnError)
    }

    @Test func tagNamingALocalGroupExpandsLikeTheGroup() throws {
        let plan = try #require(compiled("groups:\n  goon: [A, B]\nsteps:\n  - tag: goon\n  - trace: tag:goon\n"))
        #expect(plan.cells.map(\.stepId) == ["goon/A", "goon/B", "goon/A#2", "goon/B#2"])
        #expect(plan.cells.allSatisfy { $0.kind == .trace })
    }

    @Test func otherTagsStayOneUsetraceTagStep() throws {
        let plan = try #require(compiled("project: P\nsteps:\n  - tag: goon\n  - trace: tag:smoke\n"))
        #expect(plan.cells.map(\.kind) == [.tag, .tag])
        #expect(plan.cells.map(\.target) == ["goon", "smoke"])
        #expect(plan.cells.map(\.stepId) == ["tag:goon", "tag:smoke"])
    }

    @Test func defaultIdsRepeatWithANumber() throws {
        let plan = try #require(
            compiled("steps:\n  - trace: A\n  - run: make a\n  - trace: A\n  - run: make b\n  - trace: A\n"))
        #expect(plan.cells.map(\.stepId) == ["A", "run-1", "A#2", "run-2", "A#3"])
    }

    @Test func aDefaultIdThatAnExplicitIdTakesGetsANumber() throws {
        let plan = try #require(compiled("steps:\n  - trace: A\n  - trace: B\n    id: A\n"))
        #expect(plan.cells.map(\.stepId) == ["A#2", "A"])
    }

    @Test func needsMayNameANumberedDefaultId() throws {
        let plan = try #require(compiled("steps:\n  - trace: C\n    needs: [\"A#2\"]\n  - trace: A\n  - trace: A\n"))
        #expect(plan.cells.map(\.stepId) == ["A", "A#2", "C"])
    }

    @Test func writtenOrderIsKeptWhenNoNeedForbidsIt() throws {
        let plan = try #require(compiled("steps:\n  - trace: A\n  - trace: B\n  - trace: C\n    needs: [A]\n"))
        #expect(plan.cells.map(\.stepId) == ["A", "B", "C"])
        #expect(plan.cells[2].needs == ["A"])
    }

    @Test func aNeedMovesAStepLaterAndNothingElse() throws {
        let plan = try #require(
            compiled(
                """
                steps:
                  - trace: P
                    id: pay
                    needs: [login]
                  - trace: B
                  - trace: L
                    id: login
                  - trace: D
                """))
        #expect(plan.cells.map(\.stepId) == ["B", "login", "pay", "D"])
    }

    @Test func stableOrderUnderSeveralNeeds() throws {
        let plan = try #require(
            compiled(
                """
                steps:
                  - {trace: A, id: a, needs: [d]}
                  - {trace: B, id: b}
                  - {trace: C, id: c, needs: [a]}
                  - {trace: D, id: d}
                  - {trace: E, id: e, needs: [b]}
                """))
        #expect(plan.cells.map(\.stepId) == ["b", "d", "a", "c", "e"])
    }

    @Test func needingAGroupMeansEveryStepOfIt() throws {
        let plan = try #require(
            compiled(
                """
                groups:
                  seed: [S1, S2]
                steps:
                  - trace: Check
                    needs: [seed]
                  - group: seed
                """))
        #expect(plan.cells.map(\.stepId) == ["seed/S1", "seed/S2", "Check"])
        #expect(plan.cells[2].needs == ["seed/S1", "seed/S2"])
    }

    @Test func matrixMakesOneCellPerCapabilityAndCommandsOne() throws {
        let plan = try #require(
            compiled(
                "capabilities: [chrome, firefox]\nsteps:\n  - trace: A\n  - run: ./seed.sh\n  - trace: B\n    capabilities: [firefox]\n"
            ))
        #expect(plan.stageCount == 3)
        #expect(plan.cells.map(\.seq) == [1, 2, 3, 4])
        #expect(plan.cells.map(\.stage) == [1, 1, 2, 3])
        #expect(plan.cells.map(\.browserName) == ["chrome", "firefox", nil, "firefox"])
        #expect(plan.cells.map(\.lane) == [1, 2, nil, 2])
        #expect(plan.cells[2].kind == .command && plan.cells[2].target == "./seed.sh")
    }

    @Test func capabilitiesOnlyAStepNamesGetTheNextLanes() throws {
        let plan = try #require(
            compiled(
                """
                capabilities: [chrome]
                steps:
                  - trace: A
                    capabilities: [safari, firefox]
                  - trace: B
                    capabilities: [firefox, chrome, edge]
                """))
        #expect(plan.cells.map(\.lane) == [2, 3, 3, 1, 4])
    }

    @Test func capabilityObjectsPassTheirKeysUnchanged() throws {
        let plan = try #require(
            compiled("capabilities:\n  - browserName: chrome\n    version: 120\n    headless: true\nsteps: [A]\n"))
        #expect(plan.cells[0].capability == ["browserName": "chrome", "version": 120, "headless": true])
    }

    @Test func defaultsApplyAndStepsOverrideThem() throws {
        let plan = try #require(
            compiled(
                "defaults:\n  timeout: 30m\n  retries: 1\nsteps:\n  - trace: A\n  - trace: B\n    timeout: 90\n    retries: 0\n"
            ))
        #expect(plan.cells.map(\.timeoutSeconds) == [1800, 90])
        #expect(plan.cells.map(\.retries) == [1, 0])
    }

    @Test func withoutDefaultsTheTimeoutIsAnHourAndTheMatrixChrome() throws {
        let plan = try #require(compiled("steps: [A]\n"))
        #expect(plan.cells.map(\.timeoutSeconds) == [3600])
        #expect(plan.cells.map(\.browserName) == ["chrome"])
    }

    @Test func nameDefaultsToTheFileName() throws {
        #expect(try #require(compiled("steps: [A]\n", path: "plans/nightly.yaml")).name == "nightly")
        #expect(try #require(compiled("steps: [A]\n", path: "plans/Smoke Test.yml")).name == "smoke-test")
        #expect(try #require(compiled("name: explicit\nsteps: [A]\n", path: "plans/x.yaml")).name == "explicit")
    }

    @Test func compilingTwiceGivesTheSameHash() throws {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("plans/checkout.yaml"), encoding: .utf8)
        let a = try #require(compiled(text))
        let b = try #require(compiled(text))
        #expect(a.hash == b.hash)
        #expect(a.hash.hasPrefix("sha256:") && a.hash.count == 71)
    }

    @Test func reorderingMapKeysDoesNotChangeTheHash() throws {
        let a = try #require(
            compiled(
                "name: x\nproject: P\nparameters: {a: 1, b: 2}\ncapabilities: [{browserName: chrome, v: 1, w: 2}]\nsteps:\n  - {trace: A, retries: 1, id: s}\n"
            ))
        let b = try #require(
            compiled(
                "steps:\n  - {id: s, retries: 1, trace: A}\ncapabilities: [{w: 2, v: 1, browserName: chrome}]\nparameters: {b: 2, a: 1}\nproject: P\nname: x\n"
            ))
        #expect(a.hash == b.hash)
    }

    @Test func anyChangeOfMeaningChangesTheHash() throws {
        let base = try #require(compiled("steps: [A, B]\n")).hash
        #expect(try #require(compiled("steps: [B, A]\n")).hash != base)
        #expect(try #require(compiled("steps: [A, B]\ndefaults: {retries: 1}\n")).hash != base)
        #expect(try #require(compiled("steps: [A, B]\n", path: "other.yaml")).hash != base)
    }

    @Test func theHashIsTheSHA256OfTheCanonicalJSON() throws {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("plans/lanes.yaml"), encoding: .utf8)
        let plan = try #require(compiled(text))
        let canonical = JSONValue.object(plan.contentJSON).canonicalText
        #expect(PlanHash.canonicalBytes(plan) == Array(canonical.utf8))
        #expect(plan.hash == "sha256:" + sha256(canonical))
    }

    @Test func aPlanTextOfManyChunksHashesLikeTheWholeText() throws {
        // 2,000 steps on two browsers: some 450 KB of canonical text, several hashing chunks.
        var text = "capabilities: [chrome, {browserName: firefox, version: \"caf\u{e9}\"}]\nsteps:\n"
        for i in 0..<2_000 { text += "  - trace: T\(i)\n" + (i % 7 == 6 ? "    retries: 2\n" : "") }
        let plan = try #require(compiled(text))
        let canonical = JSONValue.object(plan.contentJSON).canonicalText
        #expect(canonical.utf8.count > 4 * PlanHash.chunkSize)
        #expect(PlanHash.canonicalBytes(plan) == Array(canonical.utf8))
        #expect(plan.hash == "sha256:" + sha256(canonical))
    }

    @Test func aStepWhoseSharedTextOutgrowsItsBufferIsWrittenWhole() throws {
        // One step needing 1,500 others: its shared text is over 16 KiB.
        var text = "steps:\n"
        for i in 0..<1_500 { text += "  - trace: LongTraceIdentifierNumber\(i)\n" }
        text +=
            "  - trace: Last\n    needs: ["
            + (0..<1_500).map { "LongTraceIdentifierNumber\($0)" }.joined(separator: ", ")
        text += "]\n"
        let plan = try #require(compiled(text))
        let canonical = JSONValue.object(plan.contentJSON).canonicalText
        #expect(PlanHash.canonicalBytes(plan) == Array(canonical.utf8))
        #expect(plan.hash == "sha256:" + sha256(canonical))
    }

    @Test func canonicalBytesEscapeLikeTheJSONWriter() throws {
        let plan = try #require(compiled("steps:\n  - run: \"echo \\\"caf\\u00e9\\\"\\t\\\\ done\"\n"))
        #expect(PlanHash.canonicalBytes(plan) == Array(JSONValue.object(plan.contentJSON).canonicalText.utf8))
    }

    @Test func theCompiledJSONReadsBackToTheSamePlan() throws {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("plans/checkout.yaml"), encoding: .utf8)
        let plan = try #require(compiled(text))
        let parsed = try JSONValue.parse(plan.jsonValue.canonicalText)
        #expect(CompiledPlan(json: parsed) == plan)
    }

    private func sha256(_ text: String) -> String {
        PlanHashProbe.sha256(text)
    }
}

/// Needs naming an id that is both explicit and a default elsewhere.
@Suite struct NeedsResolutionTests {
    @Test func anExplicitIdWinsOverADefaultThatLooksTheSame() throws {
        let plan = try #require(
            compiled("steps:\n  - trace: C\n    needs: [A]\n  - trace: A\n  - trace: B\n    id: A\n"))
        #expect(plan.cells.map(\.stepId) == ["A#2", "A", "C"])
        #expect(plan.cells[2].needs == ["A"])
    }

    @Test func aDefaultRepeatedOnlyOnceIsNotAmbiguousWhenAnExplicitIdHasIt() {
        #expect(problems("steps:\n  - trace: A\n  - trace: B\n    id: A\n  - trace: C\n    needs: [A]\n").isEmpty)
    }
}

/// Default ids next to explicit ids that look like numbered defaults.
@Suite struct NumberedDefaultIdTests {
    @Test func numberedDefaultsSkipAnExplicitIdWithoutRepeatingOne() throws {
        let plan = try #require(
            compiled("steps:\n  - trace: X\n    id: \"A#2\"\n  - trace: A\n  - trace: A\n  - trace: A\n"))
        #expect(plan.cells.map(\.stepId) == ["A#2", "A", "A#3", "A#4"])
    }
}
