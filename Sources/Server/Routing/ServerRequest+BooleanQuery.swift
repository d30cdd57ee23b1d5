import WebServer

extension ServerRequest {
    /// The words a boolean query parameter takes (in any case): `true`, `1`, `false`, `0`, and
    /// `yes` and `no`, which the service took before it refused other words.
    static let booleanQueryWords: [String: Bool] = [
        "true": true, "1": true, "yes": true, "false": false, "0": false, "no": false,
    ]

    /// The boolean query parameter `name`: `false` when it is absent; a 400 naming the parameter and
    /// its value for any other word (`?failed=maybe`, or `?failed` with no value), so a mistyped
    /// value is never read silently as `false`.
    func booleanQuery(_ name: String) throws(APIError) -> Bool {
        guard let text = query[name] else { return false }
        guard let value = Self.booleanQueryWords[text.lowercased()] else {
            let message = "\(name) must be true or false (or 1 or 0, yes or no), not '\(text)'"
            throw APIError.badRequest(
                message, details: [["parameter": .string(name), "value": .string(text), "message": .string(message)]])
        }
        return value
    }
}
