import Executor
import Foundation
import JSON
import Store
import WebServer

/// Changing a run: `POST /api/v1/runs/{id}/cancel` and `POST /api/v1/runs/{id}/rerun[?failed=true]`.
///
/// Both need the Bearer client id of the client that created the run (401 without one, 403 for
/// another client's run).
enum RunControlRoutes {
    static func routes(_ context: RouteContext) -> [Route] {
        [
            Route(.post, "/api/v1/runs/{id}/cancel") { request in
                let run = try ownedRun(request, context: context)
                guard try RunLedger.cancel(in: context.store, runId: run.id) else {
                    throw APIError.runEnded(run.status.rawValue)
                }
                context.log.event("run.cancel-requested", ["runId": .string(run.id)])
                let registry = context.registry
                context.afterAnswer { await registry.refresh(run.id) }
                let cancelled = try context.store.run(id: run.id) ?? run
                return .json(RunDocument.run(cancelled, cells: try context.store.cells(run: run.id)).canonicalText)
            },
            Route(.post, "/api/v1/runs/{id}/rerun") { request in
                let run = try ownedRun(request, context: context)
                guard run.status.isFinal else { throw APIError.runNotEnded }
                let failedOnly = ["true", "1", "yes"].contains(request.request.query["failed"]?.lowercased() ?? "")
                let created = try rerun(run, failedOnly: failedOnly, context: context)
                let registry = context.registry
                context.afterAnswer { await registry.enqueue(created.id) }
                let body: JSONValue = [
                    "id": .string(created.id), "status": .string(created.status.rawValue), "rerunOf": .string(run.id),
                ]
                var response = ServerResponse.json(body.canonicalText, status: 201)
                response.headers["Location"] = "/api/v1/runs/\(created.id)"
                return response
            },
        ]
    }

    /// The run setting listing the cells a `--failed` rerun skipped because they had passed
    /// (the one `orch runs rerun` writes, so reruns of reruns narrow the same way).
    static let passedBeforeSetting = "passedBefore"

    /// Stores a rerun of `run` as `orch runs rerun` does: the same compiled plan, the same client,
    /// folder and API key; with `failedOnly`, the cells that passed (or were skipped as passed in
    /// an earlier rerun) are skipped at once with the reason `not rerun: passed in run ID`.
    static func rerun(_ run: RunRecord, failedOnly: Bool, context: RouteContext) throws -> RunRecord {
        guard let plan = try context.store.plan(hash: run.planHash) else { throw APIError.unknownRun }
        let cells = try context.store.cells(run: run.id)
        let passedBefore = Set(
            run.settings[passedBeforeSetting]?.arrayValue?.compactMap { $0.intValue.map(Int.init) } ?? [])
        let kept =
            failedOnly
            ? cells.filter { $0.status == .passed || ($0.status == .skipped && passedBefore.contains($0.seq)) }.map(
                \.seq)
            : []
        guard kept.count < cells.count else {
            throw APIError(
                status: 409, code: "nothing_to_rerun", message: "every cell of the run passed: nothing to rerun")
        }
        let key = try context.store.runSecrets(id: run.id)?.usetraceKey
        var settings: [String: JSONValue] = [
            RunClaim.setting: RunClaim.ownSetting.1, "rerunOf": .string(run.id), "rerunFailedOnly": .bool(failedOnly),
            passedBeforeSetting: .array(kept.map { .int(Int64($0)) }),
        ]
        if let folder = run.settings[RunDriver.workingDirectorySetting] {
            settings[RunDriver.workingDirectorySetting] = folder
        }
        let created = try context.store.write { [settings] tx in
            let created = try tx.createRun(
                plan: plan, clientName: run.clientName, usetraceKey: key, settings: settings)
            let now = Date()
            let reason = "not rerun: passed in run \(run.id)"
            for seq in kept {
                _ = try tx.updateCell(
                    run: created.id, seq: seq, expectedAttempt: 0, expectedStatus: .pending,
                    set: [.status(.skipped), .finishedAt(now), .error(reason)])
                try tx.appendEvent(
                    run: created.id, seq: seq, attempt: 0, kind: .cellSkipped, from: CellStatus.pending.rawValue,
                    to: CellStatus.skipped.rawValue, detail: ["reason": .string(reason), "rerunOf": .string(run.id)],
                    at: now)
            }
            return created
        }
        context.log.event(
            "run.created",
            [
                "runId": .string(created.id), "rerunOf": .string(run.id), "plan": .string(plan.name),
                "planHash": .string(plan.hash), "cells": .int(Int64(cells.count - kept.count)),
            ])
        return created
    }

    /// The run `{id}`, if the presenting client created it.
    static func ownedRun(_ request: Route.Request, context: RouteContext) throws -> RunRecord {
        let client = try ClientAccess.requireClient(request.request, store: context.store)
        guard let run = try context.store.run(id: request[parameter: "id"]) else { throw APIError.unknownRun }
        guard run.clientName == client.name else {
            // On a private service another client's run does not exist, as for its reads.
            if context.isPrivate { throw APIError.unknownRun }
            throw APIError.notYourRun
        }
        return run
    }
}
