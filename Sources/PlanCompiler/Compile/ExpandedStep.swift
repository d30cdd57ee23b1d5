/// A step after group expansion, before it is placed in the line.
struct ExpandedStep: Sendable {
    var kind: StepKind
    var target: String
    /// The step's final id: explicit, or the default id with `#n` where a default repeats.
    var id: String
    /// Where the step (or the group step it came from) is written.
    var location: SourceLocation
    /// The written step it came from (index into `PlanSyntax.steps`).
    var sourceIndex: Int
    var needs: [Located<String>]
    var capabilities: [Located<Capability>]?
    var retries: Int?
    var timeoutSeconds: Int?
    var continueOnError: Bool
}
