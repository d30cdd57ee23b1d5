import Foundation
import Testing

@testable import Store

/// The checkpointer thread: the WAL is copied back into the database file off the writer thread.
@Suite struct CheckpointerTests {
    @Test func committedWritesReachTheDatabaseFileWithoutTheWriterCheckpointing() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("orch.db")
        let store = try Store.open(path: path)
        for _ in 0..<30 {
            _ = try store.createRun(plan: Fixtures.plan(), clientName: nil, usetraceKey: nil)
        }
        // 30 commits are far below the writer's automatic checkpoint (1,000 pages): only the
        // checkpointer can copy them into the file. The database file alone, without its WAL,
        // must come to hold every run.
        let deadline = Date().addingTimeInterval(10)
        var runsInFile: Int? = nil
        var attempt = 0
        while runsInFile != 30 && Date() < deadline {
            attempt += 1
            let copy = folder.path("copy-\(attempt).db")
            try FileManager.default.copyItem(atPath: path, toPath: copy)
            runsInFile = try? Database(path: copy).queryFirst("SELECT count(*) FROM runs") { $0.int(0) }
            if runsInFile != 30 { Thread.sleep(forTimeInterval: Checkpointer.delaySeconds) }
        }
        #expect(runsInFile == 30)
        #expect(store.checkpointCount > 0)
    }
}
