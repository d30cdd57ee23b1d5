import Foundation
import Testing

@testable import Store

@Suite struct MigrationTests {
    @Test func migrationsAreAppliedOnceAndRecorded() throws {
        let store = try Store.openTemporary()
        let recorded = try store.withDatabase {
            try $0.query("SELECT id FROM schema_migrations ORDER BY id") { $0.text(0) }
        }
        #expect(recorded == Schema.migrations.map(\.id))
        #expect(try store.count("runs") == 0)
    }

    @Test func reopeningDoesNotRunMigrationsAgain() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("orch.db")
        let firstApplied: String?
        do {
            let store = try Store.open(path: path)
            firstApplied = try store.text("SELECT group_concat(id || '@' || applied_at) FROM schema_migrations")
            _ = try store.createRun(plan: Fixtures.plan())
        }
        let store = try Store.open(path: path)
        // The initial migration creates tables without IF NOT EXISTS: running it again would throw.
        #expect(try store.text("SELECT group_concat(id || '@' || applied_at) FROM schema_migrations") == firstApplied)
        #expect(try store.count("runs") == 1)
    }

    @Test func anAppendedMigrationIsAppliedOnTheNextOpenOnly() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("orch.db")
        _ = try Store.open(path: path)
        let next = Migration(id: "0002-test-table", sql: "CREATE TABLE test_table (x INTEGER);")
        for _ in 0..<2 {
            let store = try Store(path: path, migrations: Schema.migrations + [next], temporaryDirectory: nil)
            #expect(try store.count("schema_migrations") == Schema.migrations.count + 1)
            #expect(try store.count("test_table") == 0)
        }
    }

    @Test func aDatabaseWithAnUnknownNewerMigrationIsRefused() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("orch.db")
        do {
            let store = try Store.open(path: path)
            try store.execute("INSERT INTO schema_migrations (id, applied_at) VALUES ('0099-from-the-future', 0)")
        }
        let error = try #require(throws: StoreError.self) { try Store.open(path: path) }
        #expect(error.kind == .schemaTooNew)
        #expect(
            error.description
                == "\(path): the database was written by a newer orch: it has migration '0099-from-the-future', "
                + "which this orch does not know; use a newer orch or another database")
    }

    @Test func aFailingMigrationKeepsNothingOfItself() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("orch.db")
        let broken = Migration(id: "0002-broken", sql: "CREATE TABLE half (x INTEGER); CREATE TABLE oops (;")
        let error = try #require(throws: StoreError.self) {
            try Store(path: path, migrations: Schema.migrations + [broken], temporaryDirectory: nil)
        }
        #expect(error.kind == .migrationFailed)
        #expect(error.message.hasPrefix("migration '0002-broken' failed: "))
        let store = try Store.open(path: path)
        #expect(try store.text("SELECT name FROM sqlite_master WHERE name = 'half'") == nil)
        #expect(try store.count("schema_migrations") == Schema.migrations.count)
    }

    @Test func connectionSettingsAreInForce() throws {
        let store = try Store.openTemporary()
        #expect(try store.text("PRAGMA journal_mode") == "wal")
        #expect(try store.text("PRAGMA foreign_keys") == "1")
        #expect(try store.text("PRAGMA synchronous") == "2")  // FULL
        #expect(try store.text("PRAGMA busy_timeout") == "5000")
    }

    @Test func aFileThatIsNotADatabaseCannotBeOpened() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("notes.txt")
        try Data(String(repeating: "not a database\n", count: 100).utf8).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: StoreError.self) { try Store.open(path: path) }
        #expect(error.kind == .cannotOpen)
        #expect(error.description == "\(path): cannot open the database: file is not a database")
    }

    @Test func aPathInAMissingFolderCannotBeOpened() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("missing/orch.db")
        let error = try #require(throws: StoreError.self) { try Store.open(path: path) }
        #expect(error.kind == .cannotOpen)
        #expect(error.description == "\(path): cannot open the database: unable to open database file")
    }
}
