/// The store's schema as its ordered history of migrations.
///
/// To change the schema, append a `Migration` with a new id; never edit or reorder one that has
/// shipped (databases in the field have recorded it). Statuses are not CHECK-constrained on
/// purpose: adding a status later would otherwise need a table rebuild; the Swift enums refuse
/// unknown values on read instead.
enum Schema {
    /// Every migration, oldest first.
    static let migrations: [Migration] = [initial, webhookDeliveries]

    /// Plans, clients, runs, cells, attempts and the append-only event log.
    static let initial = Migration(
        id: "0001-initial",
        sql: """
            CREATE TABLE plans (
                hash TEXT PRIMARY KEY NOT NULL,
                name TEXT NOT NULL,
                compiled TEXT NOT NULL,
                created_at INTEGER NOT NULL
            );

            CREATE TABLE clients (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                id_sha256 TEXT NOT NULL UNIQUE,
                fingerprint TEXT NOT NULL,
                created_at INTEGER NOT NULL
            );

            CREATE TABLE runs (
                id TEXT PRIMARY KEY NOT NULL,
                plan_hash TEXT NOT NULL REFERENCES plans (hash),
                client_id INTEGER REFERENCES clients (id),
                status TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                started_at INTEGER,
                finished_at INTEGER,
                usetrace_key TEXT,
                webhook_secret TEXT NOT NULL,
                settings TEXT NOT NULL DEFAULT '{}'
            );
            CREATE INDEX runs_by_created ON runs (created_at, id);
            CREATE INDEX runs_by_status_created ON runs (status, created_at, id);
            CREATE INDEX runs_by_client_created ON runs (client_id, created_at, id);

            CREATE TABLE cells (
                run_id TEXT NOT NULL REFERENCES runs (id),
                seq INTEGER NOT NULL,
                stage INTEGER NOT NULL,
                step_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                target TEXT NOT NULL,
                capability TEXT,
                lane INTEGER,
                timeout_seconds INTEGER NOT NULL,
                retries INTEGER NOT NULL,
                continue_on_error INTEGER NOT NULL,
                needs TEXT NOT NULL DEFAULT '[]',
                status TEXT NOT NULL,
                attempt INTEGER NOT NULL DEFAULT 0,
                build_id TEXT,
                token TEXT,
                started_at INTEGER,
                finished_at INTEGER,
                error TEXT,
                flaky INTEGER NOT NULL DEFAULT 0,
                soft INTEGER NOT NULL DEFAULT 0,
                summary TEXT,
                PRIMARY KEY (run_id, seq)
            );
            CREATE INDEX cells_by_run_status ON cells (run_id, status);

            CREATE TABLE attempts (
                run_id TEXT NOT NULL,
                seq INTEGER NOT NULL,
                attempt INTEGER NOT NULL,
                token TEXT UNIQUE,
                build_id TEXT,
                pid INTEGER,
                started_at INTEGER NOT NULL,
                finished_at INTEGER,
                status TEXT NOT NULL,
                error TEXT,
                report TEXT,
                PRIMARY KEY (run_id, seq, attempt),
                FOREIGN KEY (run_id, seq) REFERENCES cells (run_id, seq)
            );

            CREATE TABLE events (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                run_id TEXT NOT NULL REFERENCES runs (id),
                seq INTEGER,
                attempt INTEGER,
                kind TEXT NOT NULL,
                from_status TEXT,
                to_status TEXT,
                detail TEXT,
                at INTEGER NOT NULL
            );
            CREATE INDEX events_by_run ON events (run_id, id);
            CREATE TRIGGER events_are_append_only_update BEFORE UPDATE ON events
            BEGIN
                SELECT RAISE(ABORT, 'events are append-only');
            END;
            CREATE TRIGGER events_are_append_only_delete BEFORE DELETE ON events
            BEGIN
                SELECT RAISE(ABORT, 'events are append-only');
            END;
            """)

    /// Webhook deliveries (issue 4): one row per webhook token used. The token is UNIQUE, and a
    /// delivery is written in the same transaction as the cell decision it carries, so two racing
    /// repeats of one delivery cannot both decide the cell (the second insert fails the constraint).
    static let webhookDeliveries = Migration(
        id: "0002-webhook-deliveries",
        sql: """
            CREATE TABLE webhook_deliveries (
                id INTEGER PRIMARY KEY,
                token TEXT NOT NULL UNIQUE,
                run_id TEXT NOT NULL REFERENCES runs (id),
                seq INTEGER NOT NULL,
                attempt INTEGER NOT NULL,
                outcome TEXT NOT NULL,
                body_sha256 TEXT NOT NULL,
                received_at INTEGER NOT NULL
            );
            CREATE INDEX webhook_deliveries_by_run ON webhook_deliveries (run_id, seq, attempt);
            """)
}
