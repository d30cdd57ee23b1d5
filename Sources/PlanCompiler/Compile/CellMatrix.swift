import JSON

/// Turns the line of steps into cells: one per capability of each step's matrix, with lanes.
struct CellMatrix {
    var cells: [CompiledCell] = []
    var overLimit = false

    /// The matrix used when a plan names none: chrome alone, as the original service did.
    static let defaultMatrix = [Capability(members: ["browserName": "chrome"])]
    static let defaultTimeoutSeconds = 3600

    init(
        line: [Int], steps: [ExpandedStep], resolvedNeeds: [[Int]], plan: PlanSyntax, maxCells: Int
    ) {
        let planMatrix = plan.capabilities?.value.map(\.value) ?? CellMatrix.defaultMatrix
        var lanes: [String: Int] = [:]
        for capability in planMatrix where lanes[capability.identity] == nil {
            lanes[capability.identity] = lanes.count + 1
        }
        let timeout = plan.defaultTimeoutSeconds ?? CellMatrix.defaultTimeoutSeconds
        let retries = plan.defaultRetries ?? 0
        cells.reserveCapacity(min(maxCells, line.count * planMatrix.count))
        // A capability's identity is its canonical JSON, and the plan's matrix has fixed lanes:
        // work both out once, not once per cell.
        let planIdentities = planMatrix.map(\.identity)
        let planLanes = planIdentities.map { lanes[$0] }
        for (stageIndex, stepIndex) in line.enumerated() {
            let step = steps[stepIndex]
            let needs = resolvedNeeds[stepIndex].map { steps[$0].id }
            func cell(_ capability: Capability?, identity: String?, knownLane: Int? = nil) -> Bool {
                guard cells.count < maxCells else {
                    overLimit = true
                    return false
                }
                var lane = knownLane
                if lane == nil, let identity {
                    if let known = lanes[identity] {
                        lane = known
                    } else {
                        lane = lanes.count + 1
                        lanes[identity] = lane
                    }
                }
                cells.append(
                    CompiledCell(
                        seq: cells.count + 1, stage: stageIndex + 1, stepId: step.id, kind: step.kind,
                        target: step.target,
                        capability: capability?.members, lane: lane, timeoutSeconds: step.timeoutSeconds ?? timeout,
                        retries: step.retries ?? retries, continueOnError: step.continueOnError, needs: needs))
                return true
            }
            if step.kind == .command {
                if !cell(nil, identity: nil) { return }
            } else if let own = step.capabilities?.map(\.value) {
                for capability in own {
                    if !cell(capability, identity: capability.identity) { return }
                }
            } else {
                for k in planMatrix.indices {
                    if !cell(planMatrix[k], identity: planIdentities[k], knownLane: planLanes[k]) { return }
                }
            }
        }
    }
}
