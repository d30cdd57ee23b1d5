import Dispatch
import Synchronization

/// A write waiting for the store's writer thread (`GroupCommitter`).
protocol QueuedWrite: Sendable {
    /// Runs the caller's closure in the writer's open transaction.
    func perform(_ transaction: WriteTransaction) throws -> any Sendable
    /// Answers the caller, once the write is committed or has failed; called exactly once.
    func finish(_ result: Result<any Sendable, any Error>)
}

/// One caller's write: its closure, and the caller waiting for its answer, either blocking its
/// thread (`init(_:)`, then `wait()`) or suspended without one (`init(_:continuation:)`).
final class PendingWrite<T: Sendable>: QueuedWrite {
    private let body: @Sendable (WriteTransaction) throws -> T
    private let continuation: CheckedContinuation<T, any Error>?
    private let answered = DispatchSemaphore(value: 0)
    private let answer = Mutex<Result<T, any Error>?>(nil)

    /// A write whose caller blocks in `wait()`.
    init(_ body: @escaping @Sendable (WriteTransaction) throws -> T) {
        self.body = body
        self.continuation = nil
    }

    /// A write whose caller awaits `continuation`.
    init(_ body: @escaping @Sendable (WriteTransaction) throws -> T, continuation: CheckedContinuation<T, any Error>) {
        self.body = body
        self.continuation = continuation
    }

    func perform(_ transaction: WriteTransaction) throws -> any Sendable {
        defer { transaction.close() }
        return try body(transaction)
    }

    func finish(_ result: Result<any Sendable, any Error>) {
        let typed = result.flatMap { value -> Result<T, any Error> in
            guard let value = value as? T else {
                return .failure(StoreError(.sqlite, "a write was answered with a value of the wrong type"))
            }
            return .success(value)
        }
        if let continuation {
            continuation.resume(with: typed)
        } else {
            answer.withLock { $0 = typed }
            answered.signal()
        }
    }

    /// Blocks until the write is answered and returns (or throws) the answer.
    func wait() throws -> T {
        answered.wait()
        guard let answer = answer.withLock({ $0 }) else {
            throw StoreError(.sqlite, "a write was answered without a result")
        }
        return try answer.get()
    }
}
