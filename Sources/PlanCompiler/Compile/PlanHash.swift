import Crypto
import JSON

/// The content hash of a compiled plan: SHA-256 of its canonical JSON (`CompiledPlan.contentJSON`
/// written compactly with sorted keys).
///
/// The canonical text is written straight into bytes with the keys in their sorted order, since a
/// plan of 30,000 cells would otherwise build a large `JSONValue` tree only to hash it. A test checks
/// that the bytes equal `JSONValue.canonicalText` of the same plan.
enum PlanHash {
    static func hash(_ plan: CompiledPlan) -> String {
        "sha256:" + Digest.sha256Hex(canonicalBytes(plan))
    }

    static func canonicalBytes(_ plan: CompiledPlan) -> [UInt8] {
        var out = ByteWriter()
        out.reserve(256 + plan.cells.count * 240)
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
        out.raw(JSONValue.object(plan.parameters).canonicalText)
        out.raw(",\"project\":")
        out.optionalString(plan.project)
        out.raw(",\"stages\":")
        out.int(plan.stageCount)
        out.raw(",\"steps\":[")
        var capabilityText: [[String: JSONValue]: [UInt8]] = [:]
        for (i, cell) in plan.cells.enumerated() {
            if i > 0 { out.raw(",") }
            // Keys: capability, continueOnError, id, kind, lane, needs, retries, seq, stage, target, timeoutSeconds.
            out.raw("{\"capability\":")
            if let capability = cell.capability {
                if let cached = capabilityText[capability] {
                    out.bytes(cached)
                } else {
                    let text = Array(JSONValue.object(capability).canonicalText.utf8)
                    capabilityText[capability] = text
                    out.bytes(text)
                }
            } else {
                out.raw("null")
            }
            out.raw(cell.continueOnError ? ",\"continueOnError\":true,\"id\":" : ",\"continueOnError\":false,\"id\":")
            out.string(cell.stepId)
            out.raw(",\"kind\":")
            out.string(cell.kind.rawValue)
            out.raw(",\"lane\":")
            if let lane = cell.lane { out.int(lane) } else { out.raw("null") }
            out.raw(",\"needs\":[")
            for (k, need) in cell.needs.enumerated() {
                if k > 0 { out.raw(",") }
                out.string(need)
            }
            out.raw("],\"retries\":")
            out.int(cell.retries)
            out.raw(",\"seq\":")
            out.int(cell.seq)
            out.raw(",\"stage\":")
            out.int(cell.stage)
            out.raw(",\"target\":")
            out.string(cell.target)
            out.raw(",\"timeoutSeconds\":")
            out.int(cell.timeoutSeconds)
            out.raw("}")
        }
        out.raw("]}")
        return out.buffer
    }
}

/// Appends JSON pieces to a byte buffer.
private struct ByteWriter {
    var buffer: [UInt8] = []

    mutating func reserve(_ n: Int) { buffer.reserveCapacity(n) }
    mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { buffer.append(contentsOf: $0) }
    }
    mutating func raw(_ s: String) { buffer.append(contentsOf: s.utf8) }
    mutating func bytes(_ b: [UInt8]) { buffer.append(contentsOf: b) }
    mutating func int(_ i: Int) { buffer.append(contentsOf: String(i).utf8) }
    mutating func optionalString(_ s: String?) {
        if let s { string(s) } else { raw("null") }
    }

    mutating func string(_ s: String) {
        // Fast path: printable ASCII without quote or backslash is written as it is.
        let plain = s.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }
        if plain {
            buffer.append(0x22)
            buffer.append(contentsOf: s.utf8)
            buffer.append(0x22)
        } else {
            raw(JSONValue.quoted(s))
        }
    }
}
