import CCurl
import CCurlShims

/// The libcurl multi handle: runs many transfers at once and keeps their connections for reuse.
///
/// `@unchecked Sendable` because two threads touch it, safely: `wakeUp()` may be called from
/// any thread (libcurl documents `curl_multi_wakeup` as thread-safe) and is only called while the
/// handle is still registered in the loop's shared state, under its lock; every other call is
/// made on the client's I/O thread alone. It is freed after the I/O thread has finished with it.
final class CurlMultiHandle: @unchecked Sendable {
    private let raw: UnsafeMutableRawPointer

    /// A new multi handle, or nil when libcurl cannot make one.
    init?() {
        guard let raw = curl_multi_init() else { return nil }
        self.raw = raw
        // Keep idle connections for reuse, up to a bound (libcurl's default grows with the handle count).
        _ = orch_curl_multi_setopt_long(raw, CURLMOPT_MAXCONNECTS, 64)
    }

    deinit {
        curl_multi_cleanup(raw)
    }

    /// Makes a `poll` in progress (or the next one) return at once. Any thread.
    func wakeUp() {
        _ = curl_multi_wakeup(raw)
    }

    /// Adds a transfer; returns libcurl's error text when it refuses. I/O thread only.
    func add(_ easy: CurlEasyHandle) -> String? {
        let code = curl_multi_add_handle(raw, easy.raw)
        return code == CURLM_OK ? nil : String(cString: curl_multi_strerror(code))
    }

    /// Detaches a transfer (finished or abandoned); its connection stays in the cache. I/O thread only.
    func remove(_ easy: CurlEasyHandle) {
        _ = curl_multi_remove_handle(raw, easy.raw)
    }

    /// Moves every transfer forward as far as it can go without waiting. I/O thread only.
    func perform() {
        var running: Int32 = 0
        _ = curl_multi_perform(raw, &running)
    }

    /// The next finished transfer (its `CURL *` and result), if any. I/O thread only.
    func nextFinished() -> (easy: UnsafeMutableRawPointer, code: CURLcode)? {
        var easy: UnsafeMutableRawPointer?
        var code = CURLE_OK
        guard orch_curl_multi_next_done(raw, &easy, &code) == 1, let easy else { return nil }
        return (easy, code)
    }

    /// Waits until a socket is ready, libcurl's own timer is due, `wakeUp()` is called, or
    /// `milliseconds` pass. I/O thread only.
    func poll(milliseconds: Int32) {
        _ = curl_multi_poll(raw, nil, 0, milliseconds, nil)
    }
}
