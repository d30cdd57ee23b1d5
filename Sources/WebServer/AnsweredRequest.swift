/// One request the server answered, as its observer is told of it (`WebServer.Observer`).
public struct AnsweredRequest: Sendable {
    /// Why the server answered a request itself, without calling the handler.
    public enum Refusal: String, Sendable {
        /// The body is larger than `Configuration.maxBodyBytes` (answered 413).
        case bodyTooLarge = "body_too_large"
    }

    /// The request id (the one the handler would have seen).
    public let id: String
    /// The request method.
    public let method: ServerRequest.Method
    /// The request target as sent: to find what it was meant for, never to log (a path can hold
    /// ids and secrets).
    public let target: String
    /// The status answered.
    public let status: Int
    /// From the request line's arrival to the answer being queued.
    public let duration: Duration
    /// Why the server answered it itself; `nil` when the handler answered.
    public let refusal: Refusal?

    /// An answered request; the server makes these, tests may too.
    public init(
        id: String, method: ServerRequest.Method, target: String, status: Int, duration: Duration, refusal: Refusal?
    ) {
        self.id = id
        self.method = method
        self.target = target
        self.status = status
        self.duration = duration
        self.refusal = refusal
    }
}
