import Testing

@testable import PlanCompiler

/// Plans long enough to take the compiler's fast paths (steps read in two halves, the written
/// order kept without a heap) give what the plain paths give.
@Suite struct LargePlanTests {
    /// `count` trace steps `T0`, `T1`, …; `extra` adds lines to step `i`.
    private func plan(steps count: Int, extra: (Int) -> String = { _ in "" }) -> String {
        var text = "steps:\n"
        for i in 0..<count { text += "  - trace: T\(i)\n" + extra(i) }
        return text
    }

    @Test func stepsReadInTwoHalvesKeepTheirOrder() throws {
        let count = PlanReader.parallelStepCount + 11
        let plan = try #require(compiled(plan(steps: count)))
        #expect(plan.cells.map(\.target) == (0..<count).map { "T\($0)" })
    }

    @Test func problemsInBothHalvesAreReportedInFileOrder() {
        let count = PlanReader.parallelStepCount * 2
        let late = count - 3
        let text = plan(steps: count) { i in
            i == 5 || i == late ? "    retires: 1\n" : i == count / 2 ? "    timeout: soon\n" : ""
        }
        // Step i starts on line 2 + i, plus one for each extra line written before it.
        #expect(
            problems(text) == [
                "plan.yaml:8:5: error: unknown key 'retires' in a step; did you mean 'retries'?",
                "plan.yaml:\(2 + count / 2 + 2):14: error: "
                    + "'timeout' must be a duration such as 90s, 10m or 1h (at least 1s, whole seconds), not 'soon'",
                "plan.yaml:\(2 + late + 3):5: error: unknown key 'retires' in a step; did you mean 'retries'?",
            ])
    }

    @Test func needsOnEarlierStepsKeepTheWrittenOrder() throws {
        let text = plan(steps: 300) { i in i % 10 == 9 ? "    needs: [T\(i - 5), T\(i - 9)]\n" : "" }
        let plan = try #require(compiled(text))
        #expect(plan.cells.map(\.target) == (0..<300).map { "T\($0)" })
        #expect(plan.cells[9].needs == ["T4", "T0"])
    }

    @Test func aNeedOnALaterStepStillMovesTheStep() throws {
        let text = plan(steps: 300) { i in i == 3 ? "    needs: [T200]\n" : "" }
        let plan = try #require(compiled(text))
        let order = plan.cells.map(\.target)
        #expect(order.firstIndex(of: "T3") == (order.firstIndex(of: "T200") ?? 0) + 1)
        #expect(order.prefix(3) == ["T0", "T1", "T2"])
    }
}
