import Executor
import Foundation
import JSON
import Store
import WebServer

/// One run: `GET /api/v1/runs/{id}` (the run document, as `orch run --format json` prints it)
/// and `GET /api/v1/runs/{id}/junit` (JUnit XML, as `orch run --junit` writes it).
enum RunRoutes {
    static func routes(_ context: RouteContext) -> [Route] {
        [
            Route(.get, "/api/v1/runs/{id}") { request in
                let run = try visibleRun(request, context: context)
                let cells = try context.store.cells(run: run.id)
                return .json(RunDocument.run(run, cells: cells).canonicalText)
            },
            Route(.get, "/api/v1/runs/{id}/junit") { request in
                let run = try visibleRun(request, context: context)
                guard let report = try JUnitReport.load(runId: run.id, from: context.store) else {
                    throw APIError.unknownRun
                }
                return ServerResponse(
                    status: 200, headers: ["Content-Type": "application/xml; charset=utf-8"],
                    body: Array(report.xml.utf8))
            },
        ]
    }

    /// The run the path's `{id}` names, if the caller may see it; 404 otherwise.
    static func visibleRun(_ request: Route.Request, context: RouteContext) throws -> RunRecord {
        let scope = try ClientAccess.readScope(request.request, store: context.store, isPrivate: context.isPrivate)
        guard let run = try context.store.run(id: request[parameter: "id"]) else { throw APIError.unknownRun }
        try ClientAccess.checkVisible(run, scope: scope)
        return run
    }
}
