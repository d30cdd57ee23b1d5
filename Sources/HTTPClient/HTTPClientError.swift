/// A request that got no HTTP response: connection refused, time-out, other transport failure.
///
/// The message never holds a URL's query string or any `key=` value: queries may carry API keys.
public struct HTTPClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, in the terms a caller decides on.
    public enum Kind: String, Sendable, Hashable {
        /// The host could not be resolved or the connection was refused or reset while connecting.
        case connectFailure
        /// The connect or total time-out was reached.
        case timeout
        /// Any other failure after connecting (reset, TLS, malformed answer, body over the limit).
        case transport
        /// The request could not be sent as given (bad URL, a header with a line break).
        case invalidRequest
        /// The client was shut down before the request completed.
        case shutdown
    }

    /// What went wrong.
    public let kind: Kind
    /// libcurl's `CURLcode`, when libcurl reported the failure.
    public let curlCode: Int?
    /// A readable explanation, with secrets removed.
    public let message: String

    /// An error; `key=` values in the message are masked whatever the caller passed.
    public init(kind: Kind, curlCode: Int? = nil, message: String) {
        self.kind = kind
        self.curlCode = curlCode
        self.message = Redaction.maskingKeyParameters(in: message)
    }

    /// `kind: message (curl error N)`.
    public var description: String {
        let code = curlCode.map { " (curl error \($0))" } ?? ""
        return "\(kind.rawValue): \(message)\(code)"
    }
}
