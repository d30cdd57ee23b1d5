import JSON

/// A finished build's results report (`GET /api/build/{id}/results/json`) and what it says of the cell.
public struct BuildResults: Sendable, Hashable {
    /// The report as Usetrace sent it.
    public var report: JSONValue

    public init(report: JSONValue) {
        self.report = report
    }

    /// The failing test cases: those with an `error`.
    public var failingCases: [(name: String, error: String)] {
        (report["testCase"]?.arrayValue ?? []).compactMap { testCase in
            guard let error = testCase["error"]?.stringValue else { return nil }
            return (testCase["name"]?.stringValue ?? testCase["traceName"]?.stringValue ?? "a test", error)
        }
    }

    /// Failures plus errors as the report counts them.
    public var failureCount: Int {
        Int((report["failures"]?.intValue ?? 0) + (report["errors"]?.intValue ?? 0))
    }

    /// The build passed: no failure or error counted and no test case with an error.
    public var passed: Bool { failureCount == 0 && failingCases.isEmpty }

    /// The cell's outcome: passed, or failed with the first failing test named.
    public var outcome: CellOutcome {
        if passed { return .passed }
        let failing = failingCases
        let count = max(failureCount, failing.count)
        var reason: String
        if let tests = report["tests"]?.intValue {
            reason = "\(count) of \(tests) test\(tests == 1 ? "" : "s") failed"
        } else {
            reason = "\(count) test\(count == 1 ? "" : "s") failed"
        }
        if let first = failing.first { reason += ": \(first.name): \(first.error)" }
        return .failed(reason)
    }
}
