import Crypto
import Foundation
import JSON
import PlanCompiler

extension Database {
    /// The columns `runRecord(from:)` reads, joined with the plan's name and the client's name.
    static let runSelect = """
        SELECT runs.id, runs.plan_hash, plans.name, clients.name, runs.status, runs.created_at, runs.started_at,
            runs.finished_at, runs.settings
        FROM runs JOIN plans ON plans.hash = runs.plan_hash LEFT JOIN clients ON clients.id = runs.client_id
        """

    private static let insertRun = """
        INSERT INTO runs (id, plan_hash, client_id, status, created_at, usetrace_key, webhook_secret, settings)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """

    private static let insertCell = """
        INSERT INTO cells (run_id, seq, stage, step_id, kind, target, capability, lane, timeout_seconds, retries,
            continue_on_error, needs, status, attempt)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)
        """

    /// Stores a new `queued` run of `plan` with one `pending` cell per compiled cell and a
    /// `run.created` event; the caller holds the transaction.
    func createRun(
        plan: CompiledPlan, clientName: String?, usetraceKey: String?, settings: [String: JSONValue], at time: Date
    ) throws -> RunRecord {
        try savePlan(plan, at: time)
        var clientRowId: Int64?
        if let clientName {
            clientRowId = try queryFirst("SELECT id FROM clients WHERE name = ?", [clientName]) { $0.int64(0) }
            guard clientRowId != nil else { throw StoreError.unknownClient(clientName) }
        }
        let id = Digest.timeOrderedIdentifier(at: time)
        let secret = Digest.randomIdentifier(length: 32)
        let settingsJSON = JSONValue.object(settings)
        try execute(
            Self.insertRun,
            [id, plan.hash, clientRowId, RunStatus.queued.rawValue, time, usetraceKey, secret, settingsJSON])
        let pending = CellStatus.pending.rawValue
        for cell in plan.cells {
            try execute(
                Self.insertCell,
                [
                    id, cell.seq, cell.stage, cell.stepId, cell.kind.rawValue, cell.target,
                    cell.capability.map(JSONValue.object), cell.lane, cell.timeoutSeconds, cell.retries,
                    cell.continueOnError, JSONValue.array(cell.needs.map(JSONValue.string)), pending,
                ])
        }
        try appendEvent(
            run: id, seq: nil, attempt: nil, kind: .runCreated, from: nil, to: RunStatus.queued.rawValue,
            detail: ["plan": .string(plan.hash), "cells": .int(Int64(plan.cells.count))], at: time)
        return RunRecord(
            id: id, planHash: plan.hash, planName: plan.name, clientName: clientName, status: .queued,
            createdAt: Date(millisecondsSinceEpoch: time.millisecondsSinceEpoch), startedAt: nil, finishedAt: nil,
            settings: settingsJSON)
    }

    /// Reads a row of `runSelect`.
    static func runRecord(from row: Row, json: inout JSONColumnDecoder) throws -> RunRecord {
        let id = row.text(0) ?? ""
        guard let status = row.text(4).flatMap(RunStatus.init(rawValue:)) else {
            throw StoreError.invalidRecord("run \(id) has an unknown status '\(row.text(4) ?? "")'")
        }
        return RunRecord(
            id: id, planHash: row.text(1) ?? "", planName: row.text(2) ?? "", clientName: row.text(3), status: status,
            createdAt: row.date(5) ?? Date(millisecondsSinceEpoch: 0), startedAt: row.date(6),
            finishedAt: row.date(7), settings: try json.decode(row.text(8), "settings of run \(id)") ?? .object([:]))
    }

    /// The run with `id`, if any.
    func run(id: String) throws -> RunRecord? {
        var json = JSONColumnDecoder()
        return try queryFirst(Self.runSelect + " WHERE runs.id = ?", [id]) {
            try Self.runRecord(from: $0, json: &json)
        }
    }

    /// The status of the run with `id`, if any (one column: for a check inside a write).
    func runStatus(id: String) throws -> RunStatus? {
        try queryFirst("SELECT status FROM runs WHERE id = ?", [id]) { row in
            guard let status = row.text(0).flatMap(RunStatus.init(rawValue:)) else {
                throw StoreError.invalidRecord("run \(id) has an unknown status '\(row.text(0) ?? "")'")
            }
            return status
        }
    }

    /// The secrets of the run with `id`, if any.
    func runSecrets(id: String) throws -> RunSecrets? {
        try queryFirst("SELECT usetrace_key, webhook_secret FROM runs WHERE id = ?", [id]) {
            RunSecrets(usetraceKey: $0.text(0), webhookSecret: $0.text(1) ?? "")
        }
    }

    /// Sets the status of run `id` if it is one of `expected`, and the times given; whether it did.
    func updateRunStatus(
        run id: String, from expected: Set<RunStatus>, to status: RunStatus, startedAt: Date?, finishedAt: Date?
    ) throws -> Bool {
        precondition(!expected.isEmpty, "a compare-and-set needs at least one expected status")
        var sql = "UPDATE runs SET status = ?"
        var arguments: [any SQLiteBindable] = [status.rawValue]
        if let startedAt {
            sql += ", started_at = ?"
            arguments.append(startedAt)
        }
        if let finishedAt {
            sql += ", finished_at = ?"
            arguments.append(finishedAt)
        }
        let statuses = expected.map(\.rawValue).sorted()
        sql += " WHERE id = ? AND status IN (" + statuses.map { _ in "?" }.joined(separator: ", ") + ")"
        arguments.append(id)
        arguments.append(contentsOf: statuses as [any SQLiteBindable])
        return try execute(sql, arguments) == 1
    }

    /// Replaces the settings of run `id`; whether the run exists.
    func updateRunSettings(run id: String, settings: [String: JSONValue]) throws -> Bool {
        try execute("UPDATE runs SET settings = ? WHERE id = ?", [JSONValue.object(settings), id]) == 1
    }

    /// The ids of runs that are `queued` or `running`, oldest first.
    func unfinishedRunIds() throws -> [String] {
        try query(
            "SELECT id FROM runs WHERE status IN (?, ?) ORDER BY created_at, id",
            [RunStatus.queued.rawValue, RunStatus.running.rawValue]
        ) { $0.text(0) ?? "" }
    }

    /// Every run counted by status (a scan of `runs_by_status_created`, for metrics).
    func runCounts() throws -> [RunStatus: Int] {
        var counts: [RunStatus: Int] = [:]
        try statement("SELECT status, count(*) FROM runs GROUP BY status").run([]) { row in
            guard let status = row.text(0).flatMap(RunStatus.init(rawValue:)) else {
                throw StoreError.invalidRecord("a run has an unknown status '\(row.text(0) ?? "")'")
            }
            counts[status] = row.int(1)
        }
        return counts
    }
}
