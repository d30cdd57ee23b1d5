import Foundation
import JSON

/// The JSON body of `POST /api/trace/<id>/execute` or `/api/project/<id>/execute-all`, checked.
struct StartRequest: Sendable, Equatable {
    /// Browser names from `requiredCapabilities`, in order, without repeats.
    var browsers: [String]
    var baseUrl: String?
    /// `tags` (execute-all only); `nil` when absent.
    var tags: [String]?
    var reporters: [WebhookReporter]

    /// Parses and checks a start body; the error is the sentence answered with 400.
    init(body: [UInt8], allowsTags: Bool) throws(ConfigurationError) {
        let json: JSONValue
        do {
            json = try JSONValue.parse(Data(body))
        } catch {
            throw ConfigurationError(message: "the body is not JSON")
        }
        guard let members = json.objectValue else {
            throw ConfigurationError(message: "the body must be a JSON object")
        }
        guard let capabilities = members["requiredCapabilities"]?.arrayValue, !capabilities.isEmpty else {
            throw ConfigurationError(message: "requiredCapabilities must be a non-empty list")
        }
        var browsers: [String] = []
        for (i, capability) in capabilities.enumerated() {
            guard let name = capability["browserName"]?.stringValue, !name.isEmpty else {
                throw ConfigurationError(message: "requiredCapabilities[\(i)] must be an object with a browserName")
            }
            if !browsers.contains(name) { browsers.append(name) }
        }
        self.browsers = browsers
        baseUrl = try Self.optionalString(members, "baseUrl")
        _ = try Self.optionalString(members, "commit")
        _ = try Self.optionalString(members, "commitLink")
        if let parameters = members["parameters"], parameters.objectValue == nil, parameters != .null {
            throw ConfigurationError(message: "parameters must be an object")
        }
        tags = nil
        if allowsTags, let value = members["tags"], value != .null {
            let names = value.arrayValue?.compactMap(\.stringValue)
            guard let names, names.count == value.arrayValue?.count else {
                throw ConfigurationError(message: "tags must be a list of strings")
            }
            tags = names
        }
        reporters = []
        if let value = members["reporters"], value != .null {
            guard let list = value.arrayValue else { throw ConfigurationError(message: "reporters must be a list") }
            for (i, reporter) in list.enumerated() {
                guard reporter.objectValue != nil else {
                    throw ConfigurationError(message: "reporters[\(i)] must be an object")
                }
                // Reporters other than webhooks (e.g. e-mail) are accepted and do nothing here.
                guard let webhook = reporter["webhook"] else { continue }
                reporters.append(try WebhookReporter(json: webhook, at: "reporters[\(i)].webhook"))
            }
        }
    }

    private static func optionalString(
        _ members: [String: JSONValue], _ key: String
    ) throws(ConfigurationError)
        -> String?
    {
        guard let value = members[key], value != .null else { return nil }
        guard let text = value.stringValue else { throw ConfigurationError(message: "\(key) must be a string") }
        return text
    }
}

/// A webhook reporter given at start: where and when to POST the report, and how to sign it.
struct WebhookReporter: Sendable, Equatable {
    enum When: String, Sendable {
        case always
        /// Only when the build failed.
        case fails
        /// Only when the outcome differs from the previous finished build of the same trace or project and tags.
        case changes
    }

    var url: URL
    var when: When
    var secretKey: String?
    var username: String?
    var password: String?

    init(json: JSONValue, at path: String) throws(ConfigurationError) {
        guard let members = json.objectValue else { throw ConfigurationError(message: "\(path) must be an object") }
        guard let text = members["url"]?.stringValue, let url = URL(string: text),
            url.scheme == "http" || url.scheme == "https", url.host != nil
        else { throw ConfigurationError(message: "\(path).url must be an http or https URL") }
        self.url = url
        if let when = members["when"], when != .null {
            guard let parsed = when.stringValue.flatMap(When.init(rawValue:)) else {
                throw ConfigurationError(message: "\(path).when must be always, fails or changes")
            }
            self.when = parsed
        } else {
            self.when = .always
        }
        func string(_ key: String) throws(ConfigurationError) -> String? {
            guard let value = members[key], value != .null else { return nil }
            guard let text = value.stringValue else {
                throw ConfigurationError(message: "\(path).\(key) must be a string")
            }
            return text
        }
        secretKey = try string("secretKey")
        username = try string("username")
        password = try string("password")
    }
}
