import JSON
import Testing

@testable import OrchCLI

/// How `orch run --server` prints a plan the server refused.
@Suite struct RemoteRunTests {
    @Test func eachDetailIsAProblemOfThePlanFileAtItsPosition() {
        let error: JSONValue = [
            "code": "invalid_plan", "message": "the plan has 1 error",
            "details": [["severity": "error", "file": "plan.yaml", "line": 3, "column": 5, "message": "bad key"]],
        ]
        #expect(RemoteRun.problems(of: error, path: "ci/plan.yaml") == "ci/plan.yaml:3:5: error: bad key\n")
    }

    @Test func aDetailWithoutAMessageSaysTheRefusalsMessage() {
        let error: JSONValue = [
            "code": "commands_not_allowed", "message": "this service does not run command steps",
            "details": [["step": "run-1", "command": "./reset.sh"]],
        ]
        #expect(
            RemoteRun.problems(of: error, path: "cmd.yaml")
                == "cmd.yaml: error: this service does not run command steps\n")
    }
}
