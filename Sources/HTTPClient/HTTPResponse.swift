import HTTPTypes

/// An HTTP response: any status, its header fields and its body.
public struct HTTPResponse: Sendable, Hashable {
    /// The status code (200, 404, 503, …).
    public var status: Int
    /// The header fields of the final response (not of any `100 Continue` before it).
    public var headers: HTTPHeaders
    /// The body bytes.
    public var body: [UInt8]

    /// A response from its parts (fake transports build these).
    public init(status: Int, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A response whose body is the UTF-8 bytes of `text`.
    public init(status: Int, headers: HTTPHeaders = [:], text: String) {
        self.init(status: status, headers: headers, body: Array(text.utf8))
    }

    /// The body decoded as UTF-8 (invalid sequences become U+FFFD).
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }
}
