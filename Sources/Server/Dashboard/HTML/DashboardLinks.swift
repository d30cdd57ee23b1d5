import Store

/// The dashboard's URLs (returned unescaped for HTML: callers escape them when writing an attribute).
enum DashboardLinks {
    /// A run's page.
    static func run(_ id: String) -> String {
        "/runs/\(id.urlComponentEscaped)"
    }

    /// The runs page at `basePath`, showing only runs with `status` (all when `nil`), from `cursor` on.
    static func runs(basePath: String, status: RunStatus?, cursor: String? = nil) -> String {
        var query: [String] = []
        if let status { query.append("status=\(status.rawValue)") }
        if let cursor { query.append("cursor=\(cursor.urlComponentEscaped)") }
        return query.isEmpty ? basePath : "\(basePath)?\(query.joined(separator: "&"))"
    }
}
