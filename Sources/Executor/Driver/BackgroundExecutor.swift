import Foundation
import Synchronization

/// Threads of lower CPU priority (a higher `nice`) for work that should take only the CPU that
/// answering requests leaves: the run drivers of `orch serve`. A task started with this executor
/// as its preference runs its nonisolated code and its default actors (a `RunDriver`) here.
///
/// When the cores are free the drivers take all they want; when requests want them too, the
/// requests (and the store's writer) come first. Drivers of builds that end at once (the
/// simulator at zero delay) are CPU-bound; measured in six paired runs of bench-serve, scheduleRun
/// took 3,560-4,540/s with the drivers here against 2,760-4,150/s on the global pool, and the
/// worst p99 at a steady 2,500/s was 16 ms against 70. The threads live as long as the process.
public final class BackgroundExecutor: TaskExecutor, @unchecked Sendable {
    // @unchecked Sendable: the only state is `jobs` (in a Mutex) and `available` (a semaphore,
    // itself thread-safe); both are shared by the enqueuing threads and the worker threads.

    /// The process's threads for run drivers: one a core, at nice 10.
    public static let drivers = BackgroundExecutor(
        threads: ProcessInfo.processInfo.activeProcessorCount, nice: 10, name: "orch-drivers")

    private let jobs = Mutex(JobQueue())
    private let available = DispatchSemaphore(value: 0)

    /// Starts `threads` worker threads at `nice`, named `name`.
    public init(threads: Int, nice: Int32, name: String) {
        for _ in 0..<max(1, threads) {
            let thread = Thread { [self] in
                Thread.current.name = name  // best effort: Foundation does not always pass it to the system
                // `who` 0 is the calling thread: on Linux the nice value belongs to each thread.
                _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, nice)
                work()
            }
            thread.start()
        }
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        jobs.withLock { $0.append(job) }
        available.signal()
    }

    private func work() {
        while true {
            available.wait()
            guard let job = jobs.withLock({ $0.next() }) else { continue }
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}

/// A first-in first-out queue of jobs that reuses its storage.
private struct JobQueue: ~Copyable {
    private var items: [UnownedJob] = []
    private var head = 0

    mutating func append(_ job: UnownedJob) { items.append(job) }

    mutating func next() -> UnownedJob? {
        guard head < items.count else { return nil }
        let job = items[head]
        head += 1
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        } else if head > 1024, head * 2 > items.count {
            // A queue that never drains under steady load still gives back the jobs it has run.
            items.removeFirst(head)
            head = 0
        }
        return job
    }
}
