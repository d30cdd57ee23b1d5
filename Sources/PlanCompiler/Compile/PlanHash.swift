import Crypto
import JSON

/// The content hash of a compiled plan: SHA-256 of its canonical JSON (`CompiledPlan.contentJSON`
/// written compactly with sorted keys).
///
/// The canonical text is written straight into bytes with the keys in their sorted order, since a
/// plan of 30,000 cells would otherwise build a large `JSONValue` tree only to hash it. The cells of
/// one step differ only in their capability, lane and seq, so the rest of a step's text is rendered
/// once. A test checks that the bytes equal `JSONValue.canonicalText` of the same plan.
enum PlanHash {
    /// The size of the pieces the canonical text is written and hashed in.
    static let chunkSize = 64 * 1024

    /// A hash under way: the whole text is written, and the hashing queue may still be at work on it.
    struct Pending {
        fileprivate let hasher: ChunkHasher
        fileprivate let last: ByteChunk

        /// `sha256:` and the hex digest, once the queue has hashed everything.
        func digest() -> String {
            "sha256:" + hasher.digest(last: last)
        }
    }

    /// Writes the canonical text of `plan` with the cells `matrix` lays out from `steps` and their
    /// resolved `needs` (the plan's own `cells` are not read: they may still be empty), hashing it as
    /// it is written, and has `maker` make the cells of each few stages once their text is written:
    /// here, or on the hashing queue when it has caught up with the writer. The cells are all made
    /// when this returns.
    static func begin(
        _ plan: CompiledPlan, cells matrix: CellMatrix, steps: [ExpandedStep], needs: [[Int]],
        making maker: CellMatrix.Maker
    ) -> Pending {
        // Hashed as it is written: a 30,000-cell plan's text is 7 MB, not worth keeping whole.
        let hasher = ChunkHasher()
        let out = CanonicalWriter(chunkSize: chunkSize, emptyChunk: hasher.emptyChunk, onFullChunk: hasher.add)
        steps.withUnsafeBufferPointer { steps in
            write(plan, LaidOutCells(matrix: matrix, steps: steps, needs: needs), to: out) { stages in
                // The writer is faster than the hash: the queue that has caught up makes cells
                // instead of waiting for the next chunk (on a busy machine it rarely has).
                if !hasher.runIfIdle({ maker.job(stages) }) { maker.make(stages) }
            }
        }
        let last = out.finish()
        hasher.waitForQueue()
        return Pending(hasher: hasher, last: last)
    }

    /// `sha256:` and the hex digest of the canonical text of `plan`, made from its cells.
    static func hash(_ plan: CompiledPlan) -> String {
        let hasher = ChunkHasher()
        let out = CanonicalWriter(chunkSize: chunkSize, emptyChunk: hasher.emptyChunk, onFullChunk: hasher.add)
        plan.cells.withUnsafeBufferPointer { write(plan, MadeCells(cells: $0), to: out) }
        return Pending(hasher: hasher, last: out.finish()).digest()
    }

    /// The canonical text of `plan`, made from its cells.
    static func canonicalBytes(_ plan: CompiledPlan) -> [UInt8] {
        var bytes: [UInt8] = []
        let out = CanonicalWriter(chunkSize: chunkSize) { chunk in chunk.withBytes { bytes.append(contentsOf: $0) } }
        plan.cells.withUnsafeBufferPointer { write(plan, MadeCells(cells: $0), to: out) }
        out.finish().withBytes { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// Stages written between calls of `begin`'s `written`: some 50 KB of text for three browsers,
    /// so the writer stays about a chunk ahead of the hashing queue and the chunks go round warm.
    static let stagesPerCall = 64

    /// Writes the text of `plan` with `cells` in place of its own, calling `written` after each
    /// `stagesPerCall` runs of cells and after the last.
    private static func write(
        _ plan: CompiledPlan, _ cells: some CanonicalCells, to out: CanonicalWriter,
        written: (Range<Int>) -> Void = { _ in }
    ) {
        // Keys in UTF-8 order: baseUrl, cells, maxParallel, name, onFailure, order, parameters, project, stages, steps.
        out.raw("{\"baseUrl\":")
        out.optionalString(plan.baseUrl)
        out.raw(",\"cells\":")
        out.int(cells.cellCount)
        out.raw(",\"maxParallel\":")
        if let p = plan.maxParallel { out.int(p) } else { out.raw("null") }
        out.raw(",\"name\":")
        out.string(plan.name)
        out.raw(",\"onFailure\":")
        out.string(plan.onFailure.rawValue)
        out.raw(",\"order\":")
        out.string(plan.order.rawValue)
        out.raw(",\"parameters\":")
        out.text(JSONValue.object(plan.parameters).canonicalText)
        out.raw(",\"project\":")
        out.optionalString(plan.project)
        out.raw(",\"stages\":")
        out.int(plan.stageCount)
        out.raw(",\"steps\":[")
        var capabilityText = CapabilityTexts()
        // Per step, in one reused buffer: the text from continueOnError to lane's value, from needs
        // to seq's value, and the rest.
        let step = StepText()
        var reported = 0
        for group in 0..<cells.groupCount {
            let range = cells.cells(ofGroup: group)
            let (beforeSeq, tail) = step.write(cells, group)
            step.withBytes { text in
                for index in range {
                    let seq = cells.seq(index)
                    let lane = cells.lane(group, index)
                    capabilityText.withText(cells, group, index) { capability in
                        // Nearly always the whole cell fits in the chunk: it is written straight in.
                        let most = 16 + capability.count + text.count + 2 * CanonicalWriter.maxDecimalLength
                        let written = out.withRoom(most) { start in
                            var p = start
                            p = copy(seq > 1 ? ",{\"capability\":" : "{\"capability\":", to: p)
                            p = copy(capability, to: p)
                            p = copy(UnsafeBufferPointer(rebasing: text[..<beforeSeq]), to: p)
                            if let lane, lane >= 0 {
                                p += CanonicalWriter.decimal(lane, at: p)
                            } else if lane == nil {
                                p = copy("null", to: p)
                            } else {
                                return 0
                            }
                            p = copy(UnsafeBufferPointer(rebasing: text[beforeSeq..<tail]), to: p)
                            guard seq >= 0 else { return 0 }
                            p += CanonicalWriter.decimal(seq, at: p)
                            p = copy(UnsafeBufferPointer(rebasing: text[tail...]), to: p)
                            return p - start
                        }
                        if written > 0 { return }
                        // Too little room left in the chunk (or a negative number): piece by piece.
                        out.raw(seq > 1 ? ",{\"capability\":" : "{\"capability\":")
                        out.bytes(capability)
                        out.bytes(UnsafeBufferPointer(rebasing: text[..<beforeSeq]))
                        if let lane { out.int(lane) } else { out.raw("null") }
                        out.bytes(UnsafeBufferPointer(rebasing: text[beforeSeq..<tail]))
                        out.int(seq)
                        out.bytes(UnsafeBufferPointer(rebasing: text[tail...]))
                    }
                }
            }
            if group + 1 - reported == stagesPerCall || group + 1 == cells.groupCount {
                written(reported..<(group + 1))
                reported = group + 1
            }
        }
        out.raw("]}")
    }
}

/// Copies `bytes` to `p` and returns where the copy ends.
@inline(__always)
private func copy(_ bytes: UnsafeBufferPointer<UInt8>, to p: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8>
{
    guard let from = bytes.baseAddress else { return p }
    p.update(from: from, count: bytes.count)
    return p + bytes.count
}

/// Copies `text` to `p` and returns where the copy ends.
@inline(__always)
private func copy(_ text: StaticString, to p: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
    p.update(from: text.utf8Start, count: text.utf8CodeUnitCount)
    return p + text.utf8CodeUnitCount
}

/// The cells the canonical text is written from: runs of cells (a stage's) that share their step's fields.
///
/// Sources are classes: handing one to each function that writes a piece then costs no copy of
/// its arrays (a struct would be copied, and each array in it retained, for every cell).
private protocol CanonicalCells: AnyObject {
    /// The number of cells, and of runs of cells that share their step's fields.
    var cellCount: Int { get }
    var groupCount: Int { get }
    /// The cells of a run, by index (0-based, in `seq` order).
    func cells(ofGroup group: Int) -> Range<Int>
    /// The fields of a run's step that all its cells share.
    func shared(_ group: Int) -> SharedFields
    /// Calls `body` with each step id the run's step needs, in order.
    func forEachNeed(_ group: Int, _ body: (String) -> Void)
    func seq(_ index: Int) -> Int
    func lane(_ group: Int, _ index: Int) -> Int?
    /// Whether the cell has a capability (a command's has none).
    func hasCapability(_ group: Int, _ index: Int) -> Bool
    func capability(_ group: Int, _ index: Int) -> [String: JSONValue]?
}

/// The fields of a cell that are its step's.
private struct SharedFields {
    var stepId: String
    var kind: StepKind
    var target: String
    var stage: Int
    var timeoutSeconds: Int
    var retries: Int
    var continueOnError: Bool
}

/// Cells already made (a plan's `cells`): a run is a stretch of cells of one stage, read from its first.
private final class MadeCells: CanonicalCells {
    let cells: UnsafeBufferPointer<CompiledCell>
    /// Where each run starts (and, last, the number of cells).
    private let starts: [Int]

    init(cells: UnsafeBufferPointer<CompiledCell>) {
        self.cells = cells
        var starts: [Int] = []
        for index in cells.indices where index == 0 || cells[index].stage != cells[index - 1].stage {
            starts.append(index)
        }
        starts.append(cells.count)
        self.starts = starts
    }

    var cellCount: Int { cells.count }
    var groupCount: Int { starts.count - 1 }
    func cells(ofGroup group: Int) -> Range<Int> { starts[group]..<starts[group + 1] }

    func shared(_ group: Int) -> SharedFields {
        let cell = cells[starts[group]]
        return SharedFields(
            stepId: cell.stepId, kind: cell.kind, target: cell.target, stage: cell.stage,
            timeoutSeconds: cell.timeoutSeconds, retries: cell.retries, continueOnError: cell.continueOnError)
    }

    func forEachNeed(_ group: Int, _ body: (String) -> Void) {
        for need in cells[starts[group]].needs { body(need) }
    }

    func seq(_ index: Int) -> Int { cells[index].seq }
    func lane(_ group: Int, _ index: Int) -> Int? { cells[index].lane }
    func hasCapability(_ group: Int, _ index: Int) -> Bool { cells[index].capability != nil }
    func capability(_ group: Int, _ index: Int) -> [String: JSONValue]? { cells[index].capability }
}

/// Cells not made yet, as a `CellMatrix` lays them out from the expanded steps: a run is a stage.
private final class LaidOutCells: CanonicalCells {
    let matrix: CellMatrix
    let steps: UnsafeBufferPointer<ExpandedStep>
    let needs: [[Int]]

    init(matrix: CellMatrix, steps: UnsafeBufferPointer<ExpandedStep>, needs: [[Int]]) {
        self.matrix = matrix
        self.steps = steps
        self.needs = needs
    }

    var cellCount: Int { matrix.count }
    var groupCount: Int { matrix.line.count }
    func cells(ofGroup group: Int) -> Range<Int> { matrix.firstCell[group]..<matrix.firstCell[group + 1] }

    func shared(_ group: Int) -> SharedFields {
        // Field by field, in place: `steps[i]` as a whole would copy the step, retaining each reference.
        let step = matrix.line[group]
        return SharedFields(
            stepId: steps[step].id, kind: steps[step].kind, target: steps[step].target, stage: group + 1,
            timeoutSeconds: steps[step].timeoutSeconds ?? matrix.timeout,
            retries: steps[step].retries ?? matrix.retries, continueOnError: steps[step].continueOnError)
    }

    func forEachNeed(_ group: Int, _ body: (String) -> Void) {
        for need in needs[matrix.line[group]] { body(steps[need].id) }
    }

    func seq(_ index: Int) -> Int { index + 1 }

    func lane(_ group: Int, _ index: Int) -> Int? {
        matrix.lane(steps, stage: group, cell: index - matrix.firstCell[group])
    }

    func hasCapability(_ group: Int, _ index: Int) -> Bool { steps[matrix.line[group]].kind != .command }

    func capability(_ group: Int, _ index: Int) -> [String: JSONValue]? {
        matrix.capability(steps, stage: group, cell: index - matrix.firstCell[group])
    }
}

/// The parts of a cell's text that all cells of its step share, written once per step into one reused chunk.
private final class StepText {
    /// Full chunks of a step text longer than one chunk (a step with very many needs), in order.
    private final class Spill {
        var bytes: [UInt8] = []
    }

    private let spill: Spill
    private let writer: CanonicalWriter

    init() {
        let spill = Spill()
        self.spill = spill
        writer = CanonicalWriter(chunkSize: 16 * 1024) { chunk in chunk.withBytes { spill.bytes.append(contentsOf: $0) }
        }
    }

    /// Where the next byte goes, counted from the start of the step's text.
    ///
    /// Counted by the writer itself: the spill is touched only when a step's text outgrows a chunk
    /// (a class's array reached from a closure is checked for exclusive access at every use).
    private var position: Int { writer.handedOn + writer.written }

    /// Writes the shared text of the run `group` of `cells`; returns where the second and third
    /// parts start (the first ends where lane's value goes, the second where seq's).
    func write(_ cells: some CanonicalCells, _ group: Int) -> (Int, Int) {
        let part = writer
        if part.handedOn > 0 { spill.bytes.removeAll(keepingCapacity: true) }
        part.reset()
        let fields = cells.shared(group)
        part.raw(fields.continueOnError ? ",\"continueOnError\":true,\"id\":" : ",\"continueOnError\":false,\"id\":")
        part.string(fields.stepId)
        switch fields.kind {
        case .trace: part.raw(",\"kind\":\"trace\",\"lane\":")
        case .tag: part.raw(",\"kind\":\"tag\",\"lane\":")
        case .command: part.raw(",\"kind\":\"command\",\"lane\":")
        }
        let second = position
        part.raw(",\"needs\":[")
        var first = true
        cells.forEachNeed(group) { need in
            if !first { part.raw(",") }
            first = false
            part.string(need)
        }
        part.raw("],\"retries\":")
        part.int(fields.retries)
        part.raw(",\"seq\":")
        let third = position
        part.raw(",\"stage\":")
        part.int(fields.stage)
        part.raw(",\"target\":")
        part.string(fields.target)
        part.raw(",\"timeoutSeconds\":")
        part.int(fields.timeoutSeconds)
        part.raw("}")
        return (second, third)
    }

    /// Calls `body` with the step's text, in place when it fits in one chunk.
    func withBytes<T>(_ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        guard writer.handedOn > 0 else { return writer.withWritten(body) }
        let whole = spill.bytes + writer.withWritten { Array($0) }
        return whole.withUnsafeBufferPointer(body)
    }
}

/// The canonical text of each lane's capability, worked out once: a lane is one capability.
private struct CapabilityTexts {
    /// Every lane's text, one after the other.
    private var storage: [UInt8] = []
    /// Where each lane's text is in `storage`, by lane number.
    private var byLane: [Range<Int>?] = []

    /// Calls `body` with the text of the capability of cell `index` of the run `group` (or `null`).
    mutating func withText(
        _ cells: some CanonicalCells, _ group: Int, _ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Void
    ) {
        guard cells.hasCapability(group, index) else {
            let null: StaticString = "null"
            body(UnsafeBufferPointer(start: null.utf8Start, count: null.utf8CodeUnitCount))
            return
        }
        let lane = cells.lane(group, index)
        if let lane, lane >= 0, lane < byLane.count, let range = byLane[lane] {
            storage.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[range])) }
            return
        }
        let text = Array(JSONValue.object(cells.capability(group, index) ?? [:]).canonicalText.utf8)
        if let lane, lane >= 0, lane < 4096 {
            if lane >= byLane.count { byLane += Array(repeating: nil, count: lane + 1 - byLane.count) }
            byLane[lane] = storage.count..<(storage.count + text.count)
            storage += text
        }
        text.withUnsafeBufferPointer(body)
    }
}
