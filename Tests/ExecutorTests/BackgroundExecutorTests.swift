import Executor
import Foundation
import Testing

/// The low-priority threads the service's run drivers run on.
@Suite struct BackgroundExecutorTests {
    /// The calling thread's nice value (each executor of a test has its own).
    static func currentNice() -> Int32 {
        getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
    }

    actor Counter {
        var value = 0
        func add() -> Int32 {
            value += 1
            return BackgroundExecutorTests.currentNice()
        }
    }

    @Test func aTaskPreferringTheExecutorRunsOnItsThreadsAtTheirNiceValue() async {
        let executor = BackgroundExecutor(threads: 2, nice: 7, name: "test-background")
        let seen = await Task(executorPreference: executor) { Self.currentNice() }.value
        #expect(seen == 7)
    }

    @Test func aDefaultActorCalledFromSuchATaskRunsThereTooAndEveryJobRuns() async {
        let executor = BackgroundExecutor(threads: 2, nice: 5, name: "test-bg-actor")
        let counter = Counter()
        let results = await niceValues(ofJobs: 200, on: executor, counter: counter)
        #expect(results.count == 200)
        #expect(results.allSatisfy { $0 == 5 }, "nice values seen: \(Set(results))")
        #expect(await counter.value == 200)
    }

    @Test func thousandsOfJobsQueuedAtOnceAllRunInTheirTasks() async {
        // More than the queue's 1,024 before it gives back the jobs it has run.
        let executor = BackgroundExecutor(threads: 2, nice: 3, name: "test-bg-many")
        let counter = Counter()
        let total = await niceValues(ofJobs: 5_000, on: executor, counter: counter).filter { $0 == 3 }.count
        #expect(total == 5_000)
        #expect(await counter.value == 5_000)
    }

    /// Runs `count` jobs of `counter` in a task preferring `executor`; the nice value each ran at.
    private func niceValues(ofJobs count: Int, on executor: BackgroundExecutor, counter: Counter) async -> [Int32] {
        await Task(executorPreference: executor) {
            await withTaskGroup(of: Int32.self) { group in
                for _ in 0..<count { group.addTask { await counter.add() } }
                var all: [Int32] = []
                for await nice in group { all.append(nice) }
                return all
            }
        }.value
    }
}
