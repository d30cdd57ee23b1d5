import Foundation

/// A message of libmicrohttpd's log, with the one request detail it can hold withheld.
///
/// MHD 0.9.75's messages name what went wrong and, for malformed requests, the status with its
/// fixed HTML page; none quotes a header value or the query. A few (a failed send: "Failed to
/// send the response headers for the request for `%s'. Error: %s", "Failed to send data in
/// request for %s.") name the request's path, which can hold a client id or a webhook token:
/// that part becomes `<path>`.
enum LibraryMessage {
    /// `message` with any request path in it replaced by `<path>`.
    static func redacted(_ message: String) -> String {
        guard let marker = message.range(of: "request for ") else { return message }
        let head = message[..<marker.upperBound]
        let rest = message[marker.upperBound...]
        if rest.hasPrefix("`"), let close = rest.range(of: "'. Error: ", options: .backwards) {
            return head + "`<path>" + rest[close.lowerBound...]
        }
        return head + "<path>" + (rest.hasSuffix(".") ? "." : "")
    }
}
