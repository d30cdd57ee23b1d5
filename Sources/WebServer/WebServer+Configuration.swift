import Foundation

extension WebServer {
    /// Which threads run the handlers.
    public enum Threading: Sendable, Equatable {
        /// A thread for each connection, for as long as it is open (at most `maxConnections`):
        /// a handler that waits (for the disk, say) holds up its own connection only.
        case perConnection
        /// A fixed pool of threads, each polling its share of the connections with poll(2) and
        /// running their handlers one at a time: a handler that waits holds up every other
        /// connection of its thread.
        case pool(Int)
    }

    /// Where the server listens and the limits it enforces on clients.
    public struct Configuration: Sendable, Equatable {
        /// The address to listen on: numeric IPv4/IPv6 or a host name (`0.0.0.0` = every IPv4 interface).
        public var host: String
        /// The TCP port; 0 lets the system pick a free one (read it back from `WebServer.port`).
        public var port: Int
        /// The largest request body accepted; a larger one is answered 413.
        public var maxBodyBytes: Int
        /// How long a connection may stay idle or half-sent before it is closed (whole seconds, at least 1).
        public var connectionTimeout: Duration
        /// How long a request may take to arrive in full: from the connection's opening (or, on a
        /// kept-alive connection, from its request line, or at the latest `connectionTimeout` after
        /// the previous answer) until its body is read. A connection past it is closed, however
        /// steadily it sends: this is what stops a client that dribbles bytes to hold a connection
        /// (the connection time-out only counts idleness).
        public var requestDeadline: Duration
        /// The most connections open at once; more are refused at accept.
        public var maxConnections: Int
        /// The most connections open at once from one client address (0: no limit); more are
        /// closed at accept. Behind a proxy every client has the proxy's address.
        public var maxConnectionsPerIP: Int
        /// Which threads run the handlers.
        public var threading: Threading

        /// A configuration; every argument has a sensible default for a service.
        public init(
            host: String = "0.0.0.0", port: Int = 0, maxBodyBytes: Int = 1 << 20,
            connectionTimeout: Duration = .seconds(30), requestDeadline: Duration = .seconds(10),
            maxConnections: Int = 1000, maxConnectionsPerIP: Int = 256,
            threading: Threading = .pool(ProcessInfo.processInfo.activeProcessorCount)
        ) {
            self.host = host
            self.port = port
            self.maxBodyBytes = maxBodyBytes
            self.connectionTimeout = connectionTimeout
            self.requestDeadline = requestDeadline
            self.maxConnections = maxConnections
            self.maxConnectionsPerIP = maxConnectionsPerIP
            self.threading = threading
        }

        /// The connection time-out in whole seconds, rounded up (MHD counts seconds).
        var connectionTimeoutSeconds: UInt32 {
            let (seconds, attoseconds) = connectionTimeout.components
            let rounded = seconds + (attoseconds > 0 ? 1 : 0)
            return UInt32(clamping: max(1, rounded))
        }

        /// A problem that would stop the server from starting, or `nil`.
        func problem() -> String? {
            if !(0...65535).contains(port) { return "port \(port) is not between 0 and 65535" }
            if maxBodyBytes < 0 { return "maxBodyBytes must not be negative" }
            if case .pool(let count) = threading {
                if count < 1 { return "a thread pool needs at least 1 thread" }
                if maxConnections < count {
                    return "maxConnections (\(maxConnections)) must be at least the pool's threads (\(count))"
                }
            }
            if connectionTimeout < .zero { return "connectionTimeout must not be negative" }
            if requestDeadline <= .zero { return "requestDeadline must be positive" }
            if maxConnectionsPerIP < 0 { return "maxConnectionsPerIP must not be negative" }
            return nil
        }
    }
}
