import Foundation
import JSON
import PlanCompiler

/// The writes (and reads) of one `Store.write` closure: everything done through it commits
/// together when the closure returns, or rolls back together when it throws.
///
/// Valid only inside that closure. The compare-and-set methods return whether exactly one row
/// changed; `false` means someone else changed the row first: reload and decide again.
public final class WriteTransaction {
    let database: Database
    private var isOpen = true

    init(database: Database) {
        self.database = database
    }

    /// Ends the transaction's validity (called by `Store.write` when the closure is done).
    func close() {
        isOpen = false
    }

    private func perform<T>(_ body: (Database) throws -> T) throws -> T {
        precondition(isOpen, "a WriteTransaction was used outside its Store.write closure")
        do {
            return try body(database)
        } catch let error as SQLiteError {
            throw StoreError(error, path: database.path)
        }
    }

    // MARK: Plans and runs

    /// Stores `plan` unless a plan with its hash is stored already.
    public func savePlan(_ plan: CompiledPlan, at time: Date = Date()) throws {
        try perform { try $0.savePlan(plan, at: time) }
    }

    /// Stores a new `queued` run of `plan` (the plan too, if new), one `pending` cell per compiled
    /// cell and a `run.created` event; the run id and webhook secret are made here.
    ///
    /// Throws `unknownClient` when `clientName` names no client.
    public func createRun(
        plan: CompiledPlan, clientName: String? = nil, usetraceKey: String? = nil,
        settings: [String: JSONValue] = [:], at time: Date = Date()
    ) throws -> RunRecord {
        try perform {
            try $0.createRun(plan: plan, clientName: clientName, usetraceKey: usetraceKey, settings: settings, at: time)
        }
    }

    /// Sets run `id` to `status` if its status is one of `expected`; `startedAt`/`finishedAt`
    /// are written when given (left as they are when `nil`). Whether it changed.
    public func updateRunStatus(
        run id: String, from expected: Set<RunStatus>, to status: RunStatus, startedAt: Date? = nil,
        finishedAt: Date? = nil
    ) throws -> Bool {
        try perform {
            try $0.updateRunStatus(run: id, from: expected, to: status, startedAt: startedAt, finishedAt: finishedAt)
        }
    }

    /// Replaces the settings object of run `id`; whether the run exists.
    public func updateRunSettings(run id: String, settings: [String: JSONValue]) throws -> Bool {
        try perform { try $0.updateRunSettings(run: id, settings: settings) }
    }

    // MARK: Cells

    /// The compare-and-set of a cell: applies `changes` only if cell `seq` of run `id` is at
    /// `expectedAttempt` with `expectedStatus`. Whether it changed (exactly one row).
    public func updateCell(
        run id: String, seq: Int, expectedAttempt: Int, expectedStatus: CellStatus, set changes: [CellChange]
    ) throws -> Bool {
        try perform {
            try $0.updateCell(
                run: id, seq: seq, expectedAttempt: expectedAttempt, expectedStatus: expectedStatus, changes: changes)
        }
    }

    /// Records the build id of a cell's attempt `attempt` only while none is recorded (also on the
    /// attempt's row). Whether the cell's changed.
    public func setCellBuildId(run id: String, seq: Int, attempt: Int, buildId: String) throws -> Bool {
        try perform { try $0.setCellBuildId(run: id, seq: seq, attempt: attempt, buildId: buildId) }
    }

    // MARK: Attempts

    /// Stores a new `running` attempt of a cell; a token in use already fails with `.sqlite`.
    public func insertAttempt(
        run id: String, seq: Int, attempt: Int, token: String?, startedAt: Date, buildId: String? = nil,
        pid: Int32? = nil
    ) throws {
        try perform {
            try $0.insertAttempt(
                run: id, seq: seq, attempt: attempt, token: token, buildId: buildId, pid: pid, startedAt: startedAt)
        }
    }

    /// Ends an attempt with `status`, only if it has not ended yet; whether it did.
    public func finishAttempt(
        run id: String, seq: Int, attempt: Int, status: CellStatus, finishedAt: Date, error: String? = nil,
        report: JSONValue? = nil
    ) throws -> Bool {
        try perform {
            try $0.finishAttempt(
                run: id, seq: seq, attempt: attempt, status: status, finishedAt: finishedAt, error: error,
                report: report)
        }
    }

    /// Applies `changes` to an attempt (a new token on restart, its pid, …); whether it exists.
    public func updateAttempt(run id: String, seq: Int, attempt: Int, set changes: [AttemptChange]) throws -> Bool {
        try perform { try $0.updateAttempt(run: id, seq: seq, attempt: attempt, changes: changes) }
    }

    // MARK: Events

    /// Appends an entry to run `id`'s event log; returns its id. Events are never changed or removed.
    @discardableResult
    public func appendEvent(
        run id: String, seq: Int? = nil, attempt: Int? = nil, kind: EventKind, from: String? = nil, to: String? = nil,
        detail: JSONValue? = nil, at time: Date
    ) throws -> Int64 {
        try perform {
            try $0.appendEvent(
                run: id, seq: seq, attempt: attempt, kind: kind, from: from, to: to, detail: detail, at: time)
        }
    }

    // MARK: Clients

    /// Adds a client (only the SHA-256 of `id` is stored).
    public func addClient(name: String, id: String, at time: Date = Date()) throws -> ClientRecord {
        try perform { try $0.addClient(name: name, id: id, at: time) }
    }

    // MARK: Webhook deliveries

    /// Claims webhook token `token` for its first delivery (recording the attempt it belongs to,
    /// the body's SHA-256 and what it did); `false` when the token was used already: then
    /// nothing is written and the delivery must change nothing.
    public func claimWebhookToken(
        _ token: String, run id: String, seq: Int, attempt: Int, outcome: String, bodySHA256: String, at time: Date
    ) throws -> Bool {
        try perform {
            try $0.claimWebhookToken(
                token, run: id, seq: seq, attempt: attempt, outcome: outcome, bodySHA256: bodySHA256, at: time)
        }
    }

    /// Sets what the delivery that claimed `token` did; whether it is recorded.
    public func setWebhookDeliveryOutcome(_ token: String, outcome: String) throws -> Bool {
        try perform { try $0.setWebhookDeliveryOutcome(token, outcome: outcome) }
    }

    // MARK: Reads inside the transaction

    /// The run with `id`, as this transaction sees it.
    public func run(id: String) throws -> RunRecord? {
        try perform { try $0.run(id: id) }
    }

    /// The status of run `id`, as this transaction sees it (cheaper than the whole run).
    public func runStatus(id: String) throws -> RunStatus? {
        try perform { try $0.runStatus(id: id) }
    }

    /// The cells of run `id`, in seq order.
    public func cells(run id: String) throws -> [CellRecord] {
        try perform { try $0.cells(run: id) }
    }

    /// Cell `seq` of run `id`.
    public func cell(run id: String, seq: Int) throws -> CellRecord? {
        try perform { try $0.cell(run: id, seq: seq) }
    }

    /// The attempts of a cell, oldest first.
    public func attempts(run id: String, seq: Int) throws -> [AttemptRecord] {
        try perform { try $0.attempts(run: id, seq: seq) }
    }

    /// The attempt whose webhook token is `token`.
    public func attempt(token: String) throws -> AttemptRecord? {
        try perform { try $0.attempt(token: token) }
    }
}
