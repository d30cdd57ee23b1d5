import Executor
import JSON
import PlanCompiler
import Store
import WebServer

/// Scheduling runs: the original `POST /scheduleRun/{clientId}[?key=]` and `POST /api/v1/runs`.
///
/// Both take a plan or the original order JSON. The client is checked first and the plan next;
/// a refused request stores nothing. The run is committed before the answer; its driver starts
/// after it.
enum ScheduleRunRoutes {
    static func routes(_ context: RouteContext) -> [Route] {
        [
            Route(.post, "/scheduleRun/{clientId}") { request in
                guard let client = try context.store.client(presentedId: request[parameter: "clientId"]) else {
                    throw APIError.unknownClient
                }
                let run = try schedule(request.request, client: client, context: context)
                if request.request.wantsJSON { return .json(answer(run).canonicalText) }
                return .text(run.id)
            },
            Route(.post, "/api/v1/runs") { request in
                let client = try ClientAccess.requireClient(request.request, store: context.store)
                let run = try schedule(request.request, client: client, context: context)
                var response = ServerResponse.json(answer(run).canonicalText, status: 201)
                response.headers["Location"] = "/api/v1/runs/\(run.id)"
                return response
            },
        ]
    }

    /// Compiles the body and stores the run for `client` with the request's Usetrace key (`?key=`),
    /// then has the registry drive it once the answer is on its way.
    static func schedule(_ request: ServerRequest, client: ClientRecord, context: RouteContext) throws -> RunRecord {
        let plan = try PlanSubmission.compile(request, allowsCommands: context.allowsCommands)
        let key = request.query["key"].flatMap { $0.isEmpty ? nil : $0 }
        var settings: [String: JSONValue] = [DriverClaim.setting: DriverClaim.ownSetting.value]
        if let folder = context.workingDirectory, plan.cells.contains(where: { $0.kind == .command }) {
            settings["workingDirectory"] = .string(folder)
        }
        let run = try context.store.createRun(plan: plan, clientName: client.name, usetraceKey: key, settings: settings)
        context.log.event(
            "run.created",
            [
                "runId": .string(run.id), "plan": .string(plan.name), "planHash": .string(plan.hash),
                "client": .string(client.name), "cells": .int(Int64(plan.cells.count)),
            ])
        let registry = context.registry
        context.afterAnswer { await registry.enqueue(run.id) }
        return run
    }

    /// The JSON answer: the run's id and status.
    static func answer(_ run: RunRecord) -> JSONValue {
        ["id": .string(run.id), "status": .string(run.status.rawValue)]
    }
}
