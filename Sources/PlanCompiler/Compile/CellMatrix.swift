import Dispatch
import JSON

/// Turns the line of steps into cells: one per capability of each step's matrix, with lanes.
struct CellMatrix {
    var cells: [CompiledCell] = []
    var overLimit = false

    /// The matrix used when a plan names none: chrome alone, as the original service did.
    static let defaultMatrix = [Capability(members: ["browserName": "chrome"])]
    static let defaultTimeoutSeconds = 3600
    /// Matrices of at least this many cells are filled by two threads.
    static let parallelCellCount = 8192

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
        // The number of cells is known before any is made: a plan over the limit makes none. Each
        // stage's first cell and the lanes of steps with their own matrix are worked out here, in
        // order (lanes are given in the order capabilities first appear).
        var firstCell: [Int] = []
        firstCell.reserveCapacity(line.count + 1)
        var ownLanes: [[Int]] = Array(repeating: [], count: line.count)
        var total = 0
        for (stageIndex, stepIndex) in line.enumerated() {
            firstCell.append(total)
            if steps[stepIndex].kind == .command {
                total += 1
            } else if let own = steps[stepIndex].capabilities {
                total += own.count
                ownLanes[stageIndex] = own.map { capability in
                    let identity = capability.value.identity
                    if let known = lanes[identity] { return known }
                    lanes[identity] = lanes.count + 1
                    return lanes.count
                }
            } else {
                total += planMatrix.count
            }
        }
        firstCell.append(total)
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
        let fill = Fill(
            line: line, firstCell: firstCell, ownLanes: ownLanes, resolvedNeeds: resolvedNeeds,
            planMembers: planMembers,
            planLanes: planLanes, timeout: timeout, retries: retries)
        built.withUnsafeMutableBufferPointer { out in
            steps.withUnsafeBufferPointer { steps in
                let target = Shared(cells: out, steps: steps)
                // Stages are independent once lanes are known: a large matrix is filled in two halves at once.
                if total >= CellMatrix.parallelCellCount {
                    let middle = line.count / 2
                    DispatchQueue.concurrentPerform(iterations: 2) { half in
                        fill.stages(half == 0 ? 0..<middle : middle..<line.count, into: target)
                    }
                } else {
                    fill.stages(0..<line.count, into: target)
                }
            }
        }
        cells = built
    }
}

/// The memory two threads fill at once: the cells being made and the steps they come from.
///
/// `@unchecked Sendable`: each thread writes only the cells of its own stages (disjoint ranges of
/// `cells`) and only reads `steps`; both buffers outlive the parallel fill.
private struct Shared: @unchecked Sendable {
    let cells: UnsafeMutableBufferPointer<CompiledCell>
    let steps: UnsafeBufferPointer<ExpandedStep>
}

/// Everything a stage's cells are made from, worked out before the cells are.
private struct Fill: Sendable {
    let line: [Int]
    /// The first cell of each stage (and, last, the number of cells).
    let firstCell: [Int]
    /// The lanes of each stage whose step has its own matrix.
    let ownLanes: [[Int]]
    let resolvedNeeds: [[Int]]
    let planMembers: [[String: JSONValue]]
    let planLanes: [Int?]
    let timeout: Int
    let retries: Int

    /// Sets the fields of the cells of `stages`.
    func stages(_ stages: Range<Int>, into shared: Shared) {
        let out = shared.cells
        let steps = shared.steps
        for stageIndex in stages {
            let stepIndex = line[stageIndex]
            let needs = resolvedNeeds[stepIndex].isEmpty ? [] : resolvedNeeds[stepIndex].map { steps[$0].id }
            let cellTimeout = steps[stepIndex].timeoutSeconds ?? timeout
            let cellRetries = steps[stepIndex].retries ?? retries
            let isCommand = steps[stepIndex].kind == .command
            var n = firstCell[stageIndex]
            for k in 0..<(firstCell[stageIndex + 1] - n) {
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
                } else if let own = steps[stepIndex].capabilities {
                    out[n].capability = own[k].value.members
                    out[n].lane = ownLanes[stageIndex][k]
                } else {
                    out[n].capability = planMembers[k]
                    out[n].lane = planLanes[k]
                }
                n += 1
            }
        }
    }
}
