import PlanCompiler

/// The plan settings that the scheduler reads.
public struct ScheduleSettings: Sendable, Hashable {
    /// Stage order (a barrier between stages) or lane order (each browser on its own).
    public var order: RunOrder
    /// Whether a hard failure skips the later stages.
    public var onFailure: FailurePolicy
    /// The most running cells of one stage; `nil` means no limit.
    public var maxParallel: Int?

    /// Settings from their parts (defaults: stage order, stop, no limit).
    public init(order: RunOrder = .stage, onFailure: FailurePolicy = .stop, maxParallel: Int? = nil) {
        self.order = order
        self.onFailure = onFailure
        self.maxParallel = maxParallel
    }

    /// The settings of a compiled plan.
    public init(_ plan: CompiledPlan) {
        self.init(order: plan.order, onFailure: plan.onFailure, maxParallel: plan.maxParallel)
    }
}
