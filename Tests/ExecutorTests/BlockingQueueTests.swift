import Foundation
import Store
import Synchronization
import Testing

@testable import Executor

/// The drivers of one store share one queue for their store calls.
@Suite struct BlockingQueueTests {
    @Test func theDriversOfOneStoreShareItsQueueAndOtherStoresHaveTheirOwn() throws {
        let store = try Store.openTemporary()
        let other = try Store.openTemporary()
        #expect(BlockingQueue.shared(for: store).label == BlockingQueue.shared(for: store).label)
        #expect(BlockingQueue.shared(for: store).label != BlockingQueue.shared(for: other).label)
    }

    @Test func callsOnASharedQueueRunOneAtATime() async throws {
        let store = try Store.openTemporary()
        let queue = BlockingQueue.shared(for: store)
        let peak = Peak()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try await queue.run {
                        peak.enter()
                        Thread.sleep(forTimeInterval: 0.001)
                        peak.leave()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(peak.most == 1)
    }
}

/// Counts calls running at once, and the most there were.
private final class Peak: Sendable {
    private let state = Mutex((running: 0, most: 0))

    func enter() {
        state.withLock {
            $0.running += 1
            $0.most = max($0.most, $0.running)
        }
    }

    func leave() { state.withLock { $0.running -= 1 } }

    var most: Int { state.withLock { $0.most } }
}
