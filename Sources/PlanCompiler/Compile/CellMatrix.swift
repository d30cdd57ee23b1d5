import JSON

/// Turns the line of steps into cells: one per capability of each step's matrix, with lanes.
///
/// The layout (each stage's cells, with their capabilities and lanes) is worked out first and the
/// cells are made from it afterwards, so the canonical text can be written from the layout (and
/// hashed on another thread) with the cells made in between.
struct CellMatrix: Sendable {
    /// The matrix used when a plan names none: chrome alone, as the original service did.
    static let defaultMatrix = [Capability(members: ["browserName": "chrome"])]
    static let defaultTimeoutSeconds = 3600

    /// The steps' indices in the order they run: stage `s` (0-based) runs `steps[line[s]]`.
    let line: [Int]
    /// The first cell of each stage (and, last, the number of cells).
    private(set) var firstCell: [Int] = []
    /// The lanes of each stage whose step has its own matrix.
    private(set) var ownLanes: [[Int]]
    private let planMembers: [[String: JSONValue]]
    private let planLanes: [Int?]
    /// The plan's default timeout and retries, for steps that set none.
    let timeout: Int
    let retries: Int
    /// Set when the plan has more cells than allowed; the layout is then incomplete.
    private(set) var overLimit = false

    /// The number of cells.
    var count: Int { firstCell.last ?? 0 }

    init(line: [Int], steps: [ExpandedStep], plan: PlanSyntax, maxCells: Int) {
        self.line = line
        let planMatrix = plan.capabilities?.value.map(\.value) ?? CellMatrix.defaultMatrix
        var lanes: [String: Int] = [:]
        for capability in planMatrix where lanes[capability.identity] == nil {
            lanes[capability.identity] = lanes.count + 1
        }
        timeout = plan.defaultTimeoutSeconds ?? CellMatrix.defaultTimeoutSeconds
        retries = plan.defaultRetries ?? 0
        // A capability's identity is its canonical JSON, and the plan's matrix has fixed lanes:
        // work both out once, not once per cell.
        let planIdentities = planMatrix.map(\.identity)
        planLanes = planIdentities.map { lanes[$0] }
        planMembers = planMatrix.map(\.members)
        // The number of cells is known before any is made: a plan over the limit makes none. Each
        // stage's first cell and the lanes of steps with their own matrix are worked out here, in
        // order (lanes are given in the order capabilities first appear).
        firstCell.reserveCapacity(line.count + 1)
        ownLanes = Array(repeating: [], count: line.count)
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
        overLimit = total > maxCells
    }

    // The steps are read in place, field by field, through their buffer: `steps[i]` as a whole
    // would copy the step, retaining each of its references.

    /// The capability of the `k`-th cell of stage `stageIndex` (of `steps`); `nil` for a command.
    @inline(__always)
    func capability(
        _ steps: UnsafeBufferPointer<ExpandedStep>, stage stageIndex: Int, cell k: Int
    )
        -> [String: JSONValue]?
    {
        let step = line[stageIndex]
        if steps[step].kind == .command { return nil }
        if steps[step].capabilities != nil { return steps[step].capabilities?[k].value.members }
        return planMembers[k]
    }

    /// The lane of the `k`-th cell of stage `stageIndex` (of `steps`); `nil` for a command.
    @inline(__always)
    func lane(_ steps: UnsafeBufferPointer<ExpandedStep>, stage stageIndex: Int, cell k: Int) -> Int? {
        let step = line[stageIndex]
        if steps[step].kind == .command { return nil }
        if steps[step].capabilities != nil { return ownLanes[stageIndex][k] }
        return planLanes[k]
    }

    /// The cells, in `seq` order (`needs` are the steps' resolved needs), and what `body` returned.
    ///
    /// The cells are made while `body` runs, a few stages at a time in between other work, through
    /// the `Maker` it is given; stages it leaves out are made when it returns.
    func cells<Result>(
        _ steps: [ExpandedStep], needs resolvedNeeds: [[Int]], while body: (_ maker: Maker) -> Result
    ) -> (cells: [CompiledCell], result: Result) {
        let total = count
        // Each cell is initialized in place: building it whole and moving it into the array, or
        // assigning over a blank one, copies and releases its references for nothing.
        var result: Result?
        let cells = [CompiledCell](unsafeUninitializedCapacity: total) { out, initialized in
            steps.withUnsafeBufferPointer { steps in
                let maker = Maker(matrix: self, target: Target(cells: out, steps: steps, needs: resolvedNeeds))
                result = body(maker)
                maker.make(maker.made..<line.count)
            }
            initialized = total
        }
        // A broken invariant only: the array's initializer runs its closure exactly once.
        guard let result else { preconditionFailure("the cells were made without running the body") }
        return (cells, result)
    }

    /// Makes the cells of a matrix, stage by stage, each stage once, from the first stage on.
    final class Maker {
        private let matrix: CellMatrix
        private let target: Target
        /// The stages before this one are made, or given to a job.
        private(set) var made = 0

        fileprivate init(matrix: CellMatrix, target: Target) {
            self.matrix = matrix
            self.target = target
        }

        /// The part of `stages` not yet made: only the next stages are made, each once (a range
        /// elsewhere would leave cells uninitialized or initialize them twice).
        private func next(_ stages: Range<Int>) -> Range<Int>? {
            let next = max(stages.lowerBound, made)..<min(stages.upperBound, matrix.line.count)
            guard next.lowerBound == made, !next.isEmpty else { return nil }
            made = next.upperBound
            return next
        }

        /// Makes the cells of the next `stages` here and now.
        func make(_ stages: Range<Int>) {
            guard let next = next(stages) else { return }
            matrix.fill(next, into: target)
        }

        /// A job that makes the cells of the next `stages` on the thread that runs it. The job must
        /// have run when the `body` of `cells(_:needs:while:)` returns.
        func job(_ stages: Range<Int>) -> @Sendable () -> Void {
            guard let next = next(stages) else { return {} }
            let matrix = self.matrix
            let target = self.target
            return { matrix.fill(next, into: target) }
        }
    }

    /// Initializes the cells of `stages`.
    fileprivate func fill(_ stages: Range<Int>, into target: Target) {
        guard let out = target.cells.baseAddress else { return }
        let steps = target.steps
        let resolvedNeeds = target.needs
        for stageIndex in stages {
            let stepIndex = line[stageIndex]
            let needs = resolvedNeeds[stepIndex].isEmpty ? [] : resolvedNeeds[stepIndex].map { steps[$0].id }
            // The stage's cells differ only in seq, capability and lane: each is a copy of one cell
            // with those set (a cell built whole for each would be built, copied and destroyed).
            var cell = CompiledCell(
                seq: 0, stage: stageIndex + 1, stepId: steps[stepIndex].id, kind: steps[stepIndex].kind,
                target: steps[stepIndex].target, capability: nil, lane: nil,
                timeoutSeconds: steps[stepIndex].timeoutSeconds ?? timeout,
                retries: steps[stepIndex].retries ?? retries, continueOnError: steps[stepIndex].continueOnError,
                needs: needs)
            let first = firstCell[stageIndex]
            for k in 0..<(firstCell[stageIndex + 1] - first) {
                cell.seq = first + k + 1
                cell.capability = capability(steps, stage: stageIndex, cell: k)
                cell.lane = lane(steps, stage: stageIndex, cell: k)
                (out + first + k).initialize(to: cell)
            }
        }
    }
}

/// The memory the cells are made in and the steps they are made from, for the `Maker`'s jobs.
///
/// `@unchecked Sendable`: a job on another thread writes only the cells of its own stages (the
/// `Maker` hands out each stage once) and only reads `steps`; both buffers outlive every job,
/// which must have run before `cells(_:needs:while:)` returns.
private struct Target: @unchecked Sendable {
    let cells: UnsafeMutableBufferPointer<CompiledCell>
    let steps: UnsafeBufferPointer<ExpandedStep>
    let needs: [[Int]]
}
