/// Removing secrets from text bound for logs and errors: URL queries and `key=` values.
public enum Redaction {
    /// What a removed secret is replaced by.
    public static let mask = "<redacted>"

    /// The URL without its query, fragment and user info: `https://u:p@host/a?key=s` → `https://host/a`.
    public static func removingQuery(fromURL url: String) -> String {
        var rest = Substring(url)
        if let cut = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) {
            rest = rest[..<cut]
        }
        guard let schemeEnd = rest.firstRange(of: "://") else { return String(rest) }
        let authorityStart = schemeEnd.upperBound
        let authorityEnd = rest[authorityStart...].firstIndex(of: "/") ?? rest.endIndex
        guard let at = rest[authorityStart..<authorityEnd].lastIndex(of: "@") else { return String(rest) }
        return String(rest[..<authorityStart]) + String(rest[rest.index(after: at)...])
    }

    /// The text with the value after every `key=` (any case, also `apikey=`, `secretKey=`) masked.
    public static func maskingKeyParameters(in text: String) -> String {
        let bytes = Array(text.utf8)
        let needle = Array("key=".utf8)
        guard bytes.count >= needle.count else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if i + needle.count <= bytes.count, matchesIgnoringCase(bytes[i..<(i + needle.count)], needle) {
                out.append(contentsOf: bytes[i..<(i + needle.count)])
                i += needle.count
                let valueStart = i
                while i < bytes.count, !isValueEnd(bytes[i]) { i += 1 }
                if i > valueStart { out.append(contentsOf: mask.utf8) }
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The text with every occurrence of each non-empty secret masked.
    public static func masking(_ secrets: [String], in text: String) -> String {
        var result = text
        // Longest first, so a secret that contains another is masked whole.
        for secret in secrets.filter({ !$0.isEmpty }).sorted(by: { $0.count > $1.count }) {
            result = result.replacingAll(secret, with: mask)
        }
        return result
    }

    private static func matchesIgnoringCase(_ slice: ArraySlice<UInt8>, _ lowercase: [UInt8]) -> Bool {
        zip(slice, lowercase).allSatisfy { pair in
            let b = pair.0
            let folded = (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z")) ? b + 32 : b
            return folded == pair.1
        }
    }

    /// A query value ends at a separator, a quote, white space or a bracket.
    private static func isValueEnd(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "&"), UInt8(ascii: "#"), UInt8(ascii: ";"), UInt8(ascii: "\""), UInt8(ascii: "'"),
            UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"),
            UInt8(ascii: ","), UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"):
            return true
        default:
            return false
        }
    }
}

extension String {
    /// Every occurrence of `target` replaced, without Foundation.
    fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
        let source = Array(utf8)
        let needle = Array(target.utf8)
        guard !needle.isEmpty, source.count >= needle.count else { return self }
        var out: [UInt8] = []
        var i = 0
        while i < source.count {
            if i + needle.count <= source.count, source[i..<(i + needle.count)].elementsEqual(needle) {
                out.append(contentsOf: replacement.utf8)
                i += needle.count
            } else {
                out.append(source[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
