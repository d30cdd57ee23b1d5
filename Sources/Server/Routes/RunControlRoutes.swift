import Executor
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
                guard let plan = try context.store.plan(hash: run.planHash) else { throw APIError.unknownRun }
                let failedOnly = ["true", "1", "yes"].contains(request.request.query["failed"]?.lowercased() ?? "")
                let cells = try context.store.cells(run: run.id)
                guard let rerun = RerunPlan.make(plan, cells: cells, failedOnly: failedOnly) else {
                    throw APIError(
                        status: 409, code: "nothing_to_rerun", message: "every cell of the run passed: nothing to rerun")
                }
                let key = try context.store.runSecrets(id: run.id)?.usetraceKey
                let settings = run.settings.objectValue ?? [:]
                let created = try context.store.createRun(
                    plan: rerun, clientName: run.clientName, usetraceKey: key,
                    settings: settings.merging(["rerunOf": .string(run.id)]) { _, new in new })
                context.log.event(
                    "run.created",
                    [
                        "runId": .string(created.id), "rerunOf": .string(run.id), "plan": .string(rerun.name),
                        "planHash": .string(rerun.hash), "cells": .int(Int64(rerun.cells.count)),
                    ])
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
