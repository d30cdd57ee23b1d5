import Crypto
import JSON
import PlanCompiler
import Store

/// The plan of a rerun: the same compiled plan, or (for `?failed=true`) only the cells that did
/// not pass, renumbered, in their order, as a compiled plan of its own (with its own hash).
enum RerunPlan {
    /// `plan` again, or with `failedOnly` the cells whose record in `cells` did not end `passed`
    /// (failed, errored, skipped or cancelled); `nil` when that leaves nothing to run.
    static func make(_ plan: CompiledPlan, cells: [CellRecord], failedOnly: Bool) -> CompiledPlan? {
        guard failedOnly else { return plan }
        let passed = Set(cells.filter { $0.status == .passed }.map(\.seq))
        let kept = plan.cells.filter { !passed.contains($0.seq) }
        guard !kept.isEmpty else { return nil }
        let stages = Array(Set(kept.map(\.stage))).sorted()
        let stageNumber = Dictionary(uniqueKeysWithValues: stages.enumerated().map { ($1, $0 + 1) })
        let keptIds = Set(kept.map(\.stepId))
        var subset = plan
        subset.cells = kept.enumerated().map { index, cell in
            var cell = cell
            cell.seq = index + 1
            cell.stage = stageNumber[cell.stage] ?? cell.stage
            cell.needs = cell.needs.filter(keptIds.contains)
            return cell
        }
        subset.stageCount = stages.count
        subset.hash = hash(of: subset)
        return subset
    }

    /// The content hash as the compiler makes it: SHA-256 of the canonical JSON of everything but the hash.
    static func hash(of plan: CompiledPlan) -> String {
        guard case .object(var members) = plan.jsonValue else { return plan.hash }
        members["hash"] = nil
        return "sha256:" + Digest.sha256Hex(JSONValue.object(members).canonicalText)
    }
}
