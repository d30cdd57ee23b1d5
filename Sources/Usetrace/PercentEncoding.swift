/// Percent-encoding of URL path components and query values (RFC 3986).
enum PercentEncoding {
    /// Every byte but the unreserved ones (`A–Z a–z 0–9 - . _ ~`) encoded; a component made only
    /// of dots is encoded whole, so `.` and `..` cannot be read as path steps.
    static func encode(_ text: String) -> String {
        let onlyDots = !text.isEmpty && text.utf8.allSatisfy { $0 == UInt8(ascii: ".") }
        var out = ""
        for byte in text.utf8 {
            if isUnreserved(byte) && !(onlyDots && byte == UInt8(ascii: ".")) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%" + hex(byte >> 4) + hex(byte & 0x0F)
            }
        }
        return out
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    private static func hex(_ nibble: UInt8) -> String {
        String(UnicodeScalar(nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "A") + nibble - 10))
    }
}
