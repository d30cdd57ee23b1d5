import Foundation

/// `JSONValue` reads from and writes to any Codable format; `parse` reads JSON text with `JSONParser`.
extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? c.decode(Int64.self) {
            self = .int(i)
        } else if let d = try? c.decode(Double.self) {
            self = .double(d)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .int(let i): try c.encode(i)
        case .double(let d): try c.encode(d)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    /// Parses JSON bytes (an API answer, a stored column); throws `JSONParseError` on malformed input.
    public static func parse(_ data: Data) throws -> JSONValue {
        try data.withUnsafeBytes { bytes throws(JSONParseError) in try JSONParser.parse(bytes) }
    }

    /// Parses JSON text; throws `JSONParseError` on malformed input.
    public static func parse(_ text: String) throws -> JSONValue {
        var text = text
        return try text.withUTF8 { bytes throws(JSONParseError) in try JSONParser.parse(UnsafeRawBufferPointer(bytes)) }
    }
}
