import JSON

/// How the simulated Usetrace behaves: from `--config FILE.json` or `POST /_sim/config`.
///
/// Every key is optional; the defaults make a well-behaved service where every trace passes
/// after `defaultDurationMs`. Unknown keys are refused, so a typo in a test's configuration
/// shows up as an error instead of a silently ignored setting.
struct SimulatorConfiguration: Sendable, Equatable {
    /// If set, every `/api/...` call must carry `?key=` equal to it, else 401.
    var requiredKey: String?
    /// The duration of a test case (trace × browser) unless its trace says otherwise.
    var defaultDurationMs = 2000
    /// How long a build stays ACCEPTED before it is RUNNING; `nil`: a fifth of its duration, at most 1 s.
    var acceptedMs: Int?
    /// The site named in results when a start gives no `baseUrl`.
    var defaultBaseUrl = "https://app.example.com/"
    /// Per trace id: its name and how its runs go. A trace id not listed runs with the defaults.
    var traces: [String: TraceConfiguration] = [:]
    /// Tag name → trace ids, for `execute-all` with `tags`.
    var tags: [String: [String]] = [:]
    /// Misbehaviour to put clients to the test.
    var faults = Faults()

    /// How runs of one trace go; each key may be overridden per browser.
    struct TraceConfiguration: Sendable, Equatable {
        var name: String?
        var behaviour = Behaviour()
        /// Browser name → settings that win over `behaviour` on that browser.
        var browsers: [String: Behaviour] = [:]

        /// The settings for `browser`: the browser's own where given, else the trace's.
        func behaviour(on browser: String) -> Behaviour {
            guard let specific = browsers[browser] else { return behaviour }
            return Behaviour(
                durationMs: specific.durationMs ?? behaviour.durationMs,
                outcome: specific.outcome ?? behaviour.outcome,
                error: specific.error ?? behaviour.error,
                failTimes: specific.failTimes ?? behaviour.failTimes)
        }
    }

    /// The settings of one trace (or of one trace on one browser).
    struct Behaviour: Sendable, Equatable {
        var durationMs: Int?
        var outcome: Outcome?
        /// The error text of a failing run; a default one is used when absent.
        var error: String?
        /// The first N runs (per browser) fail, later ones follow `outcome`: for flaky-test and retry tests.
        var failTimes: Int?
    }

    /// The faults, all off by default.
    struct Faults: Sendable, Equatable {
        /// The first N start calls answer `startStatus`.
        var startFailures = 0
        /// The status of a refused start: a 5xx or 429.
        var startStatus = 503
        /// Start answers are delayed this long.
        var slowStartMs = 0
        /// Status answers are delayed this long.
        var slowStatusMs = 0
        /// For this long after a start, the build's status answers 404 (as the real service can).
        var statusNotFoundMs = 0
        var webhook = WebhookFaults()
    }

    /// How webhooks are delivered.
    struct WebhookFaults: Sendable, Equatable {
        var mode = WebhookMode.deliver
        /// Deliveries in `repeat` mode.
        var repeatCount = 2
        /// The delay in `late` mode.
        var lateMs = 5000
    }

    enum WebhookMode: String, Sendable, Equatable {
        /// Delivered once, at once.
        case deliver
        /// Never delivered (the attempt is logged).
        case lost
        /// Delivered `repeat` times.
        case `repeat`
        /// Delivered once, `lateMs` after the build finished.
        case late
    }
}

/// How a test case ends.
enum Outcome: String, Sendable, Equatable {
    case pass
    case fail
}

/// A configuration document that does not say what it should; the message names the key.
struct ConfigurationError: Error, Equatable, CustomStringConvertible {
    let message: String
    var description: String { message }
}

extension SimulatorConfiguration {
    /// Reads a configuration document (the JSON of `--config` or of `POST /_sim/config`).
    init(json: JSONValue) throws(ConfigurationError) {
        let root = try Reader(json, at: "configuration")
        try root.allow(["requiredKey", "defaultDurationMs", "acceptedMs", "defaultBaseUrl", "traces", "tags", "faults"])
        requiredKey = try root.string("requiredKey")
        defaultDurationMs = try root.count("defaultDurationMs") ?? defaultDurationMs
        acceptedMs = try root.count("acceptedMs")
        defaultBaseUrl = try root.string("defaultBaseUrl") ?? defaultBaseUrl
        if let traces = try root.object("traces") {
            for (id, value) in traces.members {
                let trace = try Reader(value, at: "traces.\(id)")
                try trace.allow(["name", "durationMs", "outcome", "error", "failTimes", "browsers"])
                var configuration = TraceConfiguration(
                    name: try trace.string("name"), behaviour: try Self.behaviour(trace))
                if let browsers = try trace.object("browsers") {
                    for (browser, value) in browsers.members {
                        let reader = try Reader(value, at: "traces.\(id).browsers.\(browser)")
                        try reader.allow(["durationMs", "outcome", "error", "failTimes"])
                        configuration.browsers[browser] = try Self.behaviour(reader)
                    }
                }
                self.traces[id] = configuration
            }
        }
        if let tags = try root.object("tags") {
            for (tag, value) in tags.members {
                guard let ids = value.arrayValue?.compactMap(\.stringValue), ids.count == value.arrayValue?.count
                else { throw ConfigurationError(message: "tags.\(tag): must be a list of trace ids") }
                self.tags[tag] = ids
            }
        }
        if let faults = try root.object("faults") {
            try faults.allow([
                "startFailures", "startStatus", "slowStartMs", "slowStatusMs", "statusNotFoundMs", "webhook",
            ])
            self.faults.startFailures = try faults.count("startFailures") ?? 0
            if let status = try faults.count("startStatus") {
                guard status == 429 || (500...599).contains(status) else {
                    throw ConfigurationError(message: "faults.startStatus: must be 429 or a 5xx status, not \(status)")
                }
                self.faults.startStatus = status
            }
            self.faults.slowStartMs = try faults.count("slowStartMs") ?? 0
            self.faults.slowStatusMs = try faults.count("slowStatusMs") ?? 0
            self.faults.statusNotFoundMs = try faults.count("statusNotFoundMs") ?? 0
            if let webhook = try faults.object("webhook") {
                try webhook.allow(["mode", "repeat", "lateMs"])
                if let mode = try webhook.string("mode") {
                    guard let parsed = WebhookMode(rawValue: mode) else {
                        throw ConfigurationError(
                            message:
                                "faults.webhook.mode: must be deliver, lost, repeat or late, not \(JSONValue.quoted(mode))"
                        )
                    }
                    self.faults.webhook.mode = parsed
                }
                self.faults.webhook.repeatCount = try webhook.count("repeat") ?? self.faults.webhook.repeatCount
                self.faults.webhook.lateMs = try webhook.count("lateMs") ?? self.faults.webhook.lateMs
            }
        }
    }

    private static func behaviour(_ reader: Reader) throws(ConfigurationError) -> Behaviour {
        var behaviour = Behaviour()
        behaviour.durationMs = try reader.count("durationMs")
        if let outcome = try reader.string("outcome") {
            guard let parsed = Outcome(rawValue: outcome) else {
                throw ConfigurationError(
                    message: "\(reader.path).outcome: must be pass or fail, not \(JSONValue.quoted(outcome))")
            }
            behaviour.outcome = parsed
        }
        behaviour.error = try reader.string("error")
        behaviour.failTimes = try reader.count("failTimes")
        return behaviour
    }
}

/// Typed reads of one JSON object's members, with errors that name the key's path.
private struct Reader {
    let members: [String: JSONValue]
    let path: String

    init(_ value: JSONValue, at path: String) throws(ConfigurationError) {
        guard let members = value.objectValue else { throw ConfigurationError(message: "\(path): must be an object") }
        self.members = members
        self.path = path
    }

    func allow(_ keys: Set<String>) throws(ConfigurationError) {
        if let unknown = members.keys.sorted().first(where: { !keys.contains($0) }) {
            throw ConfigurationError(message: "\(path): unknown key \(JSONValue.quoted(unknown))")
        }
    }

    func string(_ key: String) throws(ConfigurationError) -> String? {
        guard let value = members[key], value != .null else { return nil }
        guard let text = value.stringValue else {
            throw ConfigurationError(message: "\(path).\(key): must be a string")
        }
        return text
    }

    /// A whole number ≥ 0.
    func count(_ key: String) throws(ConfigurationError) -> Int? {
        guard let value = members[key], value != .null else { return nil }
        guard let number = value.intValue, number >= 0, number <= Int64(Int32.max) else {
            throw ConfigurationError(message: "\(path).\(key): must be a whole number ≥ 0")
        }
        return Int(number)
    }

    func object(_ key: String) throws(ConfigurationError) -> Reader? {
        guard let value = members[key], value != .null else { return nil }
        return try Reader(value, at: "\(path).\(key)")
    }
}
