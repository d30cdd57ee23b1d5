import Foundation

/// Brings a database's schema up to date on open, one transaction per migration.
enum Migrator {
    private static let createTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            id TEXT PRIMARY KEY NOT NULL,
            applied_at INTEGER NOT NULL
        )
        """

    /// Applies every migration of `migrations` that `database` has not recorded, in order.
    ///
    /// Refuses (with `StoreError.Kind.schemaTooNew`) a database that records a migration this
    /// list does not hold: a newer orch wrote it, and this one must not write to it.
    /// Safe against another process migrating at the same moment: each migration re-checks
    /// under the write lock whether it is still needed.
    static func migrate(_ database: Database, to migrations: [Migration], now: () -> Date = Date.init) throws {
        try database.transaction {
            try database.execute(createTable)
            let known = Set(migrations.map(\.id))
            let applied = try database.query("SELECT id FROM schema_migrations ORDER BY applied_at, id") {
                $0.text(0) ?? ""
            }
            if let unknown = applied.first(where: { !known.contains($0) }) {
                throw StoreError.schemaTooNew(path: database.path, unknownMigration: unknown)
            }
        }
        for migration in migrations {
            try database.transaction {
                let done = try database.queryFirst("SELECT 1 FROM schema_migrations WHERE id = ?", [migration.id]) {
                    _ in true
                }
                guard done == nil else { return }
                do {
                    try database.executeScript(migration.sql)
                } catch let error as SQLiteError {
                    throw StoreError.migrationFailed(path: database.path, migration: migration.id, error)
                }
                try database.execute(
                    "INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)", [migration.id, now()])
            }
        }
    }
}
