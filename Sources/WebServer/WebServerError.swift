/// Why the web server could not start; the message names the host and port, never request data.
public struct WebServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, for callers that react to it.
    public enum Kind: Sendable, Equatable {
        /// Another socket already listens on the port.
        case addressInUse
        /// The host is not an address of this machine, or does not resolve.
        case addressUnavailable
        /// The system refused the bind (e.g. a port below 1024 without privilege).
        case permissionDenied
        /// The configuration holds a value the server cannot use.
        case invalidConfiguration
        /// libmicrohttpd refused to start, or the socket could not be made.
        case startFailed
        /// `start()` was called on a server that is running or was stopped.
        case notStartable
    }

    /// What went wrong.
    public let kind: Kind
    /// A sentence for people, naming host and port where they matter.
    public let message: String

    /// An error of `kind` with `message`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
