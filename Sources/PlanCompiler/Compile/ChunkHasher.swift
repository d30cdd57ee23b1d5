import Crypto
import Dispatch
import Synchronization

/// SHA-256 of a text handed over in chunks: each full chunk is hashed on a serial queue while the
/// next one is written, so on two cores hashing a 7 MB plan text costs little more than writing it.
///
/// A text that fits in one chunk (every ordinary plan) is hashed on the caller's thread, with no queue.
/// `digest(last:)` waits for the queue to hash what it was given; that work is pure computation
/// already under way, never a wait for other tasks, so it cannot deadlock a Swift concurrency thread.
final class ChunkHasher {
    private let job = Job()
    private var queue: DispatchQueue?
    /// Chunks already hashed, for the writer to fill again: a few chunks go round, warm in the
    /// cache, instead of 7 MB of new pages.
    private let spare = SpareChunks()
    private let pending = PendingChunks()

    /// Hashes `chunk` (a full one: more follow) in the background.
    func add(_ chunk: ByteChunk) {
        let queue = self.queue ?? DispatchQueue(label: "orch.plan-hash", qos: .userInitiated)
        self.queue = queue
        let job = self.job
        let spare = self.spare
        let pending = self.pending
        pending.count.add(1, ordering: .relaxed)
        queue.async {
            chunk.withBytes(job.hasher.update)
            spare.put(chunk)
            pending.count.subtract(1, ordering: .relaxed)
        }
    }

    /// Runs the work that `work` makes on the hashing queue when the queue has at most the chunk
    /// in hand left to hash (it would soon wait there for nothing); `false`, with `work` not
    /// called, when more chunks wait or there is no queue yet. What is given to the queue has run
    /// when `digest` or `waitForQueue` returns.
    func runIfIdle(_ work: () -> @Sendable () -> Void) -> Bool {
        guard let queue, pending.count.load(ordering: .relaxed) <= 1 else { return false }
        queue.async(execute: work())
        return true
    }

    /// Waits until the queue has done everything it was given (pure computation already under way).
    func waitForQueue() {
        queue?.sync {}
    }

    /// An empty chunk of `capacity` bytes: a hashed one again, or a new one.
    func emptyChunk(capacity: Int) -> ByteChunk {
        spare.take(capacity: capacity)
    }

    /// The hex SHA-256 of every chunk added and then `last`.
    func digest(last: ByteChunk) -> String {
        let job = self.job
        let finish: @Sendable () -> String? = {
            last.withBytes(job.hasher.update)
            return job.hasher.finish()
        }
        // OpenSSL does not fail to hash memory; were it to, the digest would be all zeros, as `Digest`'s is.
        return (queue.map { $0.sync(execute: finish) } ?? finish()) ?? String(repeating: "0", count: 64)
    }

    /// Chunks the queue has hashed, shared between it and the writer under a lock.
    private final class SpareChunks: Sendable {
        private let chunks = Mutex<[ByteChunk]>([])

        func put(_ chunk: ByteChunk) {
            chunks.withLock { $0.append(chunk) }
        }

        func take(capacity: Int) -> ByteChunk {
            let reused = chunks.withLock { list -> ByteChunk? in
                guard let last = list.last, last.capacity == capacity else { return nil }
                return list.removeLast()
            }
            guard let reused else { return ByteChunk(capacity: capacity) }
            reused.reset()
            return reused
        }
    }

    /// How many chunks are added and not yet hashed.
    private final class PendingChunks: Sendable {
        let count = Atomic<Int>(0)
    }

    /// The hasher, used by one thread at a time.
    ///
    /// `@unchecked Sendable`: it is used only on the serial queue once a chunk has been sent there,
    /// and on the caller's thread only when no chunk was (or, in `digest`, through `sync` on the queue).
    private final class Job: @unchecked Sendable {
        let hasher = SHA256Hasher()
    }
}
