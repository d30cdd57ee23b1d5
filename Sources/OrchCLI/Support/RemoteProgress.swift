import Executor
import Foundation
import JSON
import PlanCompiler
import Store

/// Turns the successive run documents a server answers into the progress changes a local driver
/// would have published: the run's status and each cell whose state changed.
struct RemoteProgress {
    let runId: String
    private var status: String?
    private var cells: [Int: CellProgress] = [:]

    init(runId: String) {
        self.runId = runId
    }

    /// The changes since the last document.
    mutating func changes(in document: JSONValue) -> [RunProgress] {
        var changes: [RunProgress] = []
        if let text = document["status"]?.stringValue, text != status, let parsed = RunStatus(rawValue: text) {
            status = text
            changes.append(.run(id: runId, status: parsed))
        }
        for cell in Self.records(of: document).cells {
            let progress = CellProgress(cell)
            guard cells[cell.seq] != progress else { continue }
            cells[cell.seq] = progress
            changes.append(.cell(progress))
        }
        return changes
    }

    /// The run and cell records a run document describes (what the summary and progress read).
    static func records(of document: JSONValue) -> (run: RunRecord, cells: [CellRecord]) {
        let id = document["id"]?.stringValue ?? ""
        let run = RunRecord(
            id: id, planHash: document["plan"]?["hash"]?.stringValue ?? "",
            planName: document["plan"]?["name"]?.stringValue ?? "", clientName: nil,
            status: RunStatus(rawValue: document["status"]?.stringValue ?? "") ?? .queued,
            createdAt: date(document["createdAt"]) ?? Date(), startedAt: date(document["startedAt"]),
            finishedAt: date(document["finishedAt"]), settings: [:])
        let cells = (document["steps"]?.arrayValue ?? []).map { step in
            CellRecord(
                runId: id, seq: Int(step["seq"]?.intValue ?? 0), stage: Int(step["stage"]?.intValue ?? 0),
                stepId: step["id"]?.stringValue ?? "",
                kind: StepKind(rawValue: step["kind"]?.stringValue ?? "") ?? .trace,
                target: step["target"]?.stringValue ?? "", capability: step["capability"]?.objectValue,
                lane: step["lane"]?.intValue.map(Int.init), timeoutSeconds: 0, retries: 0,
                continueOnError: step["soft"]?.boolValue ?? false, needs: [],
                status: CellStatus(rawValue: step["status"]?.stringValue ?? "") ?? .pending,
                attempt: Int(step["attempts"]?.intValue ?? 0), buildId: step["buildId"]?.stringValue, token: nil,
                startedAt: date(step["startedAt"]), finishedAt: date(step["finishedAt"]),
                error: step["error"]?.stringValue, flaky: step["flaky"]?.boolValue ?? false,
                soft: step["soft"]?.boolValue ?? false, summary: nil)
        }
        return (run, cells)
    }

    /// An RFC 3339 time of a document (`2025-06-15T14:03:07.250Z`), if the value is one.
    static func date(_ value: JSONValue?) -> Date? {
        guard let text = value?.stringValue else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }
}
