import Foundation
import JSON
import PlanCompiler

extension Database {
    private static let cellSelect = """
        SELECT run_id, seq, stage, step_id, kind, target, capability, lane, timeout_seconds, retries,
            continue_on_error, needs, status, attempt, build_id, token, started_at, finished_at, error, flaky, soft,
            summary
        FROM cells
        """

    /// Every cell of run `id`, in seq order.
    func cells(run id: String) throws -> [CellRecord] {
        var json = JSONColumnDecoder()
        return try query(Self.cellSelect + " WHERE run_id = ? ORDER BY seq", [id]) {
            try Self.cellRecord(from: $0, json: &json)
        }
    }

    /// The cell `seq` of run `id`, if any.
    func cell(run id: String, seq: Int) throws -> CellRecord? {
        var json = JSONColumnDecoder()
        return try queryFirst(Self.cellSelect + " WHERE run_id = ? AND seq = ?", [id, seq]) {
            try Self.cellRecord(from: $0, json: &json)
        }
    }

    private static func cellRecord(from row: Row, json: inout JSONColumnDecoder) throws -> CellRecord {
        let runId = row.text(0) ?? ""
        let seq = row.int(1)
        let what = "cell \(seq) of run \(runId)"
        guard let kind = row.text(4).flatMap(StepKind.init(rawValue:)) else {
            throw StoreError.invalidRecord("\(what) has an unknown kind '\(row.text(4) ?? "")'")
        }
        guard let status = row.text(12).flatMap(CellStatus.init(rawValue:)) else {
            throw StoreError.invalidRecord("\(what) has an unknown status '\(row.text(12) ?? "")'")
        }
        let capability = try json.decode(row.text(6), "the capability of \(what)")
        if capability != nil && capability?.objectValue == nil {
            throw StoreError.invalidRecord("the capability of \(what) is not an object")
        }
        guard let needs = try json.decode(row.text(11), "the needs of \(what)")?.arrayValue else {
            throw StoreError.invalidRecord("the needs of \(what) are not a list")
        }
        return CellRecord(
            runId: runId, seq: seq, stage: row.int(2), stepId: row.text(3) ?? "", kind: kind, target: row.text(5) ?? "",
            capability: capability?.objectValue, lane: row.optionalInt(7), timeoutSeconds: row.int(8),
            retries: row.int(9), continueOnError: row.bool(10), needs: needs.compactMap(\.stringValue),
            status: status, attempt: row.int(13), buildId: row.text(14), token: row.text(15), startedAt: row.date(16),
            finishedAt: row.date(17), error: row.text(18), flaky: row.bool(19), soft: row.bool(20),
            summary: try json.decode(row.text(21), "the summary of \(what)"))
    }

    /// The compare-and-set of one cell: applies `changes` if the cell's attempt and status are
    /// the expected ones; whether it did (exactly one row changed).
    func updateCell(
        run id: String, seq: Int, expectedAttempt: Int, expectedStatus: CellStatus, changes: [CellChange]
    ) throws -> Bool {
        precondition(!changes.isEmpty, "a cell update needs at least one change")
        // One slot per column in a fixed order: the SQL text (the statement-cache key) depends
        // only on which columns change, and a column given twice keeps its last value.
        var slots = [(column: String, value: any SQLiteBindable)?](repeating: nil, count: 10)
        for change in changes {
            switch change {
            case .status(let value): slots[0] = ("status", value.rawValue)
            case .attempt(let value): slots[1] = ("attempt", value)
            case .buildId(let value): slots[2] = ("build_id", value)
            case .token(let value): slots[3] = ("token", value)
            case .startedAt(let value): slots[4] = ("started_at", value)
            case .finishedAt(let value): slots[5] = ("finished_at", value)
            case .error(let value): slots[6] = ("error", value)
            case .flaky(let value): slots[7] = ("flaky", value)
            case .soft(let value): slots[8] = ("soft", value)
            case .summary(let value): slots[9] = ("summary", value)
            }
        }
        let assignments = slots.compactMap { $0 }
        let sql =
            "UPDATE cells SET " + assignments.map { "\($0.column) = ?" }.joined(separator: ", ")
            + " WHERE run_id = ? AND seq = ? AND attempt = ? AND status = ?"
        let arguments = assignments.map(\.value) + [id, seq, expectedAttempt, expectedStatus.rawValue]
        return try execute(sql, arguments) == 1
    }

    /// Records the build id of attempt `attempt` of a cell, only if none is recorded yet (on the
    /// cell, and on the attempt's row if there is one); whether the cell's changed.
    func setCellBuildId(run id: String, seq: Int, attempt: Int, buildId: String) throws -> Bool {
        let changed = try execute(
            "UPDATE cells SET build_id = ? WHERE run_id = ? AND seq = ? AND attempt = ? AND build_id IS NULL",
            [buildId, id, seq, attempt])
        guard changed == 1 else { return false }
        try execute(
            "UPDATE attempts SET build_id = ? WHERE run_id = ? AND seq = ? AND attempt = ? AND build_id IS NULL",
            [buildId, id, seq, attempt])
        return true
    }
}
