import WebServer

/// `GET /openapi.json`: the OpenAPI 3.1 document of these routes.
enum OpenAPIRoute {
    /// The document's text, written once.
    static let text = OpenAPIDocument.json.canonicalText

    static func routes(_ context: RouteContext) -> [Route] {
        [Route(.get, "/openapi.json") { _ in .json(text) }]
    }
}
