import Foundation

extension Database {
    /// The largest page `listRuns` returns.
    static let maximumPageSize = 1_000

    /// The SQL of one page of the run list, for the filters given (used by tests to check its plan).
    static func runListSQL(status: Bool, client: Bool, cursor: Bool) -> String {
        var conditions: [String] = []
        if status { conditions.append("runs.status = ?") }
        if client { conditions.append("runs.client_id = (SELECT id FROM clients WHERE name = ?)") }
        if cursor { conditions.append("(runs.created_at, runs.id) < (?, ?)") }
        var sql = runSelect
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        return sql + " ORDER BY runs.created_at DESC, runs.id DESC LIMIT ?"
    }

    /// Counting one run's cells by status (an index-only scan of `cells_by_run_status`).
    static let cellCountSQL = "SELECT status, count(*) FROM cells WHERE run_id = ? GROUP BY status"

    /// One page of runs, newest first, with their cells counted; the caller holds a read transaction.
    func listRuns(status: RunStatus?, clientName: String?, limit: Int, cursor: String?) throws -> RunPage {
        let limit = max(1, min(limit, Self.maximumPageSize))
        let position = try cursor.map(RunListCursor.init(parsing:))
        var arguments: [any SQLiteBindable] = []
        if let status { arguments.append(status.rawValue) }
        if let clientName { arguments.append(clientName) }
        if let position {
            arguments.append(position.createdAt)
            arguments.append(position.id)
        }
        // One more than asked: a next cursor is given only when another page really exists.
        arguments.append(limit + 1)
        let sql = Self.runListSQL(status: status != nil, client: clientName != nil, cursor: position != nil)
        var json = JSONColumnDecoder()
        var runs = try query(sql, arguments) { try Self.runRecord(from: $0, json: &json) }
        var nextCursor: String?
        if runs.count > limit {
            runs.removeLast(runs.count - limit)
            nextCursor = runs.last.map { RunListCursor(createdAt: $0.createdAt.millisecondsSinceEpoch, id: $0.id).text }
        }
        let summaries = try runs.map { RunSummary(run: $0, cells: try cellCounts(run: $0.id)) }
        return RunPage(runs: summaries, nextCursor: nextCursor)
    }

    /// The cells of run `id` counted by status.
    func cellCounts(run id: String) throws -> CellCounts {
        var counts: [CellStatus: Int] = [:]
        try statement(Self.cellCountSQL).run([id]) { row in
            guard let status = row.text(0).flatMap(CellStatus.init(rawValue:)) else {
                throw StoreError.invalidRecord("a cell of run \(id) has an unknown status '\(row.text(0) ?? "")'")
            }
            counts[status] = row.int(1)
        }
        return CellCounts(byStatus: counts)
    }
}

/// Where a page of the run list starts: just after the run (created at, id) in newest-first order.
///
/// Its text is `<milliseconds>.<run id>`; callers treat it as opaque.
struct RunListCursor: Hashable {
    /// The creation time of the last run of the previous page, in milliseconds since the epoch.
    let createdAt: Int64
    /// The id of the last run of the previous page.
    let id: String

    init(createdAt: Int64, id: String) {
        self.createdAt = createdAt
        self.id = id
    }

    /// Reads a cursor made by `text` (the milliseconds in 1 to 15 digits, a dot, a run id of 1 to 64
    /// URL-safe characters: what /openapi.json documents); throws `invalidCursor` for anything else.
    init(parsing text: String) throws {
        guard let dot = text.firstIndex(of: "."),
            case let digits = text[..<dot], (1...15).contains(digits.count),
            digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let createdAt = Int64(digits),
            case let id = text[text.index(after: dot)...], (1...64).contains(id.count),
            id.allSatisfy(Self.isRunIdCharacter)
        else { throw StoreError.invalidCursor }
        self.init(createdAt: createdAt, id: String(id))
    }

    /// Whether `character` may be in a run id: ASCII letters, digits, `-` and `_`.
    private static func isRunIdCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || character == "-" || character == "_")
    }

    /// The cursor's text.
    var text: String { "\(createdAt).\(id)" }
}
