import HTTPTypes

/// One HTTP request as the handler sees it: method, target, headers and the whole body.
public struct ServerRequest: Sendable {
    /// An id for this request, unique within the server's process: put it in log lines and 500 answers.
    public let id: String
    /// The request method.
    public let method: Method
    /// The request target exactly as sent, e.g. `/api/a%20b?x=1`.
    public let target: String
    /// The path part of `target`, not decoded, e.g. `/api/a%20b`.
    public let rawPath: String
    /// The path, percent-decoded, e.g. `/api/a b`.
    public let path: String
    /// The path's segments, each percent-decoded on its own (so `%2F` stays inside its segment); empty ones dropped.
    public let pathComponents: [String]
    /// The query string after `?`, not decoded; `nil` when the target has no `?`.
    public let rawQuery: String?
    /// The decoded query parameters.
    public let query: QueryParameters
    /// The request's header fields.
    public let headers: HTTPFields
    /// The whole request body (empty when there is none).
    public let body: [UInt8]
    /// The client's numeric IP address, when known.
    public let remoteAddress: String?

    /// A request for `target` (path and query, undecoded); the server builds these, tests may too.
    public init(
        method: Method, target: String, headers: HTTPFields = [:], body: [UInt8] = [], id: String = "test",
        remoteAddress: String? = nil
    ) {
        self.id = id
        self.method = method
        self.target = target
        let rawPath: Substring
        if let question = target.firstIndex(of: "?") {
            rawPath = target[..<question]
            rawQuery = String(target[target.index(after: question)...])
        } else {
            rawPath = Substring(target)
            rawQuery = nil
        }
        self.rawPath = String(rawPath)
        path = PercentDecoding.decode(rawPath.utf8, plusIsSpace: false)
        pathComponents = rawPath.utf8.split(separator: UInt8(ascii: "/")).map {
            PercentDecoding.decode($0, plusIsSpace: false)
        }
        query = QueryParameters(rawQuery: rawQuery ?? "")
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
    }

    /// The body read as UTF-8 (invalid bytes become U+FFFD).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
