import Foundation
import JSON
import PlanCompiler

extension Database {
    /// Stores `plan` unless a plan with its hash is stored already.
    func savePlan(_ plan: CompiledPlan, at time: Date) throws {
        // Most runs reuse a stored plan: look before serializing it (the costly part).
        guard try queryFirst("SELECT 1 FROM plans WHERE hash = ?", [plan.hash], { _ in true }) == nil else { return }
        try execute(
            "INSERT INTO plans (hash, name, compiled, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING",
            [plan.hash, plan.name, plan.jsonValue.canonicalText, time])
    }

    /// The stored plan with `hash`, if any.
    func plan(hash: String) throws -> CompiledPlan? {
        guard let text = try queryFirst("SELECT compiled FROM plans WHERE hash = ?", [hash], { $0.text(0) }) else {
            return nil
        }
        var decoder = JSONColumnDecoder()
        guard let json = try decoder.decode(text, "plan \(hash)"), let plan = CompiledPlan(json: json) else {
            throw StoreError.invalidRecord("plan \(hash) is not a compiled plan")
        }
        return plan
    }
}
