import Executor
import Foundation
import JSON
import Store
import WebServer

/// Changing a run: `POST /api/v1/runs/{id}/cancel` and `POST /api/v1/runs/{id}/rerun[?failed=true|false]`.
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
                let failedOnly = try request.request.booleanQuery("failed")
                guard run.status.isFinal else { throw APIError.runNotEnded }
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

    /// Stores a rerun of `run` as `orch runs rerun` does (`RunRerun`): the same compiled plan, the
    /// same client, folder and API key; with `failedOnly`, the cells that passed are skipped at once.
    static func rerun(_ run: RunRecord, failedOnly: Bool, context: RouteContext) throws -> RunRecord {
        guard let plan = try context.store.plan(hash: run.planHash) else { throw APIError.unknownRun }
        let rerun = RunRerun(of: run, cells: try context.store.cells(run: run.id), failedOnly: failedOnly)
        guard rerun.cellsToRun > 0 else {
            throw APIError(
                status: 409, code: "nothing_to_rerun", message: "every cell of the run passed: nothing to rerun")
        }
        let created = try rerun.create(in: context.store, plan: plan)
        context.log.event(
            "run.created",
            [
                "runId": .string(created.id), "rerunOf": .string(run.id), "plan": .string(plan.name),
                "planHash": .string(plan.hash), "cells": .int(Int64(rerun.cellsToRun)),
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
