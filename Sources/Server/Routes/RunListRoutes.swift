import Executor
import Foundation
import JSON
import Store
import WebServer

/// The run list: `GET /api/v1/runs?status=&limit=&cursor=` (JSON) and the original `GET /getRuns`
/// (the runs page; the same JSON with `Accept: application/json`).
enum RunListRoutes {
    static func routes(_ context: RouteContext) -> [Route] {
        [
            Route(.get, "/api/v1/runs") { request in
                let page = try listPage(request.request, context: context)
                return .json(RunDocument.list(page).canonicalText)
            },
            Route(.get, "/getRuns") { request in
                if request.request.wantsJSON {
                    let page = try listPage(request.request, context: context)
                    return .json(RunDocument.list(page).canonicalText)
                }
                return try DashboardRoutes.runsPage(request.request, basePath: "/getRuns", context: context)
            },
        ]
    }

    /// The page the query asks for, newest first, within what the caller may see.
    static func listPage(_ request: ServerRequest, context: RouteContext) throws -> RunPage {
        let scope = try ClientAccess.readScope(request, store: context.store, isPrivate: context.isPrivate)
        let query = try ListQuery(request)
        do {
            return try context.store.listRuns(
                status: query.status, clientName: scope, limit: query.limit, cursor: query.cursor)
        } catch let error as StoreError where error.kind == .invalidCursor {
            throw APIError.badRequest("the cursor is not one this service gave")
        }
    }
}

/// The run list's query: `status`, `limit` (1…1000, default 50), `cursor`.
struct ListQuery {
    static let defaultLimit = 50

    let status: RunStatus?
    let limit: Int
    let cursor: String?

    init(_ request: ServerRequest) throws {
        if let text = request.query["status"], !text.isEmpty {
            guard let status = RunStatus(rawValue: text) else {
                let names = RunStatus.allCases.map(\.rawValue).joined(separator: ", ")
                throw APIError.badRequest("status must be one of \(names)")
            }
            self.status = status
        } else {
            status = nil
        }
        if let text = request.query["limit"], !text.isEmpty {
            guard let limit = Int(text), (1...1000).contains(limit) else {
                throw APIError.badRequest("limit must be a whole number from 1 to 1000")
            }
            self.limit = limit
        } else {
            limit = Self.defaultLimit
        }
        cursor = request.query["cursor"].flatMap { $0.isEmpty ? nil : $0 }
    }
}
