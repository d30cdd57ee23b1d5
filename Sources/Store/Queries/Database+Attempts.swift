import Foundation
import JSON

extension Database {
    private static let attemptSelect = """
        SELECT run_id, seq, attempt, token, build_id, pid, started_at, finished_at, status, error, report
        FROM attempts
        """

    /// Stores a new `running` attempt.
    func insertAttempt(
        run id: String, seq: Int, attempt: Int, token: String?, buildId: String?, pid: Int32?, startedAt: Date
    ) throws {
        try execute(
            """
            INSERT INTO attempts (run_id, seq, attempt, token, build_id, pid, started_at, status)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [id, seq, attempt, token, buildId, pid, startedAt, CellStatus.running.rawValue])
    }

    /// Ends an attempt that has not ended yet; whether it did.
    func finishAttempt(
        run id: String, seq: Int, attempt: Int, status: CellStatus, finishedAt: Date, error: String?,
        report: JSONValue?
    ) throws -> Bool {
        try execute(
            """
            UPDATE attempts SET status = ?, finished_at = ?, error = ?, report = ?
            WHERE run_id = ? AND seq = ? AND attempt = ? AND finished_at IS NULL
            """,
            [status.rawValue, finishedAt, error, report, id, seq, attempt]) == 1
    }

    /// Applies `changes` to an attempt; whether it exists.
    func updateAttempt(run id: String, seq: Int, attempt: Int, changes: [AttemptChange]) throws -> Bool {
        precondition(!changes.isEmpty, "an attempt update needs at least one change")
        var slots = [(column: String, value: any SQLiteBindable)?](repeating: nil, count: 8)
        for change in changes {
            switch change {
            case .token(let value): slots[0] = ("token", value)
            case .buildId(let value): slots[1] = ("build_id", value)
            case .pid(let value): slots[2] = ("pid", value)
            case .startedAt(let value): slots[3] = ("started_at", value)
            case .finishedAt(let value): slots[4] = ("finished_at", value)
            case .status(let value): slots[5] = ("status", value.rawValue)
            case .error(let value): slots[6] = ("error", value)
            case .report(let value): slots[7] = ("report", value)
            }
        }
        let assignments = slots.compactMap { $0 }
        let sql =
            "UPDATE attempts SET " + assignments.map { "\($0.column) = ?" }.joined(separator: ", ")
            + " WHERE run_id = ? AND seq = ? AND attempt = ?"
        return try execute(sql, assignments.map(\.value) + [id, seq, attempt]) == 1
    }

    /// The attempt whose webhook token is `token`, if any.
    func attempt(token: String) throws -> AttemptRecord? {
        var json = JSONColumnDecoder()
        return try queryFirst(Self.attemptSelect + " WHERE token = ?", [token]) {
            try Self.attemptRecord(from: $0, json: &json)
        }
    }

    /// The attempts of one cell, oldest first.
    func attempts(run id: String, seq: Int) throws -> [AttemptRecord] {
        var json = JSONColumnDecoder()
        return try query(Self.attemptSelect + " WHERE run_id = ? AND seq = ? ORDER BY attempt", [id, seq]) {
            try Self.attemptRecord(from: $0, json: &json)
        }
    }

    private static func attemptRecord(from row: Row, json: inout JSONColumnDecoder) throws -> AttemptRecord {
        let what = "attempt \(row.int(2)) of cell \(row.int(1)) of run \(row.text(0) ?? "")"
        guard let status = row.text(8).flatMap(CellStatus.init(rawValue:)) else {
            throw StoreError.invalidRecord("\(what) has an unknown status '\(row.text(8) ?? "")'")
        }
        return AttemptRecord(
            runId: row.text(0) ?? "", seq: row.int(1), attempt: row.int(2), token: row.text(3), buildId: row.text(4),
            pid: row.optionalInt64(5).map { Int32(truncatingIfNeeded: $0) },
            startedAt: row.date(6) ?? Date(millisecondsSinceEpoch: 0), finishedAt: row.date(7), status: status,
            error: row.text(9), report: try json.decode(row.text(10), "the report of \(what)"))
    }
}
