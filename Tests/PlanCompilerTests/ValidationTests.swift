import Testing

@testable import PlanCompiler

/// One test per validation rule of plan-format.md: the whole rendered message, line and column.
@Suite struct ValidationTests {
    @Test func unknownTopLevelKeyIsReportedWithSuggestion() {
        #expect(
            problems("version: 1\nstpes:\n  - trace: A\n") == [
                "plan.yaml:1:1: error: a plan needs at least one step",
                "plan.yaml:2:1: error: unknown key 'stpes' in the plan; did you mean 'steps'?",
            ])
    }

    @Test func unknownStepKeyIsReportedWithSuggestion() {
        #expect(
            problems("steps:\n  - trace: A\n    retires: 2\n") == [
                "plan.yaml:3:5: error: unknown key 'retires' in a step; did you mean 'retries'?"
            ])
    }

    @Test func unknownKeyWithNothingCloseHasNoSuggestion() {
        #expect(
            problems("steps:\n  - trace: A\n    colour: blue\n") == [
                "plan.yaml:3:5: error: unknown key 'colour' in a step"
            ])
    }

    @Test func unknownDefaultsKeyIsReported() {
        #expect(
            problems("defaults:\n  timeut: 5m\nsteps: [A]\n") == [
                "plan.yaml:2:3: error: unknown key 'timeut' in defaults; did you mean 'timeout'?"
            ])
    }

    @Test func duplicateKeyIsReportedAtTheSecond() {
        #expect(
            problems("name: a\nname: b\nsteps: [A]\n") == [
                "plan.yaml:2:1: error: key 'name' is given twice (first on line 1)"
            ])
    }

    @Test func wrongTypesAreReported() {
        #expect(
            problems("steps:\n  - trace: A\n    retries: two\n    continueOnError: yes\n") == [
                "plan.yaml:3:14: error: 'retries' must be a whole number, not a string",
                "plan.yaml:4:22: error: 'continueOnError' must be true or false, not a string",
            ])
        #expect(
            problems("steps: {a: 1}\n") == [
                "plan.yaml:1:8: error: 'steps' must be a list, not a mapping"
            ])
    }

    @Test func rootMustBeAMapping() {
        #expect(
            problems("- a\n- b\n") == [
                "plan.yaml:1:1: error: a plan is a mapping of keys (version, steps, …), not a list"
            ])
    }

    @Test func emptyDocumentIsReported() {
        #expect(problems("# nothing here\n") == ["plan.yaml:1:1: error: the plan is empty"])
    }

    @Test func otherVersionsAreRefused() {
        #expect(
            problems("version: 2\nsteps: [A]\n") == [
                "plan.yaml:1:10: error: unsupported plan version 2; this orch reads version 1"
            ])
    }

    @Test func versionIsOptional() {
        #expect(problems("steps: [A]\n").isEmpty)
    }

    @Test func planNameMustMatchThePattern() {
        #expect(
            problems("name: Smoke Test\nsteps: [A]\n") == [
                "plan.yaml:1:7: error: plan name 'Smoke Test' may only hold lowercase letters, digits, '_' and '-'"
            ])
    }

    @Test func stepWithoutActionIsReported() {
        #expect(
            problems("steps:\n  - id: lonely\n") == [
                "plan.yaml:2:5: error: a step needs one of 'trace', 'tag', 'group' or 'run'"
            ])
    }

    @Test func stepWithSeveralActionsIsReported() {
        #expect(
            problems("project: P\nsteps:\n  - trace: A\n    tag: goon\n") == [
                "plan.yaml:4:5: error: a step has exactly one of 'trace', 'tag', 'group' or 'run'; this one has 'trace' and 'tag'"
            ])
    }

    @Test func emptyIdsAndTargetsAreReported() {
        #expect(
            problems("steps:\n  - trace: A\n    id: \"\"\n  - trace:\n") == [
                "plan.yaml:3:9: error: 'id' must not be empty",
                "plan.yaml:4:11: error: 'trace' must not be empty",
            ])
    }

    @Test func duplicateStepIdsAreReported() {
        #expect(
            problems("steps:\n  - trace: A\n    id: login\n  - trace: B\n    id: login\n") == [
                "plan.yaml:5:9: error: step id 'login' is already used by the step on line 3"
            ])
    }

    @Test func needsNamingAMissingStepSuggestsTheClosest() {
        #expect(
            problems("steps:\n  - trace: A\n    id: login\n  - trace: B\n    needs: [logni]\n") == [
                "plan.yaml:5:13: error: 'needs' names 'logni', which is no step of this plan; did you mean 'login'?"
            ])
    }

    @Test func needsNamingARepeatedDefaultIdIsAmbiguous() {
        #expect(
            problems("steps:\n  - trace: A\n  - trace: A\n  - trace: B\n    needs: [A]\n") == [
                "plan.yaml:5:13: error: 'needs' names 'A', the default id of 2 steps; give the step you mean an 'id'"
            ])
    }

    @Test func unknownGroupIsReportedWithSuggestion() {
        #expect(
            problems("groups:\n  checkout: [A, B]\nsteps:\n  - group: chekout\n") == [
                "plan.yaml:4:12: error: unknown group 'chekout'; did you mean 'checkout'?"
            ])
    }

    @Test func emptyGroupIsReported() {
        #expect(
            problems("groups:\n  checkout: []\nsteps:\n  - group: checkout\n") == [
                "plan.yaml:2:13: error: group 'checkout' has no traces"
            ])
    }

    @Test func tagStepWithoutProjectIsReported() {
        #expect(
            problems("steps:\n  - tag: goon\n") == [
                "plan.yaml:2:5: error: tag step 'goon' needs the plan's 'project' (the Usetrace project id)"
            ])
    }

    @Test func emptyMatrixIsReported() {
        #expect(
            problems("capabilities: []\nsteps: [A]\n") == [
                "plan.yaml:1:15: error: 'capabilities' must name at least one browser"
            ])
    }

    @Test func unknownBrowserIsReportedWithSuggestion() {
        #expect(
            problems("capabilities: [chrome, firefx]\nsteps: [A]\n") == [
                "plan.yaml:1:24: error: unknown browser 'firefx'; Usetrace runs chrome and firefox; did you mean 'firefox'?"
            ])
    }

    @Test func edgeAndSafariAreAcceptedWithAWarning() {
        let result = compile("capabilities: [chrome, edge]\nsteps: [A]\n")
        #expect(result.plan != nil)
        #expect(
            result.diagnostics.map(\.rendered) == [
                "plan.yaml:1:24: warning: browser 'edge' is accepted, but Usetrace may refuse it (it runs chrome and firefox today)"
            ])
    }

    @Test func capabilityObjectNeedsBrowserName() {
        #expect(
            problems("capabilities:\n  - version: \"1\"\nsteps: [A]\n") == [
                "plan.yaml:2:5: error: a capability object needs 'browserName'"
            ])
    }

    @Test func duplicateCapabilityIsReported() {
        #expect(
            problems("capabilities: [chrome, chrome]\nsteps: [A]\n") == [
                "plan.yaml:1:24: error: capability 'chrome' is listed twice in this matrix"
            ])
    }

    @Test func matrixOnACommandIsReported() {
        #expect(
            problems("steps:\n  - run: make seed\n    capabilities: [chrome]\n") == [
                "plan.yaml:3:5: error: 'capabilities' does not apply to a 'run' step (a command has one cell)"
            ])
    }

    @Test func badDurationsAreReported() {
        #expect(
            problems(
                "defaults:\n  timeout: soon\nsteps:\n  - trace: A\n    timeout: 1500ms\n  - trace: B\n    timeout: 0s\n"
            ) == [
                "plan.yaml:2:12: error: 'timeout' must be a duration such as 90s, 10m or 1h (at least 1s, whole seconds), not 'soon'",
                "plan.yaml:5:14: error: 'timeout' must be a duration such as 90s, 10m or 1h (at least 1s, whole seconds), not '1500ms'",
                "plan.yaml:7:14: error: 'timeout' must be a duration such as 90s, 10m or 1h (at least 1s, whole seconds), not '0s'",
            ])
    }

    @Test func negativeRetriesAreReported() {
        #expect(
            problems("steps:\n  - trace: A\n    retries: -1\n") == [
                "plan.yaml:3:14: error: 'retries' must be 0 or more, not -1"
            ])
    }

    @Test func maxParallelMustBePositive() {
        #expect(
            problems("maxParallel: 0\nsteps: [A]\n") == [
                "plan.yaml:1:14: error: 'maxParallel' must be a whole number of at least 1, not 0"
            ])
    }

    @Test func orderAndOnFailureTakeTheirChoices() {
        #expect(
            problems("order: lanes\nonFailure: halt\nsteps: [A]\n") == [
                "plan.yaml:1:8: error: 'order' must be one of stage, lane, not 'lanes'; did you mean 'lane'?",
                "plan.yaml:2:12: error: 'onFailure' must be one of stop, continue, not 'halt'",
            ])
    }

    @Test func baseUrlMustBeHTTP() {
        #expect(
            problems("baseUrl: staging.example.com\nsteps: [A]\n") == [
                "plan.yaml:1:10: error: 'baseUrl' must be an http:// or https:// URL, not 'staging.example.com'"
            ])
    }

    @Test func cycleIsReportedWithItsPath() {
        let text = """
            steps:
              - trace: A
                id: login
                needs: [pay]
              - trace: B
                id: pay
                needs: [login]
            """
        #expect(problems(text) == ["plan.yaml:4:13: error: the steps' needs form a cycle: login -> pay -> login"])
    }

    @Test func longerCycleIsReportedFromItsFirstWrittenStep() {
        let text = """
            steps:
              - trace: Z
              - trace: A
                id: a
                needs: [c]
              - trace: B
                id: b
                needs: [a]
              - trace: C
                id: c
                needs: [b]
            """
        #expect(problems(text) == ["plan.yaml:5:13: error: the steps' needs form a cycle: a -> c -> b -> a"])
    }

    @Test func stepNeedingItselfIsACycle() {
        #expect(
            problems("steps:\n  - trace: A\n    id: a\n    needs: [a]\n") == [
                "plan.yaml:4:13: error: the steps' needs form a cycle: a -> a"
            ])
    }

    @Test func missingStepsAreReported() {
        #expect(problems("version: 1\nname: empty\n") == ["plan.yaml:1:1: error: a plan needs at least one step"])
        #expect(problems("steps: []\n") == ["plan.yaml:1:8: error: a plan needs at least one step"])
    }

    @Test func everyProblemOfAFileIsReportedInOnePass() {
        let text = """
            version: 1
            capabilities: [chrome, opera]
            maxParallel: -2
            steps:
              - trace: A
                retries: -1
              - tag: goon
              - trace: B
                needs: [nothing]
            """
        #expect(
            problems(text) == [
                "plan.yaml:2:24: error: unknown browser 'opera'; Usetrace runs chrome and firefox",
                "plan.yaml:3:14: error: 'maxParallel' must be a whole number of at least 1, not -2",
                "plan.yaml:6:14: error: 'retries' must be 0 or more, not -1",
                "plan.yaml:7:5: error: tag step 'goon' needs the plan's 'project' (the Usetrace project id)",
                "plan.yaml:9:13: error: 'needs' names 'nothing', which is no step of this plan",
            ])
    }

    @Test func originalFormatWarnsOfUnknownKeys() {
        let result = compile(#"{"projectID": "P", "runOrder": ["A"], "priority": 1}"#, path: "order.json")
        #expect(result.plan != nil)
        #expect(
            result.diagnostics.map(\.rendered) == [
                "order.json:1:39: warning: key 'priority' is not part of the original order format and is ignored"
            ])
    }

    @Test func originalFormatChecksItsValues() {
        #expect(
            problems(
                #"{"projectID": "P", "requiredCapabilities": [{"browserName": "ie"}], "runOrder": [1.5, ["x"]]}"#,
                path: "o.json") == [
                    "o.json:1:61: error: unknown browser 'ie'; Usetrace runs chrome and firefox",
                    "o.json:1:87: error: 'runOrder entry' must be a string, not a list",
                ])
    }

    @Test func duplicatePlanNamesInAFolderAreReported() throws {
        let a = try #require(compiled("name: same\nsteps: [A]\n", path: "plans/a.yaml"))
        let b = try #require(compiled("name: same\nsteps: [B]\n", path: "plans/b.yaml"))
        #expect(
            Compiler.duplicateNames([(path: "plans/a.yaml", plan: a), (path: "plans/b.yaml", plan: b)]).map(\.rendered)
                == [
                    "plans/b.yaml:1:1: error: plan name 'same' is also used by plans/a.yaml; names are unique in a folder"
                ])
    }
}
