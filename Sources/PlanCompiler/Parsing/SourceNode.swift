/// One node of a parsed YAML or JSON document, with the place it starts.
public struct SourceNode: Sendable {
    /// How a scalar was written; plain scalars are typed (numbers, booleans, null), quoted ones are strings.
    public enum ScalarStyle: Sendable, Hashable {
        case plain, quoted
    }

    /// A key and its value in a mapping, in written order.
    public struct Pair: Sendable {
        public var key: SourceNode
        public var value: SourceNode
    }

    /// What the node holds.
    public enum Content: Sendable {
        case scalar(String, ScalarStyle)
        case sequence([SourceNode])
        case mapping([Pair])
    }

    public var content: Content
    public var location: SourceLocation

    public init(_ content: Content, at location: SourceLocation) {
        self.content = content
        self.location = location
    }

    /// A short name of the node's kind for messages: "a string", "a list", "a mapping", …
    public var kindDescription: String {
        switch content {
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .scalar(let text, let style):
            guard style == .plain else { return "a string" }
            switch PlainScalar(text) {
            case .null: return "null"
            case .bool: return "a boolean"
            case .int, .double: return "a number"
            case .string: return "a string"
            }
        }
    }
}

/// The type of a plain (unquoted) scalar under YAML 1.2's core schema, which is also JSON's.
///
/// YAML 1.1's `yes`/`no`/`on`/`off` are strings here: plans say `true` and `false`.
public enum PlainScalar: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)

    public init(_ text: String) {
        // Most scalars are names and ids: decide from the first byte before comparing whole words.
        guard let first = text.utf8.first else {
            self = .null
            return
        }
        switch first {
        case UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"),
            UInt8(ascii: "f"), UInt8(ascii: "F"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), 48...57:
            break
        default:
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
