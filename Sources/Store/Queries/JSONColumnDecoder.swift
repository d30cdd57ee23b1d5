import JSON

/// Parses JSON columns, parsing each distinct text once per decoder (cells of one run share a
/// few capability and `needs` texts, and parsing is the slow part of reading them).
struct JSONColumnDecoder {
    private var parsed: [String: JSONValue] = [:]

    /// The JSON value of `text`; `nil` for SQL NULL; throws `invalidRecord` naming `what` if it is not JSON.
    mutating func decode(_ text: String?, _ what: @autoclosure () -> String) throws -> JSONValue? {
        guard let text else { return nil }
        if let value = parsed[text] { return value }
        guard let value = try? JSONValue.parse(text) else {
            throw StoreError.invalidRecord("\(what()) is not JSON")
        }
        if parsed.count < 256 { parsed[text] = value }
        return value
    }
}
