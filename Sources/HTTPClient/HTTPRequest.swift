import HTTPTypes

/// One HTTP request: what to send and how long to wait for it.
public struct HTTPRequest: Sendable, Hashable {
    /// The default limit for establishing the connection.
    public static let defaultConnectTimeout: Duration = .seconds(10)
    /// The default limit for the whole exchange, connection included.
    public static let defaultTimeout: Duration = .seconds(30)
    /// The default limit on the size of a response body.
    public static let defaultMaxResponseBodyBytes = 32 * 1024 * 1024

    /// The request method.
    public var method: HTTPMethod
    /// The absolute `http` or `https` URL; its query may hold secrets, so it never appears in errors.
    public var url: String
    /// Header fields to send; libcurl adds `Host` (and `Content-Length` for a body).
    public var headers: HTTPHeaders
    /// The body bytes, if any.
    public var body: [UInt8]?
    /// How long establishing the connection may take.
    public var connectTimeout: Duration
    /// How long the whole exchange may take, connection included.
    public var timeout: Duration
    /// The largest response body accepted; a larger one fails the request.
    public var maxResponseBodyBytes: Int

    /// A request; time-outs default to 10 s to connect and 30 s in all.
    public init(
        method: HTTPMethod = .get, url: String, headers: HTTPHeaders = [:], body: [UInt8]? = nil,
        connectTimeout: Duration = HTTPRequest.defaultConnectTimeout, timeout: Duration = HTTPRequest.defaultTimeout,
        maxResponseBodyBytes: Int = HTTPRequest.defaultMaxResponseBodyBytes
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.maxResponseBodyBytes = maxResponseBodyBytes
    }

    /// A request whose body is the UTF-8 bytes of `text`.
    public init(
        method: HTTPMethod, url: String, headers: HTTPHeaders = [:], text: String,
        connectTimeout: Duration = HTTPRequest.defaultConnectTimeout, timeout: Duration = HTTPRequest.defaultTimeout
    ) {
        self.init(
            method: method, url: url, headers: headers, body: Array(text.utf8), connectTimeout: connectTimeout,
            timeout: timeout)
    }

    /// The URL with its query, fragment and user info removed: the only form of it fit for logs and errors.
    public var redactedURL: String { Redaction.removingQuery(fromURL: url) }
}

extension HTTPRequest: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `METHOD url` without the query (which may carry an API key).
    public var description: String { "\(method) \(redactedURL)" }
    /// The same as `description`.
    public var debugDescription: String { description }
    /// Reflection (`dump`, test failure output) shows the redacted URL only.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "method": method.rawValue, "url": redactedURL, "headers": headers.count,
                "bodyBytes": body?.count ?? 0,
            ])
    }
}
