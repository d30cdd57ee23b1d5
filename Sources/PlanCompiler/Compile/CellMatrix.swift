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
        // Cells start blank (no references to count) and get their fields set in place: building
        // each cell whole and moving it into the array copies it, references and all.
        let blank = CompiledCell(
            seq: 0, stage: 0, stepId: "", kind: .trace, target: "", capability: nil, lane: nil, timeoutSeconds: 0,
            retries: 0, continueOnError: false, needs: [])
        var built = [CompiledCell](repeating: blank, count: total)
        built.withUnsafeMutableBufferPointer { out in
            steps.withUnsafeBufferPointer { steps in
                var n = 0
                for (stageIndex, stepIndex) in line.enumerated() {
                    let needs = resolvedNeeds[stepIndex].isEmpty ? [] : resolvedNeeds[stepIndex].map { steps[$0].id }
                    let cellTimeout = steps[stepIndex].timeoutSeconds ?? timeout
                    let cellRetries = steps[stepIndex].retries ?? retries
                    let isCommand = steps[stepIndex].kind == .command
                    let count = isCommand ? 1 : (steps[stepIndex].capabilities?.count ?? planMatrix.count)
                    for k in 0..<count {
                        out[n].seq = n + 1
                        out[n].stage = stageIndex + 1
                        out[n].stepId = steps[stepIndex].id
                        out[n].kind = steps[stepIndex].kind
                        out[n].target = steps[stepIndex].target
                        out[n].timeoutSeconds = cellTimeout
                        out[n].retries = cellRetries
                        out[n].continueOnError = steps[stepIndex].continueOnError
                        out[n].needs = needs
                        if isCommand {
                            // A command has no capability and no lane: the blank's nil values stay.
                        } else if let own = steps[stepIndex].capabilities?[k].value {
                            let identity = own.identity
                            let lane: Int
                            if let known = lanes[identity] {
                                lane = known
                            } else {
                                lane = lanes.count + 1
                                lanes[identity] = lane
                            }
                            out[n].capability = own.members
                            out[n].lane = lane
                        } else {
                            out[n].capability = planMembers[k]
                            out[n].lane = planLanes[k]
                        }
                        n += 1
                    }
                }
            }
        }
        cells = built
    }
}
