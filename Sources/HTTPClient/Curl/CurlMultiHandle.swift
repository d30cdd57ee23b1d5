import CCurl
import CCurlShims

/// The libcurl multi handle: runs many transfers at once and keeps their connections for reuse,
/// driven through its multi-socket interface by the `CurlSocketWatcher` it owns.
///
/// `@unchecked Sendable` because two threads touch it, safely: `wakeUp()` may be called from
/// any thread (it only signals the watcher's eventfd) and is only called while the handle is
/// still registered in the loop's shared state, under its lock; every other call is made on the
/// client's I/O thread alone. It is freed after the I/O thread has finished with it.
final class CurlMultiHandle: @unchecked Sendable {
    private let raw: UnsafeMutableRawPointer
    /// The epoll set and timer libcurl's callbacks point at; outlives `curl_multi_cleanup`, which
    /// may still call them (stored properties are released after `deinit`'s body).
    private let watcher: CurlSocketWatcher

    /// A new multi handle, or nil when libcurl cannot make one (or take the watcher's callbacks)
    /// or the system refuses an epoll set.
    init?() {
        guard let watcher = CurlSocketWatcher() else { return nil }
        guard let raw = curl_multi_init() else { return nil }
        guard watcher.install(on: raw) else {
            curl_multi_cleanup(raw)
            return nil
        }
        self.raw = raw
        self.watcher = watcher
        // Keep idle connections for reuse, up to a bound (libcurl's default grows with the handle
        // count). Hundreds of runs poll Usetrace at once; a connection closed for want of room
        // costs a new TCP (and TLS) handshake on the next call.
        _ = orch_curl_multi_setopt_long(raw, CURLMOPT_MAXCONNECTS, 256)
    }

    deinit {
        curl_multi_cleanup(raw)
    }

    /// Makes a `wait` in progress (or the next one) return at once. Any thread.
    func wakeUp() {
        watcher.wakeUp()
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

    /// Waits until a socket is ready, libcurl's timer is due, `wakeUp()` is called, or
    /// `maxMilliseconds` pass, then moves forward the transfers that can move. I/O thread only.
    func waitAndAct(maxMilliseconds: Int32) {
        var running: Int32 = 0
        for ready in watcher.wait(maxMilliseconds: maxMilliseconds) {
            _ = curl_multi_socket_action(raw, ready.socket, ready.flags, &running)
        }
        actOnTimer()
    }

    /// Gives libcurl its timeout call if its timer is due (a new transfer asks for one at once).
    /// The timer is one-shot: taken before the call, set again by libcurl if it wants another.
    /// A few rounds at most, so a timer libcurl keeps at zero cannot hold the loop. I/O thread only.
    func actOnTimer() {
        var running: Int32 = 0
        for _ in 0..<8 where watcher.takeDueTimer() {
            // CURL_SOCKET_TIMEOUT (CURL_SOCKET_BAD, -1): libcurl's timed work, not a socket's.
            _ = curl_multi_socket_action(raw, -1, 0, &running)
        }
    }

    /// The next finished transfer (its `CURL *` and result), if any. I/O thread only.
    func nextFinished() -> (easy: UnsafeMutableRawPointer, code: CURLcode)? {
        var easy: UnsafeMutableRawPointer?
        var code = CURLE_OK
        guard orch_curl_multi_next_done(raw, &easy, &code) == 1, let easy else { return nil }
        return (easy, code)
    }
}
