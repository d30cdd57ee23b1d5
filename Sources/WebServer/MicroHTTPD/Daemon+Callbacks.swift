import CMicroHTTPD
import CMicroHTTPDShims

/// The C callbacks MHD calls, and what they do with a request.
///
/// Lifetimes: the `ServerContext` pointer is unretained (the `Daemon` keeps the context alive
/// until MHD is stopped). A `RequestState` is retained into `*con_cls` by the URI log callback,
/// which MHD calls once per request before anything else, and released by the request-completed
/// callback, which MHD calls for every request the URI log callback saw (answered or not).
extension Daemon {
    /// Called with the raw request target; the state it returns becomes the request's `*con_cls`.
    static let uriLogCallback: orch_mhd_uri_log_callback = { cls, uri, connection in
        guard let cls else { return nil }
        let context = Unmanaged<ServerContext>.fromOpaque(cls).takeUnretainedValue()
        let target = uri.map { String(cString: $0) } ?? "/"
        let open = connection.flatMap(openConnection)
        if let open { context.deadlines.requestBegan(on: open) }
        context.requestsInFlight.add(1, ordering: .relaxed)
        let state = RequestState(id: context.nextRequestID(), target: target, connection: open)
        return Unmanaged.passRetained(state).toOpaque()
    }

    /// Releases the request's state once MHD is done with it (answer sent, or connection lost).
    static let completedCallback: MHD_RequestCompletedCallback = { cls, _, conCls, _ in
        guard let cls, let conCls, let pointer = conCls.pointee else { return }
        conCls.pointee = nil
        let state = Unmanaged<RequestState>.fromOpaque(pointer).takeRetainedValue()
        let context = Unmanaged<ServerContext>.fromOpaque(cls).takeUnretainedValue()
        if let open = state.connection { context.deadlines.requestCompleted(on: open) }
        context.requestsInFlight.subtract(1, ordering: .releasing)
    }

    /// MHD's access handler: called once with the headers, once per piece of body, once at the end.
    static let accessCallback: MHD_AccessHandlerCallback = {
        cls, connection, url, method, _, uploadData, uploadDataSize, conCls in
        guard let cls, let connection, let uploadDataSize, let conCls else { return .NO }
        let context = Unmanaged<ServerContext>.fromOpaque(cls).takeUnretainedValue()
        let state: RequestState
        if let pointer = conCls.pointee {
            state = Unmanaged<RequestState>.fromOpaque(pointer).takeUnretainedValue()
        } else {
            // The URI log callback always runs first; this only keeps a broken assumption from crashing.
            state = RequestState(
                id: context.nextRequestID(), target: url.map { String(cString: $0) } ?? "/",
                connection: openConnection(connection))
            context.requestsInFlight.add(1, ordering: .relaxed)
            conCls.pointee = Unmanaged.passRetained(state).toOpaque()
        }
        return handle(
            state, context: context, connection: connection, method: method, uploadData: uploadData,
            uploadDataSize: uploadDataSize)
    }

    /// Bytes of an over-limit body read and dropped before the connection is simply closed.
    static func dropAllowance(_ context: ServerContext) -> Int {
        max(context.maxBodyBytes * 4, 4 << 20)
    }

    private static func handle(
        _ state: RequestState, context: ServerContext, connection: OpaquePointer, method: UnsafePointer<CChar>?,
        uploadData: UnsafePointer<CChar>?, uploadDataSize: UnsafeMutablePointer<Int>
    ) -> MHD_Result {
        if !state.headersRead {
            state.headersRead = true
            state.method = ServerRequest.Method(rawValue: method.map { String(cString: $0) } ?? "GET")
            state.headers = headers(of: connection)
            state.remoteAddress = clientAddress(of: connection)
            if let declared = state.headers["Content-Length"].flatMap({ Int($0.trimmingSpaces) }),
                declared > context.maxBodyBytes
            {
                state.bodyTooLarge = true
                // Answering on the first call makes MHD skip the body and close the connection
                // after the answer: right for a client waiting for `100 Continue` (it sends no
                // body) and for a body too large to be worth reading. Any other client is sending
                // the body already, and closing under it can reset the connection before it reads
                // the answer, so a body within the drop allowance is read, dropped, and answered.
                let waitsForContinue = state.headers["Expect"]?.lowercased() == "100-continue"
                if waitsForContinue || declared > dropAllowance(context) {
                    if let open = state.connection { context.deadlines.requestRead(on: open) }
                    return refuseTooLarge(state, context: context, connection: connection)
                }
            }
            // Not answering yet: an answer queued on the first call would end keep-alive.
            return .YES
        }
        let size = uploadDataSize.pointee
        if size > 0 {
            if let uploadData {
                _ = state.appendBody(
                    UnsafeRawBufferPointer(start: uploadData, count: size), limit: context.maxBodyBytes)
            }
            uploadDataSize.pointee = 0
            // MHD takes no answer until the body is read, so an over-limit body is read and
            // dropped; past a generous allowance the connection is closed without one.
            if state.bodyTooLarge && state.droppedBytes > dropAllowance(context) { return .NO }
            return .YES
        }
        // The body is whole: the deadline has been met, whatever the handler then takes.
        if let open = state.connection { context.deadlines.requestRead(on: open) }
        if state.bodyTooLarge { return refuseTooLarge(state, context: context, connection: connection) }
        let response = context.handler(state.request())
        let result = queue(response, on: connection, closing: context.stopping.load(ordering: .relaxed))
        report(state, status: response.status, refusal: nil, context: context)
        return result
    }

    private static func refuseTooLarge(
        _ state: RequestState, context: ServerContext, connection: OpaquePointer
    ) -> MHD_Result {
        let response = tooLarge(context)
        let result = queue(response, on: connection, closing: true)
        report(state, status: response.status, refusal: .bodyTooLarge, context: context)
        return result
    }

    /// Tells the observer of an answer.
    private static func report(
        _ state: RequestState, status: Int, refusal: AnsweredRequest.Refusal?, context: ServerContext
    ) {
        context.observer.answered(
            AnsweredRequest(
                id: state.id, method: state.method, target: state.target,
                status: (100...599).contains(status) ? status : 500, duration: ContinuousClock.now - state.started,
                refusal: refusal))
    }

    private static func tooLarge(_ context: ServerContext) -> ServerResponse {
        // The error shape of orch's HTTP contract (interfaces.md, "HTTP"), which every JSON client expects.
        .json(
            #"{"error":{"code":"body_too_large","message":"the request body is larger than \#(context.maxBodyBytes) bytes","details":[]}}"#,
            status: 413)
    }

    /// Sends `response`: MHD copies the body, computes Content-Length, and omits the body for HEAD.
    private static func queue(_ response: ServerResponse, on connection: OpaquePointer, closing: Bool) -> MHD_Result {
        let status = (100...599).contains(response.status) ? response.status : 500
        let handle = response.body.withUnsafeBytes {
            MHD_create_response_from_buffer(
                $0.count, UnsafeMutableRawPointer(mutating: $0.baseAddress), .RESPMEM_MUST_COPY)
        }
        guard let handle else { return .NO }
        defer { MHD_destroy_response(handle) }
        for field in response.headers where !HTTPFields.sameName(field.name, "Content-Length") {
            // MHD refuses names or values holding CR, LF or (in names) ':'; such a field is dropped.
            _ = MHD_add_response_header(handle, field.name, field.value)
        }
        if closing && !response.headers.contains("Connection") {
            _ = MHD_add_response_header(handle, "Connection", "close")
        }
        return MHD_queue_response(connection, UInt32(status), handle)
    }

    private static func headers(of connection: OpaquePointer) -> HTTPFields {
        let collected = HeaderCollector()
        _ = MHD_get_connection_values(
            connection, .HEADER_KIND,
            { cls, _, key, value in
                guard let cls, let key else { return .YES }
                let collected = Unmanaged<HeaderCollector>.fromOpaque(cls).takeUnretainedValue()
                collected.headers.append(name: String(cString: key), value: value.map { String(cString: $0) } ?? "")
                return .YES
            }, Unmanaged.passUnretained(collected).toOpaque())
        return collected.headers
    }

    private static func clientAddress(of connection: OpaquePointer) -> String? {
        var buffer = [CChar](repeating: 0, count: 64)
        let rc = buffer.withUnsafeMutableBufferPointer { orch_mhd_client_address(connection, $0.baseAddress, $0.count) }
        guard rc == 0 else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// Receives header fields from `MHD_get_connection_values`, during that call only.
private final class HeaderCollector {
    var headers = HTTPFields()
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    fileprivate var trimmingSpaces: Substring {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = firstIndex(where: { !isBlank($0) }), let end = lastIndex(where: { !isBlank($0) }) else {
            return ""
        }
        return self[start...end]
    }
}
