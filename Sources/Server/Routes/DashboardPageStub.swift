import Foundation
import Store

// Temporary stand-in for the dashboard branch's DashboardPage, until it is merged.
enum DashboardPage {
    static func runs(_ page: RunPage, filter: RunStatus?, now: Date, basePath: String = "/") -> String {
        "<!doctype html><title>orch</title><ul>"
            + page.runs.map { "<li>\($0.run.id) \($0.run.status.rawValue)</li>" }.joined() + "</ul>"
    }
    static func run(
        _ run: RunRecord, cells: [CellRecord], attempts: [Int: [AttemptRecord]] = [:], events: [EventRecord] = [],
        now: Date
    ) -> String {
        "<!doctype html><title>\(run.id)</title><p>\(run.status.rawValue)</p>"
    }
    static func notFound(path: String, now: Date) -> String { "<!doctype html><p>Not found</p>" }
    static func error(title: String, message text: String, now: Date) -> String { "<!doctype html><p>\(title)</p>" }
}
