import JSON

/// A build's state as `GET /api/build/<id>/status` tells it.
public struct BuildStatus: Sendable, Hashable {
    /// Where the build is.
    public enum State: Sendable, Hashable {
        /// `ACCEPTED`: queued, not running yet.
        case accepted
        /// `RUNNING`.
        case running
        /// `FINISHED`: the results can be fetched.
        case finished
        /// The status answered 404: normal for a short while after a start (see
        /// `UsetraceConfiguration.toleratesNotFound`); keep polling until that window has passed.
        case notFoundYet
        /// A status word this client does not know; treat it as still in progress.
        case unknown(String)

        /// The state for a status word of the API.
        init(word: String) {
            switch word.uppercased() {
            case "ACCEPTED": self = .accepted
            case "RUNNING": self = .running
            case "FINISHED": self = .finished
            default: self = .unknown(word)
            }
        }
    }

    /// The build's id.
    public var buildId: String
    /// Where the build is.
    public var state: State
    /// The counts of test runs requested, finished, passed and failed, when the answer had them.
    public var summary: BuildSummary?
    /// The answer as received (nil for `.notFoundYet`).
    public var raw: JSONValue?

    /// A status from its parts.
    public init(buildId: String, state: State, summary: BuildSummary? = nil, raw: JSONValue? = nil) {
        self.buildId = buildId
        self.state = state
        self.summary = summary
        self.raw = raw
    }

    /// Whether the build has finished.
    public var isFinished: Bool { state == .finished }

    /// For a finished build with a summary: whether it passed (`summary.fail == 0`); nil otherwise.
    public var passed: Bool? {
        guard isFinished, let summary else { return nil }
        return summary.fail == 0
    }

    /// Reads a status answer; `buildId` is used when the answer names none.
    static func parse(_ json: JSONValue, buildId: String) throws(WireFormatError) -> BuildStatus {
        guard let object = json.objectValue else { throw WireFormatError("the status answer is not a JSON object") }
        guard let word = object["status"]?.stringValue else {
            throw WireFormatError("the status answer has no \"status\"")
        }
        var summary: BuildSummary?
        if let value = object["summary"], value != .null {
            guard let counts = value.objectValue else { throw WireFormatError("\"summary\" is not an object") }
            func count(_ name: String) throws(WireFormatError) -> Int {
                guard let value = counts[name] else { return 0 }
                guard let number = value.intValue, number >= 0 else {
                    throw WireFormatError("\"summary.\(name)\" is not a count")
                }
                return Int(number)
            }
            summary = BuildSummary(
                request: try count("request"), finish: try count("finish"), pass: try count("pass"),
                fail: try count("fail"))
        }
        let id = object["id"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? buildId
        return BuildStatus(buildId: id, state: State(word: word), summary: summary, raw: json)
    }
}

/// The counts in a status answer's `summary`.
public struct BuildSummary: Sendable, Hashable {
    /// Test runs requested (traces × capabilities).
    public var request: Int
    /// Test runs finished.
    public var finish: Int
    /// Test runs passed.
    public var pass: Int
    /// Test runs failed.
    public var fail: Int

    /// A summary from its counts.
    public init(request: Int, finish: Int, pass: Int, fail: Int) {
        self.request = request
        self.finish = finish
        self.pass = pass
        self.fail = fail
    }
}

/// An answer that does not have the shape the API documents.
struct WireFormatError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
