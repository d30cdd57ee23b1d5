import Executor
import Foundation
import Store
import Testing

@testable import OrchCLI

/// The progress of `orch run`: the line format for pipes and the live view for terminals.
@Suite struct ProgressOutputTests {
    static let at = Date(timeIntervalSince1970: 1_750_000_000.125)

    static func cell(
        _ seq: Int, stage: Int = 1, step: String = "ZuBmU-WNsQAXLYQJ6mVVjjEjvUD3ZC83", browser: String? = "firefox",
        _ status: CellStatus, attempt: Int = 1, buildId: String? = "b-17", error: String? = nil, flaky: Bool = false,
        soft: Bool = false
    ) -> CellProgress {
        CellProgress(
            runId: "Run1", seq: seq, stage: stage, stepId: step, kind: browser == nil ? .command : .trace,
            browserName: browser, status: status, attempt: attempt, buildId: buildId, error: error, flaky: flaky,
            soft: soft)
    }

    @Test func aPipeGetsOneTimestampedLinePerStateChange() {
        let t = "2025-06-15T15:06:40.125Z Run1"
        #expect(
            ProgressLine.cell(Self.cell(3, stage: 2, .running), at: Self.at)
                == "\(t) cell 3 stage 2 ZuBmU-WNsQAXLYQJ6mVVjjEjvUD3ZC83/firefox running attempt 1 build b-17")
        #expect(
            ProgressLine.cell(Self.cell(3, .pending, error: "1 of 1 test failed"), at: Self.at)
                .hasSuffix("/firefox retrying after attempt 1: 1 of 1 test failed"))
        #expect(
            ProgressLine.cell(Self.cell(3, .passed, attempt: 2, flaky: true), at: Self.at)
                .hasSuffix("/firefox passed attempt 2 build b-17 flaky"))
        #expect(
            ProgressLine.cell(Self.cell(3, .failed, error: "line one\nline two", soft: true), at: Self.at)
                .hasSuffix("/firefox failed attempt 1 build b-17 soft: line one line two"))
        #expect(
            ProgressLine.cell(
                Self.cell(4, step: "run-1", browser: nil, .skipped, attempt: 0, buildId: nil, error: "not run"),
                at: Self.at)
                == "\(t) cell 4 stage 1 run-1 skipped: not run")
        #expect(ProgressLine.run(runId: "Run1", status: .passed, at: Self.at) == "\(t) run passed")
        #expect(
            ProgressLine.notice(runId: "Run1", seq: 2, message: "poll failed", at: Self.at)
                == "\(t) cell 2 notice: poll failed")
    }

    @Test func theLiveViewIsUsedOnlyOnATerminalThatIsNotDumbAndColourOnlyWithoutNoColor() {
        #expect(ProgressDisplay.style(isTerminal: true, environment: ["TERM": "xterm"]) == .live(colour: true))
        #expect(ProgressDisplay.style(isTerminal: true, environment: ["NO_COLOR": "1"]) == .live(colour: false))
        #expect(ProgressDisplay.style(isTerminal: true, environment: ["TERM": "dumb"]) == .lines)
        #expect(ProgressDisplay.style(isTerminal: false, environment: ["TERM": "xterm"]) == .lines)
    }

    func frame(_ cells: [CellProgress], colour: Bool = false, width: Int = 100, maxCellLines: Int = 20) -> LiveFrame {
        LiveFrame(
            runId: "Run1", planName: "smoke", status: .running, startedAt: Self.at,
            now: Self.at.addingTimeInterval(12.3),
            cells: cells.map {
                LiveFrame.Cell(progress: $0, runningSince: $0.status == .pending ? nil : Self.at, endedAt: nil)
            },
            notice: nil, colour: colour, width: width, maxCellLines: maxCellLines)
    }

    @Test func theLiveViewShowsOneLinePerCellWithStatusAttemptElapsedAndBuild() {
        let lines = frame([
            Self.cell(1, step: "login", browser: "chrome", .passed, buildId: "b-1"),
            Self.cell(2, step: "login", .running),
            Self.cell(3, stage: 2, step: "pay", browser: "chrome", .pending, attempt: 0, buildId: nil),
        ]).lines
        #expect(
            lines == [
                "orch run Run1 · smoke · running · 1/3 ended · 12.3s",
                "  ✔ 1  stage 1  login/chrome  passed  attempt 1  12.3s  build b-1",
                "  ▸ 2  stage 1  login/firefox  running  attempt 1  12.3s  build b-17",
                "  · 3  stage 2  pay/chrome  pending",
            ])
    }

    @Test func liveLinesAreCutToTheWidthBeforeColourIsAdded() {
        let lines = frame([Self.cell(1, .failed, error: String(repeating: "x", count: 200))], colour: true, width: 40)
            .lines
        #expect(lines[1].hasPrefix("\u{1B}[31m  ✘ 1  stage 1  ZuBmU-WNsQAX…/firefox"))
        #expect(lines[1].hasSuffix("…\u{1B}[0m"))
        let visible = lines[1].replacingOccurrences(of: "\u{1B}[31m", with: "").replacingOccurrences(
            of: "\u{1B}[0m", with: "")
        #expect(visible.count == 40)
    }

    @Test func aLargeRunShowsRunningAndFailedCellsFirstAndCountsTheRest() {
        var cells = (1...30).map { Self.cell($0, .pending, attempt: 0, buildId: nil) }
        cells[4] = Self.cell(5, .running)
        cells[9] = Self.cell(10, .failed, error: "boom")
        let lines = frame(cells, maxCellLines: 4).lines
        #expect(lines.count == 6)
        #expect(lines[1].contains(" 1  stage"))
        #expect(lines[2].contains(" 2  stage"))
        #expect(lines[3].contains(" 5  stage"))
        #expect(lines[4].contains(" 10  stage"))
        #expect(lines[5] == "  … 26 more: 26 pending")
    }

    @Test func inLineStyleAFirstSeenUntouchedCellPrintsNothing() {
        let printed = Printed()
        let display = ProgressDisplay(
            style: .lines, sink: { printed.append($0) }, runId: "Run1", planName: "smoke", environment: [:])
        display.handle(.cell(Self.cell(1, .pending, attempt: 0, buildId: nil)))
        #expect(printed.text.isEmpty)
        display.handle(.cell(Self.cell(1, .running, buildId: nil)))
        display.handle(.cell(Self.cell(1, .passed)))
        let lines = printed.text.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[1].hasSuffix("passed attempt 1 build b-17"))
    }

    @Test func theLiveViewRedrawsInPlace() {
        let printed = Printed()
        let display = ProgressDisplay(
            style: .live(colour: false), sink: { printed.append($0) }, runId: "Run1", planName: "smoke",
            environment: [:])
        display.handle(.cell(Self.cell(1, .running)))
        display.handle(.cell(Self.cell(1, .passed)))
        display.finish()
        display.refresh()
        // Each redraw after the first moves up over the two lines drawn before and erases what is left.
        #expect(printed.chunks.count == 3)
        #expect(!printed.chunks[0].contains("\u{1B}[2A"))
        #expect(printed.chunks[1].hasPrefix("\u{1B}[2A\r\u{1B}[2K"))
        #expect(printed.chunks[2].hasSuffix("\u{1B}[J"))
    }
}

/// What a sink was given.
final class Printed: @unchecked Sendable {
    // Safe: every access holds `lock`.
    private let lock = NSLock()
    private var stored: [String] = []

    func append(_ text: String) {
        lock.lock()
        stored.append(text)
        lock.unlock()
    }

    var chunks: [String] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }

    var text: String { chunks.joined() }
}
