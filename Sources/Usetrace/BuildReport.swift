import Foundation
import JSON

/// A finished build's report (`GET /api/build/<id>/results/json`, also the webhook payload).
public struct BuildReport: Sendable, Hashable {
    /// One test run: a trace on one browser.
    public struct TestCase: Sendable, Hashable {
        /// `"chrome: Login"`.
        public var name: String
        /// `"Usetrace.trace"`.
        public var className: String?
        /// The browser it ran on.
        public var browserName: String?
        /// The trace it ran.
        public var traceName: String?
        /// Why it failed; nil when it passed.
        public var error: String?
        /// Seconds it took.
        public var time: Double?
        /// Tagged as a known bug in Usetrace.
        public var taggedBug: Bool
        /// Tagged as flaky in Usetrace.
        public var taggedFlaky: Bool

        /// A test case from its parts.
        public init(
            name: String, className: String? = nil, browserName: String? = nil, traceName: String? = nil,
            error: String? = nil, time: Double? = nil, taggedBug: Bool = false, taggedFlaky: Bool = false
        ) {
            self.name = name
            self.className = className
            self.browserName = browserName
            self.traceName = traceName
            self.error = error
            self.time = time
            self.taggedBug = taggedBug
            self.taggedFlaky = taggedFlaky
        }

        /// Whether this test run passed (it has no error).
        public var passed: Bool { error == nil }
    }

    /// The report's title, e.g. `"Environment: https://staging.example.com/"`.
    public var name: String?
    /// Test runs in the build.
    public var tests: Int
    /// Test runs that failed.
    public var failures: Int
    /// Test runs that errored.
    public var errors: Int
    /// Every test run.
    public var testCases: [TestCase]
    /// The document as received, every field included.
    public var raw: JSONValue

    /// Whether the build passed: no test case has an error and `failures + errors == 0`.
    public var passed: Bool { failures + errors == 0 && testCases.allSatisfy(\.passed) }

    /// Reads a report document; throws a `.invalidAnswer` error (call `.results`) when it lacks
    /// `failures`, `errors` or the `testCase` list, since those decide whether the build passed.
    public init(json: JSONValue) throws(UsetraceError) {
        do {
            self = try Self.parse(json)
        } catch {
            throw UsetraceError(call: .results, kind: .invalidAnswer, message: "malformed report: \(error.message)")
        }
    }

    /// Reads a report from JSON bytes (a webhook body, an API answer).
    public init(bytes: [UInt8]) throws(UsetraceError) {
        let json: JSONValue
        do {
            json = try JSONValue.parse(Data(bytes))
        } catch {
            throw UsetraceError(call: .results, kind: .invalidAnswer, message: "the report is not JSON")
        }
        try self.init(json: json)
    }

    private init(name: String?, tests: Int, failures: Int, errors: Int, testCases: [TestCase], raw: JSONValue) {
        self.name = name
        self.tests = tests
        self.failures = failures
        self.errors = errors
        self.testCases = testCases
        self.raw = raw
    }

    private static func parse(_ json: JSONValue) throws(WireFormatError) -> BuildReport {
        guard let object = json.objectValue else { throw WireFormatError("the report is not a JSON object") }
        func count(_ name: String, required: Bool) throws(WireFormatError) -> Int? {
            guard let value = object[name], value != .null else {
                if required { throw WireFormatError("\"\(name)\" is missing") }
                return nil
            }
            guard let number = value.intValue, number >= 0 else { throw WireFormatError("\"\(name)\" is not a count") }
            return Int(number)
        }
        guard let list = object["testCase"]?.arrayValue else { throw WireFormatError("\"testCase\" is not a list") }
        var cases: [TestCase] = []
        for (index, item) in list.enumerated() {
            guard let fields = item.objectValue else { throw WireFormatError("testCase[\(index)] is not an object") }
            cases.append(
                TestCase(
                    name: fields["name"]?.stringValue ?? "",
                    className: fields["className"]?.stringValue,
                    browserName: fields["browserName"]?.stringValue,
                    traceName: fields["traceName"]?.stringValue,
                    error: errorText(fields["error"]),
                    time: number(fields["time"]),
                    taggedBug: fields["taggedBug"]?.boolValue ?? false,
                    taggedFlaky: fields["taggedFlaky"]?.boolValue ?? false))
        }
        return BuildReport(
            name: object["name"]?.stringValue,
            tests: try count("tests", required: false) ?? cases.count,
            failures: try count("failures", required: true) ?? 0,
            errors: try count("errors", required: true) ?? 0,
            testCases: cases, raw: json)
    }

    /// A test case's error: null, absent or empty means none; anything else is its text.
    private static func errorText(_ value: JSONValue?) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?: return text.isEmpty ? nil : text
        case let other?: return other.canonicalText
        }
    }

    private static func number(_ value: JSONValue?) -> Double? {
        switch value {
        case .int(let i)?: return Double(i)
        case .double(let d)?: return d
        default: return nil
        }
    }
}
