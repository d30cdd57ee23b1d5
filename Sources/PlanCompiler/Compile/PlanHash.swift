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

    /// Writes the plan's canonical text, hashing it as it is written; the caller may do other work
    /// before it takes the digest.
    static func begin(_ plan: CompiledPlan) -> Pending {
        // Hashed as it is written: a 30,000-cell plan's text is 7 MB, not worth keeping whole.
        let hasher = ChunkHasher()
        let out = CanonicalWriter(chunkSize: chunkSize, emptyChunk: hasher.emptyChunk, onFullChunk: hasher.add)
        write(plan, to: out)
        return Pending(hasher: hasher, last: out.finish())
    }

    static func hash(_ plan: CompiledPlan) -> String {
        begin(plan).digest()
    }

    static func canonicalBytes(_ plan: CompiledPlan) -> [UInt8] {
        var bytes: [UInt8] = []
        let out = CanonicalWriter(chunkSize: chunkSize) { chunk in chunk.withBytes { bytes.append(contentsOf: $0) } }
        write(plan, to: out)
        out.finish().withBytes { bytes.append(contentsOf: $0) }
        return bytes
    }

    private static func write(_ plan: CompiledPlan, to out: CanonicalWriter) {
        // Keys in UTF-8 order: baseUrl, cells, maxParallel, name, onFailure, order, parameters, project, stages, steps.
        out.raw("{\"baseUrl\":")
        out.optionalString(plan.baseUrl)
        out.raw(",\"cells\":")
        out.int(plan.cells.count)
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
        var beforeSeq = 0
        var tail = 0
        plan.cells.withUnsafeBufferPointer { cells in
            var previousStage = 0
            for index in cells.indices {
                if cells[index].stage != previousStage {
                    previousStage = cells[index].stage
                    (beforeSeq, tail) = step.write(cells, index)
                }
                out.raw(cells[index].seq > 1 ? ",{\"capability\":" : "{\"capability\":")
                capabilityText.write(cells, index, to: out)
                step.withBytes { text in
                    out.bytes(UnsafeBufferPointer(rebasing: text[..<beforeSeq]))
                    if let lane = cells[index].lane { out.int(lane) } else { out.raw("null") }
                    out.bytes(UnsafeBufferPointer(rebasing: text[beforeSeq..<tail]))
                    out.int(cells[index].seq)
                    out.bytes(UnsafeBufferPointer(rebasing: text[tail...]))
                }
            }
        }
        out.raw("]}")
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
    private var position: Int { spill.bytes.count + writer.written }

    /// Writes the shared text of the step of `cells[index]` (read in place, not copied); returns where
    /// the second and third parts start (the first ends where lane's value goes, the second where seq's).
    func write(_ cells: UnsafeBufferPointer<CompiledCell>, _ index: Int) -> (Int, Int) {
        spill.bytes.removeAll(keepingCapacity: true)
        let part = writer
        part.reset()
        part.raw(
            cells[index].continueOnError ? ",\"continueOnError\":true,\"id\":" : ",\"continueOnError\":false,\"id\":")
        part.string(cells[index].stepId)
        switch cells[index].kind {
        case .trace: part.raw(",\"kind\":\"trace\",\"lane\":")
        case .tag: part.raw(",\"kind\":\"tag\",\"lane\":")
        case .command: part.raw(",\"kind\":\"command\",\"lane\":")
        }
        let second = position
        part.raw(",\"needs\":[")
        for (k, need) in cells[index].needs.enumerated() {
            if k > 0 { part.raw(",") }
            part.string(need)
        }
        part.raw("],\"retries\":")
        part.int(cells[index].retries)
        part.raw(",\"seq\":")
        let third = position
        part.raw(",\"stage\":")
        part.int(cells[index].stage)
        part.raw(",\"target\":")
        part.string(cells[index].target)
        part.raw(",\"timeoutSeconds\":")
        part.int(cells[index].timeoutSeconds)
        part.raw("}")
        return (second, third)
    }

    /// Calls `body` with the step's text, in place when it fits in one chunk.
    func withBytes<T>(_ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        guard !spill.bytes.isEmpty else { return writer.withWritten(body) }
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

    /// Writes the capability of `cells[index]` (or `null`); the cell is read in place.
    mutating func write(_ cells: UnsafeBufferPointer<CompiledCell>, _ index: Int, to out: CanonicalWriter) {
        guard cells[index].capability != nil else {
            out.raw("null")
            return
        }
        let lane = cells[index].lane
        if let lane, lane >= 0, lane < byLane.count, let range = byLane[lane] {
            storage.withUnsafeBufferPointer { out.bytes(UnsafeBufferPointer(rebasing: $0[range])) }
            return
        }
        let text = Array(JSONValue.object(cells[index].capability ?? [:]).canonicalText.utf8)
        if let lane, lane >= 0, lane < 4096 {
            if lane >= byLane.count { byLane += Array(repeating: nil, count: lane + 1 - byLane.count) }
            byLane[lane] = storage.count..<(storage.count + text.count)
            storage += text
        }
        out.bytes(text)
    }
}
