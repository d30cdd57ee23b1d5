import CCurl
import CCurlShims

/// One libcurl easy handle (one transfer) and all the memory libcurl points into while it runs.
///
/// Confined to the client's I/O thread: created, run and freed there only.
final class CurlEasyHandle {
    /// The `CURL *`; freed in `deinit`.
    let raw: UnsafeMutableRawPointer
    /// Which `send` call this transfer answers (for cancellation).
    let requestID: UInt64

    private let method: HTTPMethod
    private let redactedURL: String
    private let maxBodyBytes: Int
    /// The caller waiting for this transfer; taken (set to nil) when resumed, so it is resumed once.
    private var continuation: CheckedContinuation<HTTPResponse, any Error>?
    /// `CURLOPT_ERRORBUFFER`: libcurl writes into it until `curl_easy_cleanup`, so it is ours to keep until then.
    private let errorBuffer: UnsafeMutablePointer<CChar>
    /// `CURLOPT_HTTPHEADER`: libcurl reads it during the transfer; freed after `curl_easy_cleanup`.
    private var headerList: UnsafeMutablePointer<curl_slist>?

    private var responseHeaders = HTTPHeaders()
    private var responseBody: [UInt8] = []
    private var bodyOverLimit = false

    /// A fresh easy handle for the request, or nil when libcurl cannot make one.
    init?(
        requestID: UInt64, request: HTTPRequest, continuation: CheckedContinuation<HTTPResponse, any Error>
    ) {
        guard let raw = curl_easy_init() else { return nil }
        self.raw = raw
        self.requestID = requestID
        self.method = request.method
        self.redactedURL = request.redactedURL
        self.maxBodyBytes = request.maxResponseBodyBytes
        self.continuation = continuation
        let size = orch_curl_error_size()
        errorBuffer = .allocate(capacity: size)
        errorBuffer.initialize(repeating: 0, count: size)
    }

    deinit {
        // Order matters: libcurl may touch the error buffer and header list until cleanup.
        curl_easy_cleanup(raw)
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    /// Sets every option the request needs; throws `.invalidRequest` when libcurl refuses one.
    func configure(for request: HTTPRequest) throws(HTTPClientError) {
        for field in request.headers {
            if containsLineBreak(field.name) || containsLineBreak(field.value) || field.name.isEmpty {
                throw HTTPClientError(
                    kind: .invalidRequest, message: "\(request): header \(field.name.debugDescription) is malformed")
            }
        }
        try set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
        try set(CURLOPT_URL, string: request.url)
        try set(CURLOPT_PROTOCOLS_STR, string: "http,https")
        // Signals cannot be used for time-outs with threads (and libcurl must not touch SIGPIPE handlers).
        try set(CURLOPT_NOSIGNAL, long: 1)
        try set(CURLOPT_CONNECTTIMEOUT_MS, long: Self.milliseconds(min(request.connectTimeout, request.timeout)))
        try set(CURLOPT_TIMEOUT_MS, long: Self.milliseconds(request.timeout))

        switch request.method {
        case .get where request.body == nil:
            try set(CURLOPT_HTTPGET, long: 1)
        case .head:
            try set(CURLOPT_NOBODY, long: 1)
        case .post:
            try set(CURLOPT_POST, long: 1)
            try setBody(request.body ?? [])
        default:
            try set(CURLOPT_CUSTOMREQUEST, string: request.method.rawValue)
            if let body = request.body { try setBody(body) }
        }

        var lines = request.headers.map { field in
            // `Name;` is libcurl's way to send a header with an empty value; `Name:` would remove it.
            field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)"
        }
        // libcurl would otherwise add `Expect: 100-continue` to large bodies and wait for an answer to it.
        if !request.headers.contains("Expect") { lines.append("Expect:") }
        for line in lines {
            guard let list = curl_slist_append(headerList, line) else {
                throw HTTPClientError(kind: .invalidRequest, message: "\(request): out of memory for headers")
            }
            headerList = list
        }
        try set(CURLOPT_HTTPHEADER, list: headerList)

        // Callback context: `self`, unretained. The pointer is only used inside libcurl's callbacks,
        // which run during `curl_multi_perform` while this object is alive (it owns `raw`, and the
        // I/O thread's table of active transfers holds it); `deinit` frees `raw` first, after which
        // no callback can run.
        let context = Unmanaged.passUnretained(self).toOpaque()
        try set(
            CURLOPT_WRITEFUNCTION,
            callback: { data, size, count, context in
                guard let context else { return 0 }
                let handle = Unmanaged<CurlEasyHandle>.fromOpaque(context).takeUnretainedValue()
                return handle.receiveBody(data, size * count)
            })
        try set(CURLOPT_WRITEDATA, pointer: context)
        try set(
            CURLOPT_HEADERFUNCTION,
            callback: { data, size, count, context in
                guard let context else { return 0 }
                let handle = Unmanaged<CurlEasyHandle>.fromOpaque(context).takeUnretainedValue()
                return handle.receiveHeaderLine(data, size * count)
            })
        try set(CURLOPT_HEADERDATA, pointer: context)
    }

    /// Resumes the waiting caller with the outcome of a finished transfer (`code` from libcurl).
    func complete(with code: CURLcode) {
        guard code == CURLE_OK else {
            finish(.failure(error(for: code)))
            return
        }
        var status = 0
        _ = orch_curl_easy_getinfo_long(raw, CURLINFO_RESPONSE_CODE, &status)
        finish(.success(HTTPResponse(status: status, headers: responseHeaders, body: responseBody)))
    }

    /// Resumes the waiting caller with an error (cancellation, shutdown), unless already resumed.
    func fail(_ error: any Error) {
        finish(.failure(error))
    }

    private func finish(_ result: Result<HTTPResponse, any Error>) {
        guard let continuation else { return }
        self.continuation = nil
        continuation.resume(with: result)
    }

    private func error(for code: CURLcode) -> HTTPClientError {
        let detail: String
        if bodyOverLimit {
            detail = "response body over the limit of \(maxBodyBytes) bytes"
        } else if errorBuffer.pointee != 0 {
            detail = String(cString: errorBuffer)
        } else {
            detail = String(cString: curl_easy_strerror(code))
        }
        let kind: HTTPClientError.Kind
        switch code {
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            kind = .connectFailure
        case CURLE_OPERATION_TIMEDOUT:
            kind = .timeout
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            kind = .invalidRequest
        default:
            kind = .transport
        }
        // libcurl's messages name hosts and ports, not URLs; whatever they hold, the query
        // cannot appear because only the redacted URL is added and `key=` values are masked.
        return HTTPClientError(
            kind: kind, curlCode: Int(code.rawValue), message: "\(method) \(redactedURL): \(detail)")
    }

    private func receiveBody(_ data: UnsafeMutablePointer<CChar>?, _ count: Int) -> Int {
        guard let data, count > 0 else { return count }
        guard responseBody.count + count <= maxBodyBytes else {
            bodyOverLimit = true
            return 0  // a short count makes libcurl stop with CURLE_WRITE_ERROR
        }
        data.withMemoryRebound(to: UInt8.self, capacity: count) {
            responseBody.append(contentsOf: UnsafeBufferPointer(start: $0, count: count))
        }
        return count
    }

    private func receiveHeaderLine(_ data: UnsafeMutablePointer<CChar>?, _ count: Int) -> Int {
        guard let data, count > 0 else { return count }
        let line = data.withMemoryRebound(to: UInt8.self, capacity: count) {
            String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self)
        }
        if line.hasPrefix("HTTP/") {
            // A new status line: an interim (1xx) or redirect response ended; keep only the last one's fields.
            responseHeaders = HTTPHeaders()
        } else if let colon = line.firstIndex(of: ":") {
            let name = line[..<colon].trimmingWhiteSpace()
            let value = line[line.index(after: colon)...].trimmingWhiteSpace()
            if !name.isEmpty { responseHeaders.append(name: name, value: value) }
        }
        return count
    }

    private func containsLineBreak(_ text: String) -> Bool {
        text.utf8.contains { $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\n") || $0 == 0 }
    }

    private func setBody(_ body: [UInt8]) throws(HTTPClientError) {
        // The size first: COPYPOSTFIELDS copies that many bytes (so a body may hold NUL bytes).
        try set(CURLOPT_POSTFIELDSIZE_LARGE, offset: curl_off_t(body.count))
        // libcurl copies the bytes during the call (unlike plain POSTFIELDS), so no pointer outlives it.
        let code = body.withUnsafeBytes { bytes -> CURLcode in
            guard let base = bytes.baseAddress else {
                return orch_curl_easy_setopt_string(raw, CURLOPT_COPYPOSTFIELDS, "")
            }
            return orch_curl_easy_setopt_string(raw, CURLOPT_COPYPOSTFIELDS, base.assumingMemoryBound(to: CChar.self))
        }
        try check(code, CURLOPT_COPYPOSTFIELDS)
    }

    private func set(_ option: CURLoption, long value: Int) throws(HTTPClientError) {
        try check(orch_curl_easy_setopt_long(raw, option, value), option)
    }

    private func set(_ option: CURLoption, offset value: curl_off_t) throws(HTTPClientError) {
        try check(orch_curl_easy_setopt_off_t(raw, option, value), option)
    }

    private func set(_ option: CURLoption, string value: String) throws(HTTPClientError) {
        // libcurl copies string options (CURLOPT_URL and the rest used here) during the call.
        try check(orch_curl_easy_setopt_string(raw, option, value), option)
    }

    private func set(_ option: CURLoption, pointer value: UnsafeMutableRawPointer) throws(HTTPClientError) {
        try check(orch_curl_easy_setopt_pointer(raw, option, value), option)
    }

    private func set(_ option: CURLoption, list: UnsafeMutablePointer<curl_slist>?) throws(HTTPClientError) {
        try check(orch_curl_easy_setopt_slist(raw, option, list), option)
    }

    private func set(_ option: CURLoption, callback: curl_write_callback) throws(HTTPClientError) {
        try check(orch_curl_easy_setopt_write_callback(raw, option, callback), option)
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws(HTTPClientError) {
        guard code != CURLE_OK else { return }
        let kind: HTTPClientError.Kind = code == CURLE_OUT_OF_MEMORY ? .transport : .invalidRequest
        throw HTTPClientError(
            kind: kind, curlCode: Int(code.rawValue),
            message: "\(method) \(redactedURL): libcurl refused option \(option.rawValue): "
                + String(cString: curl_easy_strerror(code)))
    }

    /// libcurl takes milliseconds; 0 would mean "no limit", so the least is 1.
    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        let ms = seconds.multipliedReportingOverflow(by: 1000)
        guard !ms.overflow else { return Int.max }
        return max(1, Int(ms.partialValue + attoseconds / 1_000_000_000_000_000))
    }
}

extension StringProtocol {
    /// The text without leading and trailing white space (`"\r\n"` is one `Character`, also white space).
    fileprivate func trimmingWhiteSpace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace })
        else {
            return ""
        }
        return String(self[first...last])
    }
}
