import Dispatch
import Testing

@testable import PlanCompiler

/// Plans long enough to take the compiler's fast paths (steps read ahead on a second thread while
/// the file is parsed, the written order kept without a heap) give what the plain paths give.
@Suite struct LargePlanTests {
    /// `count` trace steps `T0`, `T1`, …; `extra` adds lines to step `i`.
    private func plan(steps count: Int, extra: (Int) -> String = { _ in "" }) -> String {
        var text = "steps:\n"
        for i in 0..<count { text += "  - trace: T\(i)\n" + extra(i) }
        return text
    }

    /// The steps and diagnostics the reader makes of `text`, read plainly and with a prefetch; and
    /// whether the prefetch read anything ahead.
    private func readBothWays(_ text: String) -> (plain: String, prefetched: String, readAhead: Bool) {
        let bytes = Array(text.utf8)
        func read(_ prefetch: StepPrefetch?) -> (String, Bool) {
            let tree: SourceTree
            do { tree = try YAMLParser.parse(bytes, file: "plan.yaml", prefetch: prefetch) } catch {
                return ("\(error.location.line):\(error.location.column): \(error.message)", false)
            }
            let ahead = prefetch?.result()
            var reader = PlanReader(tree, prefetched: ahead)
            let syntax = reader.read()
            return ("\(syntax.map { "\($0.steps)" } ?? "no plan") \(reader.reader.diagnostics)", ahead != nil)
        }
        let plain = read(nil)
        let prefetched = read(StepPrefetch())
        return (plain.0, prefetched.0, prefetched.1)
    }

    @Test func stepsReadAheadAreTheStepsReadInPlace() {
        let count = StepPrefetch.batchSize * 3 + 7
        let both = readBothWays(plan(steps: count) { i in i % 9 == 4 ? "    retries: 2\n    needs: [T0]\n" : "" })
        #expect(both.readAhead)
        #expect(both.prefetched == both.plain)
    }

    @Test func stepsReadAheadKeepTheirOrder() throws {
        let count = StepPrefetch.batchSize * 2 + 11
        let plan = try #require(compiled(plan(steps: count)))
        #expect(plan.cells.map(\.target) == (0..<count).map { "T\($0)" })
    }

    @Test func aShortListIsNotReadAhead() {
        let both = readBothWays(plan(steps: StepPrefetch.batchSize - 1))
        #expect(!both.readAhead)
        #expect(both.prefetched == both.plain)
    }

    @Test func problemsOfStepsReadAheadAreReportedInFileOrder() {
        let count = StepPrefetch.batchSize * 4
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
        #expect(readBothWays(text).prefetched == readBothWays(text).plain)
    }

    @Test func onlyTheFirstStepsKeyIsReadAheadAndOnlyWhenItHoldsAList() {
        let long = plan(steps: StepPrefetch.batchSize + 1).dropFirst("steps:\n".count)
        // A second `steps` is a duplicate key: the first one counts, read ahead or not.
        let twice = readBothWays("steps:\n" + long + "steps:\n" + long)
        #expect(twice.readAhead)
        #expect(twice.prefetched == twice.plain)
        // The first `steps` is no list: the long list after it is a duplicate, not read ahead.
        let notAList = readBothWays("steps: {a: 1}\nsteps:\n" + long)
        #expect(!notAList.readAhead)
        #expect(notAList.prefetched == notAList.plain)
        // `steps` nested below the root is not the plan's list.
        let nested = readBothWays("groups:\n  steps:\n" + long.replacingOccurrences(of: "  - trace: ", with: "    - "))
        #expect(!nested.readAhead)
        #expect(nested.prefetched == nested.plain)
    }

    @Test func aSyntaxErrorAfterStepsReadAheadIsStillReported() {
        let text = plan(steps: StepPrefetch.batchSize * 2) + "name: [unclosed\n"
        let both = readBothWays(text)
        #expect(both.prefetched == both.plain)
        #expect(compile(text).diagnostics.count == 1)
    }

    @Test func aLongJSONPlanIsReadAheadToo() throws {
        let count = StepPrefetch.batchSize + 5
        let text = "{\"steps\": [" + (0..<count).map { "{\"trace\": \"T\($0)\"}" }.joined(separator: ", ") + "]}"
        let both = readBothWays(text)
        #expect(both.readAhead)
        #expect(both.prefetched == both.plain)
    }

    @Test func aLargeMatrixMadeWhileItsTextIsWrittenHasEveryCellInItsPlace() throws {
        // 3,000 steps on three browsers, some with their own matrix (new lanes first seen late), some commands.
        var text = "project: P\ncapabilities: [chrome, firefox, {browserName: chrome, version: \"120\"}]\nsteps:\n"
        for i in 0..<3_000 {
            switch i % 500 {
            case 7: text += "  - run: ./step\(i).sh\n"
            case 9: text += "  - trace: T\(i)\n    capabilities: [{browserName: firefox, version: \"\(i)\"}, firefox]\n"
            default: text += "  - trace: T\(i)\n    retries: \(i % 3)\n"
            }
        }
        let plan = try #require(compiled(text))
        // Many times the stages written between two rounds of making cells.
        #expect(plan.stageCount > 10 * PlanHash.stagesPerCall)
        #expect(plan.cells.map(\.seq) == Array(1...plan.cells.count))
        var laneOf: [String: Int] = ["chrome": 1, "firefox": 2, "chrome 120": 3]
        var stage = 0
        var previousTarget = ""
        for cell in plan.cells {
            if cell.target != previousTarget {
                stage += 1
                previousTarget = cell.target
            }
            #expect(cell.stage == stage)
            let i = stage - 1
            #expect(cell.target == (i % 500 == 7 ? "./step\(i).sh" : "T\(i)"))
            guard let capability = cell.capability else {
                #expect(cell.kind == .command && cell.lane == nil)
                continue
            }
            let name = [capability["browserName"]?.stringValue, capability["version"]?.stringValue].compactMap { $0 }
                .joined(separator: " ")
            let lane = laneOf[name] ?? laneOf.count + 1
            laneOf[name] = lane
            #expect(cell.lane == lane, "\(name)")
            #expect(cell.retries == (i % 500 == 9 ? 0 : i % 3))
        }
        #expect(stage == 3_000)
    }

    @Test func cellsMadeInRoundsOutOfTurnAreEachMadeOnceInTheirPlace() throws {
        // The rounds name stages again, skip ahead and run past the end, here or as jobs run on
        // another thread: only the next stages are made each time, and whatever is left is made at
        // the end, so every cell is made once.
        let text = "capabilities: [chrome, firefox]\nsteps:\n" + (0..<40).map { "  - trace: T\($0)\n" }.joined()
        let plan = try #require(compiled(text))
        let tree = try YAMLParser.parse(Array(text.utf8), file: "plan.yaml")
        var reader = PlanReader(tree)
        let read = reader.read()
        let syntax = try #require(read)
        let expansion = StepExpansion(syntax, maxSteps: 1_000)
        let matrix = CellMatrix(line: Array(0..<40), steps: expansion.steps, plan: syntax, maxCells: 1_000)
        let made = matrix.cells(expansion.steps, needs: expansion.needs) { maker in
            maker.make(0..<5)
            DispatchQueue.global().sync(execute: maker.job(2..<9))
            maker.make(20..<30)
            DispatchQueue.global().sync(execute: maker.job(9..<12))
            maker.make(12..<18)
            DispatchQueue.global().sync(execute: maker.job(17..<99))
            return 7
        }
        #expect(made.result == 7)
        #expect(made.cells == plan.cells)
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
