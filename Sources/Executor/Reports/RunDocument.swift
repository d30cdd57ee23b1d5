import Foundation
import JSON
import Store

/// A run as orch's JSON shows it: `GET /api/v1/runs/{id}`, `orch run --format json`, `orch runs show
/// --format json`; and a run-list entry as `GET /api/v1/runs` and `orch runs list --format json` show it.
///
/// Built from store records only, and never from `RunSecrets` or the run's settings: no API key, webhook
/// secret, token or folder can reach a document. Times are RFC 3339 UTC (`Timestamp`); absent ones are `null`.
public enum RunDocument {
    /// `{"id", "status", "plan": {"name", "hash"}, "createdAt", "startedAt", "finishedAt", "steps": [...]}`,
    /// one step per cell in `seq` order (see `step`).
    public static func run(_ run: RunRecord, cells: [CellRecord]) -> JSONValue {
        [
            "id": .string(run.id),
            "status": .string(run.status.rawValue),
            "plan": plan(run),
            "createdAt": Timestamp.json(run.createdAt),
            "startedAt": Timestamp.json(run.startedAt),
            "finishedAt": Timestamp.json(run.finishedAt),
            "steps": .array(cells.sorted { $0.seq < $1.seq }.map(step)),
        ]
    }

    /// One cell: `{"seq", "stage", "id", "kind", "target", "capability", "lane", "status", "attempts",
    /// "flaky", "soft", "buildId", "startedAt", "finishedAt", "error"}`.
    ///
    /// `capability` and `lane` are `null` for a command; `attempts` is the number of attempts started
    /// (0 before the first); `buildId`, `startedAt` are the latest attempt's; `error` the reason of
    /// a failure, an error, a skip or (while it waits for a retry) the last attempt's failure.
    public static func step(_ cell: CellRecord) -> JSONValue {
        [
            "seq": .int(Int64(cell.seq)),
            "stage": .int(Int64(cell.stage)),
            "id": .string(cell.stepId),
            "kind": .string(cell.kind.rawValue),
            "target": .string(cell.target),
            "capability": cell.capability.map(JSONValue.object) ?? .null,
            "lane": cell.lane.map { .int(Int64($0)) } ?? .null,
            "status": .string(cell.status.rawValue),
            "attempts": .int(Int64(cell.attempt)),
            "flaky": .bool(cell.flaky),
            "soft": .bool(cell.soft),
            "buildId": cell.buildId.map(JSONValue.string) ?? .null,
            "startedAt": Timestamp.json(cell.startedAt),
            "finishedAt": Timestamp.json(cell.finishedAt),
            "error": cell.error.map(JSONValue.string) ?? .null,
        ]
    }

    /// A run-list entry: `{"id", "status", "plan": {"name", "hash"}, "createdAt", "finishedAt",
    /// "cells": {"total", "pending", "running", "passed", "failed", "error", "skipped", "cancelled"}}`;
    /// every cell status is counted, zero included.
    public static func listEntry(_ summary: RunSummary) -> JSONValue {
        [
            "id": .string(summary.run.id),
            "status": .string(summary.run.status.rawValue),
            "plan": plan(summary.run),
            "createdAt": Timestamp.json(summary.run.createdAt),
            "finishedAt": Timestamp.json(summary.run.finishedAt),
            "cells": counts(summary.cells),
        ]
    }

    /// A page of the run list: `{"runs": [entry, ...], "nextCursor": "…" or null}`.
    public static func list(_ page: RunPage) -> JSONValue {
        [
            "runs": .array(page.runs.map(listEntry)),
            "nextCursor": page.nextCursor.map(JSONValue.string) ?? .null,
        ]
    }

    /// `{"total": N, "<status>": N, …}` with every cell status.
    public static func counts(_ counts: CellCounts) -> JSONValue {
        var members: [String: JSONValue] = ["total": .int(Int64(counts.total))]
        for status in CellStatus.allCases { members[status.rawValue] = .int(Int64(counts[status])) }
        return .object(members)
    }

    /// The document of run `id` read from `store` (one read of the run and one of its cells); `nil`
    /// when no run has the id.
    public static func load(runId id: String, from store: Store) throws -> JSONValue? {
        guard let record = try store.run(id: id) else { return nil }
        return run(record, cells: try store.cells(run: id))
    }

    private static func plan(_ run: RunRecord) -> JSONValue {
        ["name": .string(run.planName), "hash": .string(run.planHash)]
    }
}
