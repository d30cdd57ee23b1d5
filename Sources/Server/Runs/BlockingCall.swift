import Dispatch

/// Runs blocking calls (the store's SQLite transactions) on a dispatch queue, so that they wait
/// there and never on a Swift-concurrency thread.
enum BlockingCall {
    private static let queue = DispatchQueue(label: "orch.serve.store", qos: .userInitiated, attributes: .concurrent)

    /// Runs `body` on the queue and returns (or throws) what it did.
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }
}
