extension WebServer {
    /// What the server tells whoever runs it, besides answering: each answered request (its
    /// refusals too, which never reach the handler) and its notices. Called on the server's
    /// threads: keep it short.
    public struct Observer: Sendable {
        /// Something the server noticed that no answer shows.
        public enum Notice: Sendable, Equatable {
            /// A message of libmicrohttpd's own log, e.g. a malformed request it answered itself
            /// (it names the status and its fixed page, never request bytes).
            case library(String)
            /// This many connections were closed because their request had not arrived whole
            /// within `Configuration.requestDeadline`.
            case deadlinePassed(connections: Int)
        }

        /// Told of every answered request, once its answer is queued.
        public var answered: @Sendable (AnsweredRequest) -> Void
        /// Told of each notice.
        public var notice: @Sendable (Notice) -> Void

        /// An observer; by default it ignores everything.
        public init(
            answered: @escaping @Sendable (AnsweredRequest) -> Void = { _ in },
            notice: @escaping @Sendable (Notice) -> Void = { _ in }
        ) {
            self.answered = answered
            self.notice = notice
        }
    }
}
