import HTTPClient
import JSON

/// A webhook reporter for a build: Usetrace POSTs the report to `url` when the build ends.
public struct WebhookReporter: Sendable, Hashable {
    /// Which finished builds are reported.
    public enum When: String, Sendable, Hashable {
        /// Every finished build.
        case always
        /// Failed builds only.
        case fails
        /// Builds whose outcome differs from the previous one.
        case changes
    }

    /// Where Usetrace POSTs the report.
    public var url: String
    /// Which finished builds are reported.
    public var when: When
    /// The key Usetrace signs the body with (the `Signature` header); a secret.
    public var secretKey: String?
    /// HTTP Basic user name for the delivery.
    public var username: String?
    /// HTTP Basic password for the delivery; a secret.
    public var password: String?

    /// A reporter; without `secretKey` deliveries are unsigned.
    public init(
        url: String, when: When = .always, secretKey: String? = nil, username: String? = nil, password: String? = nil
    ) {
        self.url = url
        self.when = when
        self.secretKey = secretKey
        self.username = username
        self.password = password
    }

    /// The reporter as the API takes it: `{"webhook": {"url", "when", "secretKey"?, "username"?, "password"?}}`.
    var json: JSONValue {
        var webhook: [String: JSONValue] = ["url": .string(url), "when": .string(when.rawValue)]
        if let secretKey { webhook["secretKey"] = .string(secretKey) }
        if let username { webhook["username"] = .string(username) }
        if let password { webhook["password"] = .string(password) }
        return ["webhook": .object(webhook)]
    }

    /// The secrets this reporter carries, to be masked wherever an answer might echo them.
    var secrets: [String] { [secretKey, password].compactMap { $0 } }
}

extension WebhookReporter: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The reporter with its secret key and password masked.
    public var description: String {
        let secret = secretKey == nil ? "none" : Redaction.mask
        let auth = username.map { ", username: \($0), password: \(password == nil ? "none" : Redaction.mask)" } ?? ""
        return "WebhookReporter(url: \(url), when: \(when.rawValue), secretKey: \(secret)\(auth))"
    }
    /// The same as `description`.
    public var debugDescription: String { description }
    /// Reflection (`dump`, test failure output) masks the secrets too.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "url": url, "when": when.rawValue, "secretKey": secretKey == nil ? "none" : Redaction.mask,
                "username": username ?? "none", "password": password == nil ? "none" : Redaction.mask,
            ])
    }
}
