import HTTPTypes

/// The answer a handler gives: status, header fields and body bytes.
///
/// `Content-Length` is always computed by the server; a `Content-Length` field given here is ignored.
public struct ServerResponse: Sendable {
    /// The HTTP status code; one outside 100...599 is sent as 500.
    public var status: Int
    /// The header fields to send.
    public var headers: HTTPFields
    /// The body bytes (not sent for HEAD requests).
    public var body: [UInt8]

    /// A response with the given status, headers and body.
    public init(status: Int = 200, headers: HTTPFields = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A `text/plain; charset=utf-8` response.
    public static func text(_ text: String, status: Int = 200) -> ServerResponse {
        ServerResponse(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: Array(text.utf8))
    }

    /// An `application/json; charset=utf-8` response with these JSON bytes.
    public static func json(_ bytes: [UInt8], status: Int = 200) -> ServerResponse {
        ServerResponse(status: status, headers: ["Content-Type": "application/json; charset=utf-8"], body: bytes)
    }

    /// An `application/json; charset=utf-8` response with this JSON text.
    public static func json(_ text: String, status: Int = 200) -> ServerResponse {
        json(Array(text.utf8), status: status)
    }

    /// A `text/html; charset=utf-8` response.
    public static func html(_ html: String, status: Int = 200) -> ServerResponse {
        ServerResponse(status: status, headers: ["Content-Type": "text/html; charset=utf-8"], body: Array(html.utf8))
    }

    /// A response with no body, e.g. 204 or a bare 404.
    public static func empty(status: Int) -> ServerResponse {
        ServerResponse(status: status)
    }
}
