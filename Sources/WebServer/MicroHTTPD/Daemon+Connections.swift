import CMicroHTTPD
import CMicroHTTPDShims

/// The connection notifications: each connection gets an `OpenConnection` for its request deadline.
///
/// Lifetimes: the `OpenConnection` is retained into the connection's socket context when MHD
/// tells of it (STARTED) and released when MHD tells it is closing (CLOSED, sent before MHD
/// closes the socket), after `RequestDeadlines.closed` has taken it out of the sweep's sight.
extension Daemon {
    /// MHD_OPTION_NOTIFY_CONNECTION's callback.
    static let connectionCallback: MHD_NotifyConnectionCallback = { cls, connection, socketContext, toe in
        guard let cls, let socketContext else { return }
        let context = Unmanaged<ServerContext>.fromOpaque(cls).takeUnretainedValue()
        switch toe {
        case .CONNECTION_NOTIFY_STARTED:
            guard let connection else { return }
            let fd = orch_mhd_connection_fd(connection)
            guard fd >= 0 else { return }
            socketContext.pointee = Unmanaged.passRetained(context.deadlines.opened(fd: fd)).toOpaque()
        case .CONNECTION_NOTIFY_CLOSED:
            guard let pointer = socketContext.pointee else { return }
            socketContext.pointee = nil
            context.deadlines.closed(Unmanaged<OpenConnection>.fromOpaque(pointer).takeRetainedValue())
        default:
            return
        }
    }

    /// The connection's `OpenConnection`, if MHD told of it.
    static func openConnection(_ connection: OpaquePointer) -> OpenConnection? {
        orch_mhd_socket_context(connection).map { Unmanaged<OpenConnection>.fromOpaque($0).takeUnretainedValue() }
    }
}
