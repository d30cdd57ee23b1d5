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
        // A capability's identity is its canonical JSON, and the plan's matrix has fixed lanes:
        // work both out once, not once per cell.
        let planIdentities = planMatrix.map(\.identity)
        let planLanes = planIdentities.map { lanes[$0] }
        let planMembers = planMatrix.map(\.members)
        // The number of cells is known before any is made: a plan over the limit makes none.
        var total = 0
        for stepIndex in line {
            total += steps[stepIndex].kind == .command ? 1 : (steps[stepIndex].capabilities?.count ?? planMatrix.count)
        }
        guard total <= maxCells else {
            overLimit = true
            return
        }
        // Each cell is written into place (no copy of a cell and its references).
        cells = steps.withUnsafeBufferPointer { steps in
            [CompiledCell](unsafeUninitializedCapacity: total) { buffer, initialized in
                guard let base = buffer.baseAddress else { return }
                for (stageIndex, stepIndex) in line.enumerated() {
                    let needs = resolvedNeeds[stepIndex].isEmpty ? [] : resolvedNeeds[stepIndex].map { steps[$0].id }
                    let cellTimeout = steps[stepIndex].timeoutSeconds ?? timeout
                    let cellRetries = steps[stepIndex].retries ?? retries
                    let isCommand = steps[stepIndex].kind == .command
                    let count = isCommand ? 1 : (steps[stepIndex].capabilities?.count ?? planMatrix.count)
                    for k in 0..<count {
                        var capability: [String: JSONValue]?
                        var lane: Int?
                        if isCommand {
                            capability = nil
                        } else if let own = steps[stepIndex].capabilities?[k].value {
                            let identity = own.identity
                            if let known = lanes[identity] {
                                lane = known
                            } else {
                                lane = lanes.count + 1
                                lanes[identity] = lane
                            }
                            capability = own.members
                        } else {
                            capability = planMembers[k]
                            lane = planLanes[k]
                        }
                        let cell = CompiledCell(
                            seq: initialized + 1, stage: stageIndex + 1, stepId: steps[stepIndex].id,
                            kind: steps[stepIndex].kind, target: steps[stepIndex].target, capability: capability,
                            lane: lane, timeoutSeconds: cellTimeout, retries: cellRetries,
                            continueOnError: steps[stepIndex].continueOnError, needs: needs)
                        (base + initialized).initialize(to: consume cell)
                        initialized += 1
                    }
                }
            }
        }
    }
}
