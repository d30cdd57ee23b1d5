/// Why the executor could not drive a run, with the context to say so.
public struct ExecutorError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, to branch on.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Code: String, Sendable {
            case unknownRun, unknownPlan, alreadyDriven
        }

        private let code: Code

        private init(_ code: Code) { self.code = code }

        /// No run has the id.
        public static let unknownRun = Kind(.unknownRun)
        /// The run's compiled plan is not in the store.
        public static let unknownPlan = Kind(.unknownPlan)
        /// `run()` was called twice on one driver.
        public static let alreadyDriven = Kind(.alreadyDriven)

        /// The kind's name.
        public var description: String { code.rawValue }
    }

    /// What went wrong.
    public let kind: Kind
    /// A sentence for people.
    public let message: String

    init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message.
    public var description: String { message }

    static func unknownRun(_ id: String) -> ExecutorError {
        ExecutorError(.unknownRun, "no run has the id '\(id)'")
    }

    static func unknownPlan(_ hash: String, run id: String) -> ExecutorError {
        ExecutorError(.unknownPlan, "the plan \(hash) of run '\(id)' is not in the database")
    }

    static func alreadyDriven(_ id: String) -> ExecutorError {
        ExecutorError(.alreadyDriven, "run '\(id)' is already being driven by this driver")
    }
}
