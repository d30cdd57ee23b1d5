import Usetrace

extension BuildReport {
    /// The cell's outcome: passed, or failed naming how many tests failed and the first failing one.
    public var outcome: CellOutcome {
        if passed { return .passed }
        let failing = testCases.filter { !$0.passed }
        let count = max(failures + errors, failing.count)
        var reason = "\(count) of \(tests) test\(tests == 1 ? "" : "s") failed"
        if let first = failing.first, let error = first.error {
            reason += first.name.isEmpty ? ": \(error)" : ": \(first.name): \(error)"
        }
        return .failed(reason)
    }
}
