import Foundation
import Synchronization

/// An HTTP/1.1 server over libmicrohttpd that calls one handler for every request.
///
/// The handler runs synchronously on MHD's threads (`Configuration.threading`: a thread for
/// each connection, or a pool each polling its share with poll(2)), once the whole body has been
/// read. In a pool, the other connections of a thread wait while its handler runs, so keep it
/// short: work that should happen after answering (starting a build, advancing a run) is handed
/// elsewhere, e.g. `Task { await executor.advance(run) }` or a `DispatchQueue`.
///
/// Lifecycle: `init` → `start()` → `stop(grace:)`. A server is started at most once.
public final class WebServer: Sendable {
    /// The configuration the server was made with.
    public let configuration: Configuration
    private let context: ServerContext
    private let phase = Mutex(Phase.idle)

    private enum Phase {
        case idle
        case running(Daemon)
        case stopping(Daemon)
        case stopped
    }

    /// A server that will answer every request with `handler` and tell `observer` of each answer;
    /// nothing listens until `start()`.
    public init(
        configuration: Configuration = Configuration(), observer: Observer = Observer(),
        handler: @escaping @Sendable (ServerRequest) -> ServerResponse
    ) {
        self.configuration = configuration
        self.context = ServerContext(
            handler: handler, maxBodyBytes: configuration.maxBodyBytes,
            deadlines: RequestDeadlines(
                deadline: configuration.requestDeadline, idleAllowance: configuration.connectionTimeout),
            observer: observer, idPrefix: String(UInt32.random(in: 0...UInt32.max), radix: 36))
    }

    /// Binds the host and port and starts serving; throws `WebServerError` (e.g. the port is taken).
    public func start() throws {
        try phase.withLock { phase in
            guard case .idle = phase else {
                throw WebServerError(.notStartable, "the web server was already started")
            }
            phase = .running(try Daemon.start(configuration, context: context))
        }
    }

    /// The bound port (the real one when port 0 was asked); 0 before `start()` and after `stop`.
    public var port: Int {
        phase.withLock { phase in
            switch phase {
            case .running(let daemon), .stopping(let daemon): return daemon.port
            case .idle, .stopped: return 0
            }
        }
    }

    /// Whether the server has started and not yet begun stopping.
    public var isRunning: Bool {
        phase.withLock { phase in
            if case .running = phase { return true }
            return false
        }
    }

    /// Requests whose request line was read and whose answer is not yet fully sent.
    public var requestsInFlight: Int {
        context.requestsInFlight.load(ordering: .acquiring)
    }

    /// Stops gracefully, blocking the calling thread: stop accepting, let requests in flight finish
    /// and answer (for up to `grace`), then close every connection.
    ///
    /// Call it from a thread of your own (e.g. the main thread after a signal), not from a Swift
    /// concurrency task: there, use the `async` overload. Returns at once if the server is not running.
    public func stop(grace: Duration = .seconds(10)) {
        guard let daemon = beginStopping() else { return }
        let deadline = ContinuousClock.now + grace
        while requestsInFlight > 0 && ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.002)
        }
        daemon.stop()
        finishStopping()
    }

    /// Stops gracefully without blocking a concurrency thread: stop accepting, let requests in
    /// flight finish and answer (for up to `grace`, or until the task is cancelled), then close
    /// every connection.
    public func stop(grace: Duration = .seconds(10)) async {
        guard let daemon = beginStopping() else { return }
        let deadline = ContinuousClock.now + grace
        while requestsInFlight > 0 && ContinuousClock.now < deadline && !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(2))
        }
        // MHD_stop_daemon joins MHD's threads, which can wait for a handler still running:
        // do that blocking call on a thread of its own.
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread {
                daemon.stop()
                continuation.resume()
            }.start()
        }
        finishStopping()
    }

    /// Quiesces the daemon and marks the server stopping; `nil` if it was not running.
    private func beginStopping() -> Daemon? {
        let daemon = phase.withLock { phase -> Daemon? in
            guard case .running(let daemon) = phase else { return nil }
            phase = .stopping(daemon)
            return daemon
        }
        guard let daemon else { return nil }
        context.stopping.store(true, ordering: .relaxed)
        daemon.quiesce()
        return daemon
    }

    private func finishStopping() {
        phase.withLock { $0 = .stopped }
    }
}
