import JSON

/// A plan after compiling: a line of stages, each stage a set of cells, with the plan's run settings.
///
/// This is what is stored (one row per cell) and what `orch compile` shows; its JSON form
/// (`jsonValue`) is the contract in plan-format.md.
public struct CompiledPlan: Sendable, Hashable {
    /// The plan's name (`[a-z0-9_-]+`).
    public var name: String
    /// `sha256:` and the hex SHA-256 of the canonical JSON of everything but the hash itself.
    public var hash: String
    /// The Usetrace project id, when the plan names one.
    public var project: String?
    /// The site Usetrace runs against, when the plan names one.
    public var baseUrl: String?
    /// Trace parameters passed to Usetrace unchanged.
    public var parameters: [String: JSONValue]
    /// How cells of consecutive stages wait for each other.
    public var order: RunOrder
    /// What a failure that is not `continueOnError` does to the rest of the run.
    public var onFailure: FailurePolicy
    /// The most cells of one stage running at once; `nil` means all of them.
    public var maxParallel: Int?
    /// The number of stages (1-based stage numbers run from 1 to `stageCount`).
    public var stageCount: Int
    /// Every cell, in `seq` order (1-based, stage by stage).
    public var cells: [CompiledCell]

    public init(
        name: String, hash: String, project: String?, baseUrl: String?, parameters: [String: JSONValue],
        order: RunOrder, onFailure: FailurePolicy, maxParallel: Int?, stageCount: Int, cells: [CompiledCell]
    ) {
        self.name = name
        self.hash = hash
        self.project = project
        self.baseUrl = baseUrl
        self.parameters = parameters
        self.order = order
        self.onFailure = onFailure
        self.maxParallel = maxParallel
        self.stageCount = stageCount
        self.cells = cells
    }
}

/// One unit of execution: one step on one capability (or a command step's single cell).
public struct CompiledCell: Sendable, Hashable {
    /// 1-based position in the whole plan.
    public var seq: Int
    /// 1-based stage number.
    public var stage: Int
    /// The step id (explicit, or the default id described in plan-format.md).
    public var stepId: String
    /// What the cell runs.
    public var kind: StepKind
    /// The trace id, the tag name, or the command line.
    public var target: String
    /// The browser capability (`browserName` and any keys passed through); `nil` for a command.
    public var capability: [String: JSONValue]?
    /// 1-based lane: the capability's place in the plan's matrix; `nil` for a command.
    public var lane: Int?
    /// How long one attempt may take before it ends in `error`.
    public var timeoutSeconds: Int
    /// Extra attempts of a failed or errored cell.
    public var retries: Int
    /// Whether a failure of this cell is soft (the run goes on and may still pass).
    public var continueOnError: Bool
    /// The step ids this step needs, as written (after group expansion).
    public var needs: [String]

    public init(
        seq: Int, stage: Int, stepId: String, kind: StepKind, target: String, capability: [String: JSONValue]?,
        lane: Int?, timeoutSeconds: Int, retries: Int, continueOnError: Bool, needs: [String]
    ) {
        self.seq = seq
        self.stage = stage
        self.stepId = stepId
        self.kind = kind
        self.target = target
        self.capability = capability
        self.lane = lane
        self.timeoutSeconds = timeoutSeconds
        self.retries = retries
        self.continueOnError = continueOnError
        self.needs = needs
    }

    /// The capability's `browserName`, when it has one.
    public var browserName: String? { capability?["browserName"]?.stringValue }
}

/// The kind of a compiled step.
public enum StepKind: String, Sendable, Hashable, CaseIterable {
    case trace, tag, command
}

/// `order:` — whether every browser ends a step before the next starts, or each browser runs on its own lane.
public enum RunOrder: String, Sendable, Hashable, CaseIterable {
    case stage, lane
}

/// `onFailure:` — skip what remains after a hard failure, or go on.
public enum FailurePolicy: String, Sendable, Hashable, CaseIterable {
    case stop, `continue`
}
