import Dispatch
import Foundation
import Synchronization
import Testing

@testable import Store

/// The store's read connections: a pool, each connection lent to one caller at a time.
@Suite struct ReaderPoolTests {
    @Test func aReadDoesNotWaitForAnotherCallersRead() throws {
        let store = try Store.openTemporary()
        _ = try store.addClient(name: "ci", id: "client-id-0123456789")
        let inside = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let holder = Thread {
            _ = try? store.withDatabase { _ in
                inside.signal()
                release.wait()
            }
        }
        holder.start()
        inside.wait()
        defer { release.signal() }
        // With one shared read connection this look-up would wait for the holder (forever here).
        let started = Date()
        let client = try store.client(presentedId: "client-id-0123456789")
        #expect(client?.name == "ci")
        #expect(Date().timeIntervalSince(started) < 2)
    }

    @Test func connectionsAreOpenedOnlyWhenEveryOpenOneIsLent() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("orch.db")
        _ = try Store.open(path: path)
        let opened = Atomic<Int>(0)
        let pool = try ReaderPool(capacity: 3) {
            opened.add(1, ordering: .relaxed)
            return try Database(path: path)
        }
        #expect(opened.load(ordering: .relaxed) == 1)
        for _ in 0..<5 { _ = try pool.withConnection { try $0.queryFirst("SELECT 1") { $0.int(0) } } }
        #expect(opened.load(ordering: .relaxed) == 1, "one caller at a time reuses one connection")
        try pool.withConnection { _ in
            try pool.withConnection { _ in }
        }
        #expect(opened.load(ordering: .relaxed) == 2)
    }

    @Test func atCapacityACallerWaitsForAConnectionToComeBack() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("orch.db")
        _ = try Store.open(path: path)
        let pool = try ReaderPool(capacity: 1) { try Database(path: path) }
        let inside = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let holderDone = Atomic<Bool>(false)
        let holder = Thread {
            _ = try? pool.withConnection { _ in
                inside.signal()
                release.wait()
                holderDone.store(true, ordering: .sequentiallyConsistent)
            }
        }
        holder.start()
        inside.wait()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { release.signal() }
        let sawHolderDone = try pool.withConnection { _ in holderDone.load(ordering: .sequentiallyConsistent) }
        #expect(sawHolderDone, "the second caller got the one connection while the first still had it")
    }

    @Test func aConnectionLentWhenThePoolClosesIsClosedWhenItComesBack() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("orch.db")
        _ = try Store.open(path: path)
        let pool = try ReaderPool(capacity: 2) { try Database(path: path) }
        let lent = try pool.withConnection { database -> Database in
            pool.close()
            #expect(database.isOpen)
            return database
        }
        #expect(!lent.isOpen)
    }
}
