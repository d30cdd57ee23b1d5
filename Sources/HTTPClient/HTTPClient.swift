import Synchronization

/// An async HTTP client over libcurl's multi interface, driven by one dedicated I/O thread.
///
/// Connections are kept and reused between requests to the same host. Shut it down with
/// `shutdown()` (or let it go: `deinit` does the same); requests still running then fail.
public final class HTTPClient: HTTPTransport, Sendable {
    private let loop = CurlEventLoop()
    private let nextID = Atomic<UInt64>(0)

    /// A client with its own I/O thread and connection cache.
    public init() {}

    deinit {
        loop.shutdown()
    }

    /// Sends the request and waits for its response.
    ///
    /// Any HTTP status is a response; a transport failure throws `HTTPClientError`, and
    /// cancelling the calling task abandons the transfer and throws `CancellationError`.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try Task.checkCancellation()
        let id = nextID.wrappingAdd(1, ordering: .relaxed).newValue
        let gate = CancellationGate()
        let loop = self.loop
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                gate.submit {
                    loop.submit(CurlSubmission(id: id, request: request, continuation: continuation))
                } ifCancelled: {
                    continuation.resume(throwing: CancellationError())
                }
            }
        } onCancel: {
            gate.cancel { loop.cancel(id: id) }
        }
    }

    /// Stops the I/O thread; requests not yet finished fail with an `HTTPClientError` of kind `.shutdown`,
    /// and later ones fail at once. Returns without waiting.
    public func shutdown() {
        loop.shutdown()
    }
}

/// Orders a request's hand-over against its cancellation, which may come first, or at any moment.
///
/// Both actions run under the gate's lock, so a cancellation reaches the I/O thread only after
/// its submission did (the loop drops a cancellation for an id it has never seen or has finished).
private final class CancellationGate: Sendable {
    private enum State { case idle, submitted, cancelled }
    private let state = Mutex(State.idle)

    /// Runs `submit` unless the request was cancelled already, in which case runs `ifCancelled`.
    func submit(_ submit: () -> Void, ifCancelled: () -> Void) {
        state.withLock { state in
            if state == .cancelled {
                ifCancelled()
            } else {
                state = .submitted
                submit()
            }
        }
    }

    /// Marks the request cancelled; runs `cancelSubmitted` if it had been handed over.
    func cancel(_ cancelSubmitted: () -> Void) {
        state.withLock { state in
            if state == .submitted { cancelSubmitted() }
            state = .cancelled
        }
    }
}
