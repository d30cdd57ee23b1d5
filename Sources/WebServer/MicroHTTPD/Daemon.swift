import CMicroHTTPD
import CMicroHTTPDShims
import Glibc
import Synchronization

/// Owns one libmicrohttpd daemon: started on its own listening socket, quiesced, then stopped.
///
/// `@unchecked Sendable`: the daemon pointer is only passed to `MHD_quiesce_daemon` and
/// `MHD_stop_daemon`, which MHD allows from any thread, and `phase` (a `Mutex`) makes each of
/// them happen at most once, in that order.
final class Daemon: @unchecked Sendable {
    /// The port the listening socket is bound to (the real one when 0 was asked).
    let port: Int
    private let pointer: OpaquePointer
    /// Kept alive here because MHD holds it as an unretained callback context until stopped.
    private let context: ServerContext
    private let phase = Mutex(Phase.running)
    /// Closes the connections whose request is not read in time.
    private let sweeper: DeadlineSweeper
    /// Where MHD's log messages go; MHD holds it until stopped, so it is freed after that.
    private let messageSink: OpaquePointer

    private enum Phase { case running, quiesced, stopped }

    private init(pointer: OpaquePointer, port: Int, context: ServerContext, messageSink: OpaquePointer) {
        self.pointer = pointer
        self.port = port
        self.context = context
        self.messageSink = messageSink
        sweeper = DeadlineSweeper(context.deadlines) { [context] count in
            context.observer.notice(.deadlinePassed(connections: count))
        }
    }

    deinit {
        sweeper.stop()
        if phase.withLock({ $0 }) != .stopped { MHD_stop_daemon(pointer) }
        orch_mhd_message_sink_free(messageSink)
    }

    /// Binds the socket and starts MHD's internal polling thread (or thread pool) on it.
    static func start(_ configuration: WebServer.Configuration, context: ServerContext) throws -> Daemon {
        if let problem = configuration.problem() {
            throw WebServerError(.invalidConfiguration, "invalid web server configuration: \(problem)")
        }
        let host = configuration.host
        var errorNumber: Int32 = 0
        var resolveError: Int32 = 0
        let fd = orch_mhd_listen(host, UInt16(configuration.port), 511, &errorNumber, &resolveError)
        guard fd >= 0 else {
            throw listenError(
                host: host, port: configuration.port, errorNumber: errorNumber, resolveError: resolveError)
        }
        let port = Int(orch_mhd_socket_port(fd))
        let contextPointer = Unmanaged.passUnretained(context).toOpaque()
        guard let messageSink = orch_mhd_message_sink_create(Daemon.messageCallback, contextPointer) else {
            orch_mhd_close_socket(fd)
            throw WebServerError(.startFailed, "cannot start the web server on \(host):\(port): out of memory")
        }
        var options = [
            // First, as MHD asks, so that no message goes to MHD's own logger on stderr.
            orch_mhd_option_message_sink(messageSink),
            orch_mhd_option_listen_socket(fd),
            orch_mhd_option_uint(.CONNECTION_TIMEOUT, configuration.connectionTimeoutSeconds),
            orch_mhd_option_uint(.CONNECTION_LIMIT, UInt32(clamping: configuration.maxConnections)),
            orch_mhd_option_uint(.PER_IP_CONNECTION_LIMIT, UInt32(clamping: configuration.maxConnectionsPerIP)),
            orch_mhd_option_notify_connection(Daemon.connectionCallback, contextPointer),
            orch_mhd_option_uri_log(Daemon.uriLogCallback, contextPointer),
            orch_mhd_option_notify_completed(Daemon.completedCallback, contextPointer),
        ]
        // poll(2) on an internal thread (a pool of them with THREAD_POOL_SIZE), or on a thread of
        // each connection's own; ITC is what MHD_quiesce_daemon needs to wake the pollers when
        // the listening socket is taken away. Not epoll: libmicrohttpd 0.9.75's quiesce races
        // with an epoll pool thread taking the listening socket out of its epoll set itself
        // (daemon.c, MHD_quiesce_daemon's worker loop does not allow ENOENT as MHD_epoll does),
        // and aborts the process ("Failed to remove listen FD from epoll set"); it did so once in
        // a full test run. With poll, quiesce only signals each thread through its ITC.
        var flags = MHD_USE_ITC.rawValue | MHD_USE_ERROR_LOG.rawValue
        switch configuration.threading {
        case .perConnection:
            flags |= MHD_USE_THREAD_PER_CONNECTION.rawValue | MHD_USE_POLL_INTERNAL_THREAD.rawValue
        case .pool(let count):
            flags |= MHD_USE_POLL_INTERNAL_THREAD.rawValue
            if count > 1 { options.append(orch_mhd_option_uint(.THREAD_POOL_SIZE, UInt32(clamping: count))) }
        }
        options.append(orch_mhd_option_end())
        let started = options.withUnsafeBufferPointer {
            orch_mhd_start_daemon(flags, Daemon.accessCallback, contextPointer, $0.baseAddress)
        }
        guard let started else {
            orch_mhd_message_sink_free(messageSink)
            orch_mhd_close_socket(fd)
            throw WebServerError(.startFailed, "cannot start the web server on \(host):\(port): libmicrohttpd refused")
        }
        return Daemon(pointer: started, port: port, context: context, messageSink: messageSink)
    }

    /// Stops accepting connections and closes the listening socket; open connections carry on.
    func quiesce() {
        let proceed = phase.withLock { phase in
            guard phase == .running else { return false }
            phase = .quiesced
            return true
        }
        guard proceed else { return }
        let fd = MHD_quiesce_daemon(pointer)
        // After quiescing, the socket is ours to close (MHD will not close it).
        orch_mhd_close_socket(fd)
    }

    /// Closes every connection and joins MHD's threads (waits for handlers still running).
    func stop() {
        let proceed = phase.withLock { phase in
            guard phase != .stopped else { return false }
            phase = .stopped
            return true
        }
        guard proceed else { return }
        sweeper.stop()
        MHD_stop_daemon(pointer)
    }

    private static func listenError(
        host: String, port: Int, errorNumber: Int32, resolveError: Int32
    )
        -> WebServerError
    {
        let place = "\(host):\(port)"
        if resolveError != 0 {
            let reason = String(cString: gai_strerror(resolveError))
            return WebServerError(
                .addressUnavailable, "cannot listen on \(place): the host does not resolve (\(reason))")
        }
        let reason = String(cString: strerror(errorNumber))
        switch errorNumber {
        case EADDRINUSE:
            return WebServerError(.addressInUse, "cannot listen on \(place): the port is already in use")
        case EADDRNOTAVAIL:
            return WebServerError(
                .addressUnavailable, "cannot listen on \(place): the address is not one of this machine's (\(reason))")
        case EACCES, EPERM:
            return WebServerError(.permissionDenied, "cannot listen on \(place): permission denied")
        default:
            return WebServerError(.startFailed, "cannot listen on \(place): \(reason)")
        }
    }
}
