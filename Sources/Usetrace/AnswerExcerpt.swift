import HTTPClient

/// The start of an answer's body, fit for an error message: secrets masked, one line, bounded.
enum AnswerExcerpt {
    /// JSON fields whose string values are masked wherever they appear in an answer.
    static let secretFields = ["key", "apiKey", "secretKey", "password"]

    /// The excerpt, or nil for an empty body. `secrets` (the API key, webhook secrets) are masked
    /// before truncating, so no prefix of a secret can survive the cut either.
    static func make(_ body: [UInt8], secrets: [String]) -> String? {
        guard !body.isEmpty else { return nil }
        var text = String(decoding: body.prefix(64 * 1024), as: UTF8.self)
        text = Redaction.masking(secrets, in: text)
        text = Redaction.maskingKeyParameters(in: text)
        text = maskingSecretFields(in: text)
        let flat = String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 }).trimmingSpaces()
        guard flat.count > UsetraceError.excerptLimit else { return flat }
        return String(flat.prefix(UsetraceError.excerptLimit)) + "…"
    }

    /// `"secretKey": "abc"` → `"secretKey": "<redacted>"` for each of `secretFields` (any case).
    static func maskingSecretFields(in text: String) -> String {
        var bytes = Array(text.utf8)
        for field in secretFields {
            let needle = Array("\"\(field.lowercased())\"".utf8)
            var i = 0
            while i + needle.count <= bytes.count {
                guard bytes[i..<(i + needle.count)].map(lower).elementsEqual(needle) else {
                    i += 1
                    continue
                }
                var j = i + needle.count
                while j < bytes.count, bytes[j] == UInt8(ascii: " ") { j += 1 }
                guard j < bytes.count, bytes[j] == UInt8(ascii: ":") else {
                    i += needle.count
                    continue
                }
                j += 1
                while j < bytes.count, bytes[j] == UInt8(ascii: " ") { j += 1 }
                guard j < bytes.count, bytes[j] == UInt8(ascii: "\"") else {
                    i = j
                    continue
                }
                let valueStart = j + 1
                var end = valueStart
                while end < bytes.count, bytes[end] != UInt8(ascii: "\"") {
                    end += bytes[end] == UInt8(ascii: "\\") ? 2 : 1
                }
                let valueEnd = min(end, bytes.count)
                bytes.replaceSubrange(valueStart..<valueEnd, with: Array(Redaction.mask.utf8))
                i = valueStart + Redaction.mask.utf8.count + 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func lower(_ byte: UInt8) -> UInt8 {
        (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) ? byte + 32 : byte
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        guard let first = firstIndex(where: { $0 != " " }), let last = lastIndex(where: { $0 != " " }) else {
            return ""
        }
        return String(self[first...last])
    }
}
