import JSON

/// How the dashboard names a cell's browser capability: `chrome`, `firefox 126`, `safari 17 · macOS 14`.
enum BrowserText {
    /// The capability's browser name and version, and its platform when it names one; `nil` for a command.
    static func describe(_ capability: [String: JSONValue]?) -> String? {
        guard let capability else { return nil }
        var text = name(capability)
        if let version = scalar(capability["browserVersion"] ?? capability["version"]) { text += " \(version)" }
        if let platform = scalar(capability["platformName"] ?? capability["platform"]) { text += " · \(platform)" }
        return text
    }

    /// The capability's browser name and version alone (what a timeline label has room for).
    static func short(_ capability: [String: JSONValue]?) -> String? {
        guard let capability else { return nil }
        var text = name(capability)
        if let version = scalar(capability["browserVersion"] ?? capability["version"]) { text += " \(version)" }
        return text
    }

    private static func name(_ capability: [String: JSONValue]) -> String {
        scalar(capability["browserName"]) ?? "browser"
    }

    private static func scalar(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text) where !text.isEmpty: text
        case .int(let number): "\(number)"
        case .double(let number): "\(number)"
        default: nil
        }
    }
}
