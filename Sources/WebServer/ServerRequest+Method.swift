extension ServerRequest {
    /// An HTTP request method, as the client sent it (`GET`, `POST`, ...).
    public struct Method: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The method's name, exactly as it appeared on the request line.
        public let rawValue: String

        /// A method named `rawValue`.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The method's name.
        public var description: String { rawValue }

        public static let get = Method(rawValue: "GET")
        public static let head = Method(rawValue: "HEAD")
        public static let post = Method(rawValue: "POST")
        public static let put = Method(rawValue: "PUT")
        public static let patch = Method(rawValue: "PATCH")
        public static let delete = Method(rawValue: "DELETE")
        public static let options = Method(rawValue: "OPTIONS")
    }
}
