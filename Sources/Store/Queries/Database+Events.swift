import Foundation
import JSON

extension Database {
    /// Appends one entry to the event log; returns its id.
    @discardableResult
    func appendEvent(
        run id: String, seq: Int?, attempt: Int?, kind: EventKind, from: String?, to: String?, detail: JSONValue?,
        at time: Date
    ) throws -> Int64 {
        try execute(
            """
            INSERT INTO events (run_id, seq, attempt, kind, from_status, to_status, detail, at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [id, seq, attempt, kind.rawValue, from, to, detail, time])
        return lastInsertRowID
    }

    /// The events of run `id` with an id above `after`, in the order they were appended.
    func events(run id: String, after: Int64) throws -> [EventRecord] {
        var json = JSONColumnDecoder()
        return try query(
            """
            SELECT id, run_id, seq, attempt, kind, from_status, to_status, detail, at
            FROM events WHERE run_id = ? AND id > ? ORDER BY id
            """, [id, after]
        ) { row in
            EventRecord(
                id: row.int64(0), runId: row.text(1) ?? "", seq: row.optionalInt(2), attempt: row.optionalInt(3),
                kind: EventKind(rawValue: row.text(4) ?? ""), fromStatus: row.text(5), toStatus: row.text(6),
                detail: try json.decode(row.text(7), "the detail of event \(row.int64(0))"),
                at: row.date(8) ?? Date(millisecondsSinceEpoch: 0))
        }
    }

    /// The cells named by the events of run `id` with an id above `after`, and the newest such
    /// event's id (`nil` when there is none): what changed since a reader last looked.
    func changedCells(run id: String, afterEvent after: Int64) throws -> CellChanges {
        var changes = CellChanges(seqs: [], newestEventId: nil)
        try statement("SELECT id, seq FROM events WHERE run_id = ? AND id > ? ORDER BY id").run([id, after]) { row in
            changes.newestEventId = row.int64(0)
            if let seq = row.optionalInt(1) { changes.seqs.insert(seq) }
        }
        return changes
    }
}
