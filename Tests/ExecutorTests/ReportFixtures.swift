import Foundation
import JSON
import PlanCompiler
import Store

/// Hand-made run and cell records for the report tests.
enum ReportFixtures {
    /// 2025-06-15T14:40:00.000Z plus `seconds`.
    static func time(_ seconds: Double) -> Date {
        Date(timeIntervalSince1970: 1_750_000_000 + seconds)
    }

    static func run(status: RunStatus = .failed, started: Bool = true, finished: Bool = true) -> RunRecord {
        RunRecord(
            id: "RunId0123456789abcdefg", planHash: "sha256:abc", planName: "smoke", clientName: "ci",
            status: status, createdAt: time(0), startedAt: started ? time(0.25) : nil,
            finishedAt: finished ? time(12.5) : nil, settings: ["workingDirectory": "/secret/folder"])
    }

    static func cell(
        seq: Int, stage: Int, stepId: String = "login", kind: StepKind = .trace, target: String = "TraceA",
        browser: String? = "chrome", status: CellStatus, attempt: Int = 1, buildId: String? = nil,
        error: String? = nil, flaky: Bool = false, soft: Bool = false, started: Double? = 1, finished: Double? = 3
    ) -> CellRecord {
        CellRecord(
            runId: "RunId0123456789abcdefg", seq: seq, stage: stage, stepId: stepId, kind: kind, target: target,
            capability: browser.map { ["browserName": .string($0)] }, lane: browser == nil ? nil : 1,
            timeoutSeconds: 600, retries: 1, continueOnError: soft, needs: [], status: status, attempt: attempt,
            buildId: buildId, token: "token-must-not-show", startedAt: started.map(time),
            finishedAt: finished.map(time), error: error, flaky: flaky, soft: soft, summary: nil)
    }

    static func attempt(
        seq: Int, _ number: Int, status: CellStatus, error: String? = nil, report: JSONValue? = nil,
        started: Double = 1, finished: Double = 2
    ) -> AttemptRecord {
        AttemptRecord(
            runId: "RunId0123456789abcdefg", seq: seq, attempt: number, token: "token-must-not-show",
            buildId: "b-\(seq)-\(number)", pid: nil, startedAt: time(started), finishedAt: time(finished),
            status: status, error: error, report: report)
    }

    /// A compiled plan of two trace steps on chrome and firefox.
    static func plan() -> CompiledPlan {
        var cells: [CompiledCell] = []
        for stage in 1...2 {
            for (lane, browser) in ["chrome", "firefox"].enumerated() {
                cells.append(
                    CompiledCell(
                        seq: cells.count + 1, stage: stage, stepId: "step-\(stage)", kind: .trace,
                        target: "Trace\(stage)", capability: ["browserName": .string(browser)], lane: lane + 1,
                        timeoutSeconds: 600, retries: 0, continueOnError: false, needs: []))
            }
        }
        return CompiledPlan(
            name: "smoke", hash: "sha256:report-\(UUID().uuidString)", project: "P", baseUrl: nil, parameters: [:],
            order: .stage, onFailure: .stop, maxParallel: nil, stageCount: 2, cells: cells)
    }
}
