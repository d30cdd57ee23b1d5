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
        let results = await Task(executorPreference: executor) {
            await withTaskGroup(of: Int32.self) { group in
                for _ in 0..<200 { group.addTask { await counter.add() } }
                var all: [Int32] = []
                for await result in group { all.append(result) }
                return all
            }
        }.value
        #expect(results.count == 200)
        #expect(results.allSatisfy { $0 == 5 }, "nice values seen: \(Set(results))")
        #expect(await counter.value == 200)
    }

    @Test func thousandsOfJobsQueuedAtOnceAllRunInTheirTasks() async {
        // More than the queue's 1,024 before it gives back the jobs it has run.
        let executor = BackgroundExecutor(threads: 2, nice: 3, name: "test-bg-many")
        let counter = Counter()
        let total = await Task(executorPreference: executor) {
            await withTaskGroup(of: Int32.self) { group in
                for _ in 0..<5_000 { group.addTask { await counter.add() } }
                var count = 0
                for await nice in group where nice == 3 { count += 1 }
                return count
            }
        }.value
        #expect(total == 5_000)
        #expect(await counter.value == 5_000)
    }
}
