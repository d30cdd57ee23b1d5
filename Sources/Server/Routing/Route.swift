import WebServer

/// One route: a method and a path pattern, and the handler that answers them.
///
/// Handlers run on the web server's threads and must return quickly: they may read and write
/// the store (one short transaction), and hand anything slower to the run registry.
public struct Route: Sendable {
    /// What a handler is given: the request and the path's parameters.
    public struct Request: Sendable {
        /// The request.
        public let request: ServerRequest
        /// The path parameters by name (`{id}` → `parameters["id"]`).
        public let parameters: [String: String]

        /// A path parameter the route's pattern declares (an empty string if it does not).
        public subscript(parameter name: String) -> String { parameters[name] ?? "" }
    }

    /// A handler: the answer, or an `APIError` (any other error becomes a 500).
    public typealias Handler = @Sendable (Request) throws -> ServerResponse

    /// The method (`GET` routes answer `HEAD` too).
    public let method: ServerRequest.Method
    /// The path pattern.
    public let pattern: PathPattern
    /// The name metrics and logs use: the method and the pattern, never the concrete path
    /// (paths can hold client ids and tokens).
    public var name: String { "\(method.rawValue) \(pattern.description)" }
    /// Answers the requests that match.
    public let handler: Handler

    /// A route.
    public init(_ method: ServerRequest.Method, _ pattern: String, _ handler: @escaping Handler) {
        self.method = method
        self.pattern = PathPattern(pattern)
        self.handler = handler
    }
}
