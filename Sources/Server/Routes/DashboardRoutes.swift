import Foundation
import Store
import WebServer

/// The dashboard: `GET /` (the runs, newest first, filterable by status) and `GET /runs/{id}` (a
/// run's cells and timeline). `GET /getRuns` shows the runs page too (`RunListRoutes`).
///
/// On a private service the pages need the client id as well: a browser sends it with HTTP
/// Basic (the id as the password), which the 401 asks for.
enum DashboardRoutes {
    static func routes(_ context: RouteContext) -> [Route] {
        [
            Route(.get, "/") { request in
                try runsPage(request.request, basePath: "/", context: context)
            },
            Route(.get, "/runs/{id}") { request in
                try page {
                    let scope = try ClientAccess.readScope(
                        request.request, store: context.store, isPrivate: context.isPrivate)
                    let now = Date()
                    guard let run = try context.store.run(id: request[parameter: "id"]),
                        (try? ClientAccess.checkVisible(run, scope: scope)) != nil
                    else {
                        return .html(DashboardPage.notFound(path: request.request.path, now: now), status: 404)
                    }
                    let cells = try context.store.cells(run: run.id)
                    var attempts: [Int: [AttemptRecord]] = [:]
                    for cell in cells where cell.attempt > 1 {
                        attempts[cell.seq] = try context.store.attempts(run: run.id, seq: cell.seq)
                    }
                    let events = try context.store.events(run: run.id)
                    return .html(DashboardPage.run(run, cells: cells, attempts: attempts, events: events, now: now))
                }
            },
        ]
    }

    /// The runs page served at `basePath` for the request's `status` and `cursor`.
    static func runsPage(_ request: ServerRequest, basePath: String, context: RouteContext) throws -> ServerResponse {
        try page {
            let query = try ListQuery(request)
            let runs = try RunListRoutes.listPage(request, context: context)
            return .html(DashboardPage.runs(runs, filter: query.status, now: Date(), basePath: basePath))
        }
    }

    /// Answers `body`'s errors as HTML pages (a browser reads these routes), keeping their status.
    private static func page(_ body: () throws -> ServerResponse) throws -> ServerResponse {
        do {
            return try body()
        } catch let error as APIError where error.status < 500 {
            var response = ServerResponse.html(
                DashboardPage.error(title: "Error \(error.status)", message: error.message, now: Date()),
                status: error.status)
            for field in error.headers { response.headers[field.name] = field.value }
            if error.status == 401 { response.headers["WWW-Authenticate"] = #"Basic realm="orch""# }
            return response
        }
    }
}
