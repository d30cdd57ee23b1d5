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
    static func hash(_ plan: CompiledPlan) -> String {
        // Hashed where it was written: a 30,000-cell plan's text is 7 MB, not worth copying.
        "sha256:" + write(plan).withBytes { Digest.sha256Hex($0) }
    }

    static func canonicalBytes(_ plan: CompiledPlan) -> [UInt8] {
        write(plan).take()
    }

    private static func write(_ plan: CompiledPlan) -> ByteBuffer {
        let out = ByteBuffer(capacity: 256 + plan.cells.count * 240)
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
        // A lane is one capability, so its canonical text is cached by lane number.
        var capabilityText: [Int: [UInt8]] = [:]
        // Per step: the text from continueOnError to lane's value, from needs to seq's value, and the rest.
        var beforeLane: [UInt8] = []
        var beforeSeq: [UInt8] = []
        var tail: [UInt8] = []
        var previousStage = 0
        for cell in plan.cells {
            if cell.stage != previousStage {
                previousStage = cell.stage
                let part = ByteBuffer(capacity: 256)
                part.raw(
                    cell.continueOnError ? ",\"continueOnError\":true,\"id\":" : ",\"continueOnError\":false,\"id\":")
                part.string(cell.stepId)
                part.raw(",\"kind\":")
                part.string(cell.kind.rawValue)
                part.raw(",\"lane\":")
                beforeLane = part.take()
                part.raw(",\"needs\":[")
                for (k, need) in cell.needs.enumerated() {
                    if k > 0 { part.raw(",") }
                    part.string(need)
                }
                part.raw("],\"retries\":")
                part.int(cell.retries)
                part.raw(",\"seq\":")
                beforeSeq = part.take()
                part.raw(",\"stage\":")
                part.int(cell.stage)
                part.raw(",\"target\":")
                part.string(cell.target)
                part.raw(",\"timeoutSeconds\":")
                part.int(cell.timeoutSeconds)
                part.raw("}")
                tail = part.take()
            }
            out.raw(cell.seq > 1 ? ",{\"capability\":" : "{\"capability\":")
            if let capability = cell.capability {
                if let lane = cell.lane, let cached = capabilityText[lane] {
                    out.bytes(cached)
                } else {
                    let text = Array(JSONValue.object(capability).canonicalText.utf8)
                    if let lane = cell.lane { capabilityText[lane] = text }
                    out.bytes(text)
                }
            } else {
                out.raw("null")
            }
            out.bytes(beforeLane)
            if let lane = cell.lane { out.int(lane) } else { out.raw("null") }
            out.bytes(beforeSeq)
            out.int(cell.seq)
            out.bytes(tail)
        }
        out.raw("]}")
        return out
    }
}

/// A growable byte buffer for writing JSON pieces; owns its memory and frees it in `deinit`.
///
/// `[UInt8].append` per small piece costs more than the copy itself at 30,000 cells; this writes
/// with one bounds check and a `memcpy`.
private final class ByteBuffer {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Calls `body` with the bytes written so far, in place.
    func withBytes<T>(_ body: (UnsafeRawBufferPointer) -> T) -> T {
        body(UnsafeRawBufferPointer(start: base, count: count))
    }

    /// The bytes written so far; the buffer is empty afterwards.
    func take() -> [UInt8] {
        let bytes = Array(UnsafeBufferPointer(start: base, count: count))
        count = 0
        return bytes
    }

    private func reserve(_ n: Int) {
        guard count + n > capacity else { return }
        let newCapacity = max(capacity * 2, count + n)
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.update(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = newCapacity
    }

    private func append(_ from: UnsafePointer<UInt8>, _ n: Int) {
        reserve(n)
        (base + count).update(from: from, count: n)
        count += n
    }

    func raw(_ s: StaticString) { append(s.utf8Start, s.utf8CodeUnitCount) }

    func text(_ s: String) {
        var s = s
        s.withUTF8 { if let p = $0.baseAddress { append(p, $0.count) } }
    }

    func bytes(_ b: [UInt8]) {
        b.withUnsafeBufferPointer { if let p = $0.baseAddress { append(p, $0.count) } }
    }

    func int(_ i: Int) {
        guard i >= 0 else {
            text(String(i))
            return
        }
        reserve(20)
        var n = i
        var digits = 0
        repeat {
            digits += 1
            n /= 10
        } while n > 0
        n = i
        for k in stride(from: digits - 1, through: 0, by: -1) {
            base[count + k] = UInt8(48 + n % 10)
            n /= 10
        }
        count += digits
    }

    func optionalString(_ s: String?) {
        if let s { string(s) } else { raw("null") }
    }

    func string(_ s: String) {
        // Fast path: printable ASCII without quote or backslash is written as it is.
        var s = s
        let plain = s.withUTF8 { bytes in
            for b in bytes where b < 0x20 || b >= 0x7F || b == 0x22 || b == 0x5C { return false }
            if let p = bytes.baseAddress {
                raw("\"")
                append(p, bytes.count)
                raw("\"")
            }
            return true
        }
        if !plain { text(JSONValue.quoted(s)) }
    }
}
