import CCurl
import CCurlShims
import Foundation

/// The epoll set and the timer that libcurl's multi-socket interface drives: libcurl says which
/// sockets to watch (`CURLMOPT_SOCKETFUNCTION`) and when it next needs a timeout call
/// (`CURLMOPT_TIMERFUNCTION`); the I/O thread waits here and tells libcurl only what happened.
///
/// This is what keeps a wake-up O(1) however many transfers are open: `curl_multi_perform` with
/// `curl_multi_poll` walks every transfer and every socket on every wake-up, which with hundreds
/// of runs polling Usetrace at once cost more than the transfers themselves.
///
/// Owns the epoll descriptor and an eventfd (for `wakeUp()`), both closed in `deinit`.
/// `@unchecked Sendable` because `wakeUp()` is called from any thread: it only writes to the
/// eventfd, which stays open as long as this object lives, and the loop stops calling it (under
/// its lock) before the object goes. Everything else runs on the I/O thread, inside libcurl's
/// callbacks or between libcurl calls.
final class CurlSocketWatcher: @unchecked Sendable {
    /// A socket libcurl has work for, and what it is ready for (`CURL_CSELECT_*`).
    struct Readiness {
        let socket: curl_socket_t
        let flags: Int32
    }

    private let epoll: Int32
    private let wakeUpEvent: Int32
    /// The sockets registered with epoll now (for ADD against MOD).
    private var watched: Set<Int32> = []
    /// When libcurl wants its timeout call (monotonic nanoseconds); nil when it wants none.
    private var timerDeadline: UInt64?
    /// `wait`'s buffers for epoll's answer, kept to spare an allocation a wake-up.
    private var readyDescriptors = [Int32](repeating: 0, count: 64)
    private var readyEvents = [UInt32](repeating: 0, count: 64)

    /// A new watcher, or nil when the system refuses an epoll set or an eventfd.
    init?() {
        epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        wakeUpEvent = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        guard epoll >= 0, wakeUpEvent >= 0,
            orch_epoll_control(epoll, EPOLL_CTL_ADD, wakeUpEvent, EPOLLIN.rawValue) == 0
        else {
            if epoll >= 0 { close(epoll) }
            if wakeUpEvent >= 0 { close(wakeUpEvent) }
            return nil
        }
    }

    deinit {
        close(epoll)
        close(wakeUpEvent)
    }

    /// Makes a `wait` in progress (or the next one) return at once. Any thread.
    func wakeUp() {
        var one: UInt64 = 1
        _ = write(wakeUpEvent, &one, MemoryLayout<UInt64>.size)
    }

    /// Installs this watcher's callbacks on the multi handle `multi`; whether libcurl took them
    /// all (without them no transfer would ever move, or time out).
    func install(on multi: UnsafeMutableRawPointer) -> Bool {
        let me = Unmanaged.passUnretained(self).toOpaque()
        return [
            orch_curl_multi_setopt_socket_callback(multi, Self.socketCallback),
            orch_curl_multi_setopt_pointer(multi, CURLMOPT_SOCKETDATA, me),
            orch_curl_multi_setopt_timer_callback(multi, Self.timerCallback),
            orch_curl_multi_setopt_pointer(multi, CURLMOPT_TIMERDATA, me),
        ].allSatisfy { $0 == CURLM_OK }
    }

    /// Whether libcurl's timer is due (it then needs a `CURL_SOCKET_TIMEOUT` call); a due timer
    /// is cleared, as libcurl's timer is one-shot.
    func takeDueTimer() -> Bool {
        guard let deadline = timerDeadline, DispatchTime.now().uptimeNanoseconds >= deadline else { return false }
        timerDeadline = nil
        return true
    }

    /// Waits until a watched socket is ready, libcurl's timer is due, `wakeUp()` is called, or
    /// `maxMilliseconds` pass; the sockets that are ready (none on a timer or a wake-up).
    func wait(maxMilliseconds: Int32) -> [Readiness] {
        var timeout = maxMilliseconds
        if let timerDeadline {
            let now = DispatchTime.now().uptimeNanoseconds
            let left = timerDeadline > now ? (timerDeadline - now + 999_999) / 1_000_000 : 0
            timeout = Int32(min(UInt64(maxMilliseconds), left))
        }
        let count = orch_epoll_wait(epoll, &readyDescriptors, &readyEvents, 64, timeout)
        guard count > 0 else { return [] }  // timed out, or EINTR: the caller loops either way
        var ready: [Readiness] = []
        ready.reserveCapacity(Int(count))
        for i in 0..<Int(count) {
            let fd = readyDescriptors[i]
            let events = readyEvents[i]
            if fd == wakeUpEvent {
                var drained: UInt64 = 0
                _ = read(wakeUpEvent, &drained, MemoryLayout<UInt64>.size)
                continue
            }
            var flags: Int32 = 0
            if events & EPOLLIN.rawValue != 0 { flags |= CURL_CSELECT_IN }
            if events & EPOLLOUT.rawValue != 0 { flags |= CURL_CSELECT_OUT }
            if events & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0 { flags |= CURL_CSELECT_ERR }
            ready.append(Readiness(socket: fd, flags: flags))
        }
        return ready
    }

    /// libcurl's `what` for `socket`: watch it for input, output, both, or no longer.
    private func watch(_ socket: curl_socket_t, _ what: Int32) {
        if what == CURL_POLL_REMOVE {
            if watched.remove(socket) != nil {
                _ = orch_epoll_control(epoll, EPOLL_CTL_DEL, socket, 0)
            }
            return
        }
        var events: UInt32 = 0
        if what == CURL_POLL_IN || what == CURL_POLL_INOUT { events |= EPOLLIN.rawValue }
        if what == CURL_POLL_OUT || what == CURL_POLL_INOUT { events |= EPOLLOUT.rawValue }
        if watched.contains(socket) {
            if orch_epoll_control(epoll, EPOLL_CTL_MOD, socket, events) != 0 && errno == ENOENT {
                // libcurl closed and reopened the same descriptor number without a REMOVE.
                _ = orch_epoll_control(epoll, EPOLL_CTL_ADD, socket, events)
            }
        } else {
            watched.insert(socket)
            if orch_epoll_control(epoll, EPOLL_CTL_ADD, socket, events) != 0 && errno == EEXIST {
                _ = orch_epoll_control(epoll, EPOLL_CTL_MOD, socket, events)
            }
        }
    }

    /// libcurl's wish for its next timeout call: in `milliseconds`, or never when negative.
    private func setTimer(_ milliseconds: Int) {
        timerDeadline =
            milliseconds < 0 ? nil : DispatchTime.now().uptimeNanoseconds + UInt64(milliseconds) * 1_000_000
    }

    private static let socketCallback: curl_socket_callback = { _, socket, what, watcher, _ in
        guard let watcher else { return 0 }
        Unmanaged<CurlSocketWatcher>.fromOpaque(watcher).takeUnretainedValue().watch(socket, what)
        return 0
    }

    private static let timerCallback: curl_multi_timer_callback = { _, milliseconds, watcher in
        guard let watcher else { return 0 }
        Unmanaged<CurlSocketWatcher>.fromOpaque(watcher).takeUnretainedValue().setTimer(milliseconds)
        return 0
    }
}
