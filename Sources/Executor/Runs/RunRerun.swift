import Foundation
import JSON
import PlanCompiler
import Store

/// A new run of an ended run's compiled plan, as `orch runs rerun` and `POST /api/v1/runs/{id}/rerun`
/// make it: every cell again, or with `failedOnly` only the cells that did not pass.
///
/// With `failedOnly`, a cell that passed (flaky too) is skipped at once in the new run with the reason
/// `not rerun: passed in run ID`; such a cell counts as passed in a rerun of the rerun, so reruns narrow.
public struct RunRerun: Sendable, Hashable {
    /// The run setting naming the run that a rerun runs again.
    public static let rerunOfSetting = "rerunOf"
    /// The run setting saying whether a rerun runs only the cells that did not pass.
    public static let failedOnlySetting = "rerunFailedOnly"
    /// The run setting listing the cells a `failedOnly` rerun skipped because they had passed.
    public static let passedBeforeSetting = "passedBefore"

    /// The run to run again.
    public let source: RunRecord
    /// Whether only the cells that did not pass run again.
    public let failedOnly: Bool
    /// The seqs of the source's cells that the rerun skips as passed (none without `failedOnly`).
    public let passedSeqs: [Int]
    /// The number of cells of the plan.
    public let cellCount: Int

    /// The rerun of `source`, whose cells are `cells`.
    public init(of source: RunRecord, cells: [CellRecord], failedOnly: Bool) {
        self.source = source
        self.failedOnly = failedOnly
        cellCount = cells.count
        guard failedOnly else {
            passedSeqs = []
            return
        }
        let passedBefore = Set(
            source.settings[Self.passedBeforeSetting]?.arrayValue?.compactMap { $0.intValue.map(Int.init) } ?? [])
        passedSeqs = cells.filter { $0.status == .passed || ($0.status == .skipped && passedBefore.contains($0.seq)) }
            .map(\.seq)
    }

    /// How many cells the rerun runs.
    public var cellsToRun: Int { cellCount - passedSeqs.count }

    /// The reason each cell skipped as passed carries.
    public var skipReason: String { "not rerun: passed in run \(source.id)" }

    /// Stores the rerun in one transaction: a run of `plan` (the source's) for the source's client,
    /// claimed by this process, in the source's folder (else `defaultWorkingDirectory`, if any), with
    /// `usetraceKey` or else the source's stored API key; the passed cells are skipped, each with a
    /// `cell.skipped` event.
    public func create(
        in store: Store, plan: CompiledPlan, usetraceKey: String? = nil, defaultWorkingDirectory: String? = nil,
        at now: Date = Date()
    ) throws -> RunRecord {
        try store.write(
            transaction(
                in: store, plan: plan, usetraceKey: usetraceKey, defaultWorkingDirectory: defaultWorkingDirectory,
                at: now))
    }

    /// `create(in:plan:usetraceKey:defaultWorkingDirectory:at:)` for async callers: awaits the
    /// commit without holding a thread.
    public func create(
        in store: Store, plan: CompiledPlan, usetraceKey: String? = nil, defaultWorkingDirectory: String? = nil,
        at now: Date = Date()
    ) async throws -> RunRecord {
        try await store.write(
            transaction(
                in: store, plan: plan, usetraceKey: usetraceKey, defaultWorkingDirectory: defaultWorkingDirectory,
                at: now))
    }

    /// The write that stores the rerun (the source's key is read here, before it: a write's body
    /// must not call the store).
    private func transaction(
        in store: Store, plan: CompiledPlan, usetraceKey: String?, defaultWorkingDirectory: String?, at now: Date
    ) throws -> @Sendable (WriteTransaction) throws -> RunRecord {
        let key = try usetraceKey ?? store.runSecrets(id: source.id)?.usetraceKey
        var settings: [String: JSONValue] = [
            DriverClaim.setting: DriverClaim.ownSetting.value,
            Self.rerunOfSetting: .string(source.id),
            Self.failedOnlySetting: .bool(failedOnly),
            Self.passedBeforeSetting: .array(passedSeqs.map { .int(Int64($0)) }),
        ]
        if let folder = source.settings[RunDriver.workingDirectorySetting]
            ?? defaultWorkingDirectory.map(JSONValue.string)
        {
            settings[RunDriver.workingDirectorySetting] = folder
        }
        return { [self, settings] tx in
            let run = try tx.createRun(
                plan: plan, clientName: source.clientName, usetraceKey: key, settings: settings, at: now)
            for seq in passedSeqs {
                _ = try tx.updateCell(
                    run: run.id, seq: seq, expectedAttempt: 0, expectedStatus: .pending,
                    set: [.status(.skipped), .finishedAt(now), .error(skipReason)])
                try tx.appendEvent(
                    run: run.id, seq: seq, attempt: 0, kind: .cellSkipped, from: CellStatus.pending.rawValue,
                    to: CellStatus.skipped.rawValue,
                    detail: ["reason": .string(skipReason), "rerunOf": .string(source.id)], at: now)
            }
            return run
        }
    }
}
