/// Something that sends HTTP requests: the real `HTTPClient`, or a scripted fake in tests.
public protocol HTTPTransport: Sendable {
    /// Sends the request; an HTTP error status is a response, only transport failures throw
    /// (`HTTPClientError`, or `CancellationError` when the calling task is cancelled).
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}
