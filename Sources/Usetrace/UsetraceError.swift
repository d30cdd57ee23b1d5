import HTTPClient

/// A Usetrace call that did not give what was asked: which call, why, and what the answer was.
///
/// Never holds the API key: URLs appear without their query, and answer excerpts are masked.
public struct UsetraceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The API call.
    public enum Call: String, Sendable, Hashable {
        /// `UsetraceClient.startTraceBuild`.
        case startTraceBuild
        /// `UsetraceClient.startTagBuild`.
        case startTagBuild
        /// `UsetraceClient.status`.
        case status
        /// `UsetraceClient.results` (and reading a report, `BuildReport(json:)`).
        case results

        var phrase: String {
            switch self {
            case .startTraceBuild: return "start of trace"
            case .startTagBuild: return "start of tag build in project"
            case .status: return "status of build"
            case .results: return "results of build"
            }
        }
    }

    /// Why the call failed, in the terms a caller decides on.
    public enum Kind: String, Sendable, Hashable {
        /// 401 or 403: the API key was refused (or one is needed and none was configured).
        case unauthorized
        /// Another 4xx: a bad request, an unknown trace, project or build. Retrying will not help.
        case rejected
        /// 429 or 5xx on every attempt. Trying again later may help.
        case unavailable
        /// A network failure or time-out on every attempt (see `transportError`). Trying again later may help.
        case transport
        /// An answer that cannot be used: an empty build id, an unexpected status, malformed JSON.
        case invalidAnswer
        /// The call was not made: an argument cannot be sent (an empty id).
        case invalidArgument
    }

    /// The API call.
    public let call: Call
    /// Why it failed.
    public let kind: Kind
    /// The trace, project or build id the call was about.
    public let target: String?
    /// The HTTP status of the last answer, if there was one.
    public let httpStatus: Int?
    /// How many attempts were made.
    public let attempts: Int
    /// The start of the last answer's body, secrets masked, at most `excerptLimit` characters.
    public let bodyExcerpt: String?
    /// The last transport failure, when there was no answer.
    public let transportError: HTTPClientError?
    /// A short explanation.
    public let message: String

    /// The most characters of an answer's body kept in `bodyExcerpt`.
    public static let excerptLimit = 200

    /// An error from its parts (fake clients in tests build these); `key=` values in the message are masked.
    public init(
        call: Call, kind: Kind, target: String? = nil, httpStatus: Int? = nil, attempts: Int = 1,
        bodyExcerpt: String? = nil, transportError: HTTPClientError? = nil, message: String
    ) {
        self.call = call
        self.kind = kind
        self.target = target
        self.httpStatus = httpStatus
        self.attempts = attempts
        self.bodyExcerpt = bodyExcerpt.map { Redaction.maskingKeyParameters(in: $0) }
        self.transportError = transportError
        self.message = Redaction.maskingKeyParameters(in: message)
    }

    /// Whether trying the same call again later may succeed (`.unavailable`, `.transport`).
    public var isTemporary: Bool { kind == .unavailable || kind == .transport }

    /// `Usetrace status of build b-1: HTTP 503 (after 5 attempts); answer: "…"`.
    public var description: String {
        var text = "Usetrace \(call.phrase)"
        if let target { text += " \(target)" }
        text += ": \(message)"
        if attempts > 1 { text += " (after \(attempts) attempts)" }
        if let bodyExcerpt, !bodyExcerpt.isEmpty { text += "; answer: \(bodyExcerpt.debugDescription)" }
        return text
    }
}
