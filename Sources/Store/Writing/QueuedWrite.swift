import Dispatch
import Synchronization

/// A write waiting for the store's writer thread (`GroupCommitter`).
protocol QueuedWrite: Sendable {
    /// Runs the caller's closure in the writer's open transaction.
    func perform(_ transaction: WriteTransaction) throws -> any Sendable
    /// Answers the caller, once the write is committed or has failed; called exactly once.
    func finish(_ result: Result<any Sendable, any Error>)
}

/// A write whose caller blocks its thread until the write is answered.
final class BlockingWrite<T: Sendable>: QueuedWrite {
    private let body: @Sendable (WriteTransaction) throws -> T
    private let answered = DispatchSemaphore(value: 0)
    private let result = Mutex<Result<any Sendable, any Error>?>(nil)

    init(_ body: @escaping @Sendable (WriteTransaction) throws -> T) {
        self.body = body
    }

    func perform(_ transaction: WriteTransaction) throws -> any Sendable {
        defer { transaction.close() }
        return try body(transaction)
    }

    func finish(_ result: Result<any Sendable, any Error>) {
        self.result.withLock { $0 = result }
        answered.signal()
    }

    /// Waits for the answer and returns (or throws) it.
    func wait() throws -> T {
        answered.wait()
        return try Self.unwrap(result.withLock { $0 })
    }

    static func unwrap(_ result: Result<any Sendable, any Error>?) throws -> T {
        switch result {
        case .success(let value as T): return value
        case .failure(let error): throw error
        case .success, .none: throw StoreError(.sqlite, "a write was answered with a value of the wrong type")
        }
    }
}

/// A write whose caller awaits it without holding a thread.
final class AwaitedWrite<T: Sendable>: QueuedWrite {
    private let body: @Sendable (WriteTransaction) throws -> T
    private let continuation: CheckedContinuation<T, any Error>

    init(_ body: @escaping @Sendable (WriteTransaction) throws -> T, continuation: CheckedContinuation<T, any Error>) {
        self.body = body
        self.continuation = continuation
    }

    func perform(_ transaction: WriteTransaction) throws -> any Sendable {
        defer { transaction.close() }
        return try body(transaction)
    }

    func finish(_ result: Result<any Sendable, any Error>) {
        continuation.resume(with: Result { try BlockingWrite<T>.unwrap(result) })
    }
}
