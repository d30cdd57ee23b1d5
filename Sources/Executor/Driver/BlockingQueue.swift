import Dispatch
import Store
import Synchronization

/// Runs blocking calls (the store's reads) on a serial dispatch queue, so they wait there and
/// never on a Swift-concurrency thread. (Writes need no queue: `Store.write` has an async form.)
struct BlockingQueue: Sendable {
    private let queue: DispatchQueue

    private init(queue: DispatchQueue) {
        self.queue = queue
    }

    /// The one queue of `store`, shared by every driver of runs in it.
    ///
    /// Drivers' reads are short and many; one after another here, a thousand busy drivers keep one
    /// thread and one of the store's read connections busy, not all of them, so a caller outside
    /// the drivers (a web request looking up its client or reading a run) finds a connection free.
    static func shared(for store: Store) -> BlockingQueue {
        let key = ObjectIdentifier(store)
        return sharedQueues.withLock { queues in
            if let entry = queues[key], entry.store === store { return BlockingQueue(queue: entry.queue) }
            // Forget the queues of stores that are gone (their identifiers may be reused).
            queues = queues.filter { $0.value.store != nil }
            let queue = DispatchQueue(label: "orch.store.\(nextQueueNumber.add(1, ordering: .relaxed).newValue)")
            queues[key] = SharedQueue(store: store, queue: queue)
            return BlockingQueue(queue: queue)
        }
    }

    /// The queue's label (each store's shared queue has its own).
    var label: String { queue.label }

    /// Runs `body` on the queue and returns (or throws) what it did.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }
}

/// A store's shared queue, holding the store weakly (the entry is dropped once the store is gone).
private struct SharedQueue {
    weak var store: Store?
    let queue: DispatchQueue
}

/// Numbers the shared queues' labels.
private let nextQueueNumber = Atomic<Int>(0)

/// The shared queue of each store, by the store's identity.
private let sharedQueues = Mutex<[ObjectIdentifier: SharedQueue]>([:])
