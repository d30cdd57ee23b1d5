/// One request while MHD reads it: what the first callback learned, and the body read so far.
///
/// Confined to the MHD worker thread that owns the connection (every callback of one
/// connection runs on that thread), so it needs no lock.
final class RequestState {
    /// The request id.
    let id: String
    /// The request target exactly as sent (from MHD's URI log callback, before MHD decodes it).
    let target: String
    /// The connection it arrives on, for its deadline (`nil` if MHD did not tell of the connection).
    let connection: OpenConnection?
    /// When the request line arrived.
    let started = ContinuousClock.now
    /// Whether the first access-handler call (headers only) has happened.
    var headersRead = false
    var method = ServerRequest.Method.get
    var headers = HTTPFields()
    var remoteAddress: String?
    /// Body bytes so far.
    var body: [UInt8] = []
    /// Set when the body grew past the limit; later bytes are dropped and the answer is 413.
    var bodyTooLarge = false
    /// Bytes dropped after `bodyTooLarge` was set.
    var droppedBytes = 0

    init(id: String, target: String, connection: OpenConnection?) {
        self.id = id
        self.target = target
        self.connection = connection
    }

    /// Appends a piece of body, unless the limit is passed; returns false once it is.
    func appendBody(_ piece: UnsafeRawBufferPointer, limit: Int) -> Bool {
        if bodyTooLarge {
            droppedBytes += piece.count
            return false
        }
        if body.count + piece.count > limit {
            bodyTooLarge = true
            droppedBytes = body.count + piece.count
            body = []
            return false
        }
        body.append(contentsOf: piece)
        return true
    }

    /// The request as the handler sees it.
    func request() -> ServerRequest {
        ServerRequest(
            method: method, target: target, headers: headers, body: body, id: id, remoteAddress: remoteAddress)
    }
}
