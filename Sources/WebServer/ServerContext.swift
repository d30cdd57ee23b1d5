import Synchronization

/// What every MHD callback of one server needs: the handler, the limits and the live counters.
///
/// Passed to C as an unretained pointer; `Daemon` holds it strongly, so it outlives the MHD daemon.
final class ServerContext: Sendable {
    let handler: @Sendable (ServerRequest) -> ServerResponse
    let maxBodyBytes: Int
    /// Told of every answered request and of the server's notices.
    let observer: WebServer.Observer
    /// The open connections and the time by which each must have sent its request.
    let deadlines: RequestDeadlines
    /// Requests begun (request line read) and not yet completed (answer sent or connection gone).
    let requestsInFlight = Atomic<Int>(0)
    /// Set once stopping begins: answers then carry `Connection: close`, so keep-alive ends.
    let stopping = Atomic<Bool>(false)
    private let requestCounter = Atomic<UInt64>(0)
    private let idPrefix: String

    init(
        handler: @escaping @Sendable (ServerRequest) -> ServerResponse, maxBodyBytes: Int,
        deadlines: RequestDeadlines, observer: WebServer.Observer, idPrefix: String
    ) {
        self.observer = observer
        self.handler = handler
        self.maxBodyBytes = maxBodyBytes
        self.deadlines = deadlines
        self.idPrefix = idPrefix
    }

    /// A new request id: the server's prefix and a serial number.
    func nextRequestID() -> String {
        let n = requestCounter.add(1, ordering: .relaxed).newValue
        return "\(idPrefix)-\(n)"
    }
}
