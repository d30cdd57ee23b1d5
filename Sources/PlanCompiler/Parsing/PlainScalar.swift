/// The type of a plain (unquoted) scalar under YAML 1.2's core schema, which is also JSON's.
///
/// YAML 1.1's `yes`/`no`/`on`/`off` are strings here: plans say `true` and `false`.
public enum PlainScalar: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)

    /// Types `text`, a plain scalar as written.
    public init(_ text: String) {
        // Most scalars are names and ids: decide from the first byte before comparing whole words.
        guard let first = text.utf8.first else {
            self = .null
            return
        }
        guard PlainScalar.mayBeTyped(firstByte: first, length: text.utf8.count) else {
            self = .string(text)
            return
        }
        switch text {
        case "", "~", "null", "Null", "NULL": self = .null
        case "true", "True", "TRUE": self = .bool(true)
        case "false", "False", "FALSE": self = .bool(false)
        default:
            if let i = PlainScalar.integer(text) {
                self = .int(i)
            } else if PlainScalar.looksNumeric(text), let d = Double(text), d.isFinite {
                self = .double(d)
            } else {
                self = .string(text)
            }
        }
    }

    /// Whether a plain scalar of `length` bytes starting with `firstByte` may be anything but a string.
    ///
    /// Numbers start with a sign, a digit or a point; `null`, `~`, `true` and `false` (in their
    /// three spellings) are at most five bytes long. Everything else is a string, decided without
    /// comparing the text.
    static func mayBeTyped(firstByte: UInt8, length: Int) -> Bool {
        switch firstByte {
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), 48...57:
            return true
        case UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"),
            UInt8(ascii: "f"), UInt8(ascii: "F"):
            return length <= 5
        default:
            return false
        }
    }

    private static func integer(_ text: String) -> Int64? {
        var body = Substring(text)
        if body.first == "+" || body.first == "-" { body = body.dropFirst() }
        guard !body.isEmpty, body.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return Int64(text.first == "+" ? String(text.dropFirst()) : text)
    }

    /// Only decimal forms count as numbers (so `inf`, `nan`, hex and `1_000` stay strings).
    private static func looksNumeric(_ text: String) -> Bool {
        var sawDigit = false
        for c in text.utf8 {
            switch c {
            case 48...57: sawDigit = true
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"), UInt8(ascii: "-"): continue
            default: return false
            }
        }
        return sawDigit
    }
}
