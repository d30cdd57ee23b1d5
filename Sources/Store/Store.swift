import Crypto
import Foundation
import JSON
import PlanCompiler

/// orch's SQLite store: plans, runs, cells, attempts, clients and the event log.
///
/// Reads use a pool of connections (`ReaderPool`), each lent to one caller at a time; writes go
/// to the writer thread (`GroupCommitter`), which commits the writes of concurrent callers
/// together, one fsync per batch. Calls may wait on the disk (every commit is synced) or, up to
/// the busy timeout, on another process's write lock. Every state change is one `write`,
/// answered once it is on disk.
public final class Store: Sendable {
    /// The database file.
    public let path: String
    private let readers: ReaderPool
    private let committer: GroupCommitter
    private let checkpointer: Checkpointer

    /// Opens the database at `path` (creating the file if needed) and applies pending migrations.
    ///
    /// Throws `cannotOpen` when the file cannot be opened as a database, `schemaTooNew` when a
    /// newer orch migrated it, `migrationFailed` when a migration fails (nothing of it is kept).
    public static func open(path: String) throws -> Store {
        try Store(path: path, migrations: Schema.migrations, temporaryDirectory: nil)
    }

    /// Opens a new database in a new temporary folder, removed when the store is released (for tests).
    public static func openTemporary() throws -> Store {
        try openTemporary(migrations: Schema.migrations)
    }

    static func openTemporary(migrations: [Migration]) throws -> Store {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("orch-store-\(Digest.randomIdentifier())", isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw StoreError.cannotOpen(path: directory.path, reason: "cannot create a temporary folder")
        }
        let path = directory.appendingPathComponent("orch.db").path
        return try Store(path: path, migrations: migrations, temporaryDirectory: directory)
    }

    init(path: String, migrations: [Migration], temporaryDirectory: URL?) throws {
        let writer = try Self.connect(path: path)
        do {
            try Migrator.migrate(writer, to: migrations)
        } catch let error as SQLiteError {
            throw StoreError(error, path: path)
        }
        try Pragmas.applyToWriter(writer)
        let readers = try ReaderPool { try Self.connect(path: path) }
        let checkpointer = Checkpointer(database: try Self.connect(path: path))
        self.path = path
        self.readers = readers
        self.checkpointer = checkpointer
        // The temporary folder goes once the writer has closed its connection.
        self.committer = GroupCommitter(database: writer, checkpointer: checkpointer) {
            if let temporaryDirectory { try? FileManager.default.removeItem(at: temporaryDirectory) }
        }
    }

    private static func connect(path: String) throws -> Database {
        do {
            let database = try Database(path: path)
            try Pragmas.apply(to: database)
            return database
        } catch let error as SQLiteError {
            throw StoreError.cannotOpen(path: path, error)
        }
    }

    deinit {
        readers.close()
        checkpointer.stop()
        committer.stop()
    }

    /// How many checkpoints the store's checkpointer has run (for tests).
    var checkpointCount: Int { checkpointer.count }

    /// Runs `body` with a read connection of its own, turning SQLite errors into `StoreError`s.
    func withDatabase<T: Sendable>(_ body: (Database) throws -> T) throws -> T {
        try readers.withConnection { database in
            do {
                return try body(database)
            } catch let error as SQLiteError {
                throw StoreError(error, path: database.path)
            }
        }
    }

    /// Runs `body` in one write transaction on the writer thread, blocking this thread until it
    /// is committed: everything `body` does commits when it returns and rolls back when it throws
    /// (its error is rethrown). Writes of concurrent callers may share the transaction's fsync;
    /// each runs alone in its own savepoint, after the writes queued before it.
    ///
    /// `body` must not call the store (the writer thread would wait for itself): use `tx`'s reads.
    public func write<T: Sendable>(_ body: @escaping @Sendable (WriteTransaction) throws -> T) throws -> T {
        let write = PendingWrite(body)
        committer.enqueue(write)
        return try write.wait()
    }

    /// `write(_:)` for async callers: awaits the commit without holding a thread.
    public func write<T: Sendable>(_ body: @escaping @Sendable (WriteTransaction) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            committer.enqueue(PendingWrite(body, continuation: continuation))
        }
    }

    /// How many writes this store committed, and in how many transactions (fsyncs).
    public var writeStatistics: WriteStatistics { committer.statistics }

    /// Checks that the database answers (for `/healthz`).
    public func ping() throws {
        _ = try withDatabase { try $0.queryFirst("SELECT 1") { $0.int(0) } }
    }

    // MARK: Plans

    /// Stores `plan` unless a plan with its hash is stored already.
    public func savePlan(_ plan: CompiledPlan, at time: Date = Date()) throws {
        try write { try $0.savePlan(plan, at: time) }
    }

    /// The stored compiled plan with `hash`, if any.
    public func plan(hash: String) throws -> CompiledPlan? {
        try withDatabase { try $0.plan(hash: hash) }
    }

    // MARK: Runs

    /// Stores a new `queued` run of `plan` in one transaction: the plan if new, the run, one
    /// `pending` cell per compiled cell and a `run.created` event. The store makes the run id and
    /// the per-run webhook secret.
    ///
    /// Throws `unknownClient` when `clientName` names no client (and stores nothing).
    public func createRun(
        plan: CompiledPlan, clientName: String? = nil, usetraceKey: String? = nil,
        settings: [String: JSONValue] = [:], at time: Date = Date()
    ) throws -> RunRecord {
        try write {
            try $0.createRun(plan: plan, clientName: clientName, usetraceKey: usetraceKey, settings: settings, at: time)
        }
    }

    /// The run with `id`, if any (without its secrets).
    public func run(id: String) throws -> RunRecord? {
        try withDatabase { try $0.run(id: id) }
    }

    /// The status of run `id`, if the run exists (one column: what a driver's tick needs).
    public func runStatus(id: String) throws -> RunStatus? {
        try withDatabase { try $0.runStatus(id: id) }
    }

    /// The secrets of run `id` (Usetrace key, webhook secret), if the run exists.
    public func runSecrets(id: String) throws -> RunSecrets? {
        try withDatabase { try $0.runSecrets(id: id) }
    }

    /// The cells of run `id`, in seq order (empty for an unknown run).
    public func cells(run id: String) throws -> [CellRecord] {
        try withDatabase { try $0.cells(run: id) }
    }

    /// Cell `seq` of run `id`, if any.
    public func cell(run id: String, seq: Int) throws -> CellRecord? {
        try withDatabase { try $0.cell(run: id, seq: seq) }
    }

    /// The cells of run `id` counted by status.
    public func cellCounts(run id: String) throws -> CellCounts {
        try withDatabase { try $0.cellCounts(run: id) }
    }

    /// One page of runs, newest first (by creation time, then id), each with its cells counted.
    ///
    /// `status` and `clientName` filter; `limit` is clamped to 1…1000; `cursor` is a page's
    /// `nextCursor` (throws `invalidCursor` for anything else). Pages never overlap or skip a run.
    public func listRuns(
        status: RunStatus? = nil, clientName: String? = nil, limit: Int = 50, cursor: String? = nil
    ) throws -> RunPage {
        try withDatabase { database in
            // One snapshot for the page and its counts, even while other processes write.
            try database.transaction(.deferred) {
                try database.listRuns(status: status, clientName: clientName, limit: limit, cursor: cursor)
            }
        }
    }

    /// The ids of runs that are `queued` or `running`, oldest first (to resume after a restart).
    public func unfinishedRunIds() throws -> [String] {
        try withDatabase { try $0.unfinishedRunIds() }
    }

    /// Every run counted by status (a status with no run is absent).
    public func runCounts() throws -> [RunStatus: Int] {
        try withDatabase { try $0.runCounts() }
    }

    /// Every cell of every run counted by status (for metrics).
    public func allCellCounts() throws -> CellCounts {
        try withDatabase { try $0.allCellCounts() }
    }

    /// The webhook deliveries accepted for run `id`, in the order they were received.
    public func webhookDeliveries(run id: String) throws -> [WebhookDeliveryRecord] {
        try withDatabase { try $0.webhookDeliveries(run: id) }
    }

    // MARK: Attempts

    /// The attempt whose webhook token is `token` (its run, seq and attempt number), if any.
    public func attempt(token: String) throws -> AttemptRecord? {
        try withDatabase { try $0.attempt(token: token) }
    }

    /// The attempts of cell `seq` of run `id`, oldest first.
    public func attempts(run id: String, seq: Int) throws -> [AttemptRecord] {
        try withDatabase { try $0.attempts(run: id, seq: seq) }
    }

    // MARK: Events

    /// The events of run `id` in the order they were appended; only those after event id `after` if given.
    public func events(run id: String, after: Int64 = 0) throws -> [EventRecord] {
        try withDatabase { try $0.events(run: id, after: after) }
    }

    /// The cells of run `id` named by events after event id `after`, and the newest event's id.
    public func changedCells(run id: String, afterEvent after: Int64) throws -> CellChanges {
        try withDatabase { try $0.changedCells(run: id, afterEvent: after) }
    }

    // MARK: Clients

    /// Adds a client named `name` whose id is `id`; only the id's SHA-256 is stored.
    ///
    /// Throws `clientNameTaken` or `clientIdTaken` when either is in use.
    public func addClient(name: String, id: String, at time: Date = Date()) throws -> ClientRecord {
        try write { try $0.addClient(name: name, id: id, at: time) }
    }

    /// Every client, by name.
    public func clients() throws -> [ClientRecord] {
        try withDatabase { try $0.clients() }
    }

    /// The client whose id is `presentedId` (looked up by its SHA-256), if any.
    public func client(presentedId: String) throws -> ClientRecord? {
        try withDatabase { try $0.client(presentedId: presentedId) }
    }
}
