import Foundation

extension WebServer {
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
        /// The most connections open at once; more are refused at accept. Shared out evenly among the threads.
        public var maxConnections: Int
        /// Worker threads, each polling its own connections with epoll and running handlers for them.
        public var threadCount: Int

        /// A configuration; every argument has a sensible default for a service.
        public init(
            host: String = "0.0.0.0", port: Int = 0, maxBodyBytes: Int = 1 << 20,
            connectionTimeout: Duration = .seconds(30), maxConnections: Int = 1000,
            threadCount: Int = ProcessInfo.processInfo.activeProcessorCount
        ) {
            self.host = host
            self.port = port
            self.maxBodyBytes = maxBodyBytes
            self.connectionTimeout = connectionTimeout
            self.maxConnections = maxConnections
            self.threadCount = threadCount
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
            if threadCount < 1 { return "threadCount must be at least 1" }
            if maxConnections < threadCount {
                return "maxConnections (\(maxConnections)) must be at least threadCount (\(threadCount))"
            }
            if connectionTimeout < .zero { return "connectionTimeout must not be negative" }
            return nil
        }
    }
}
