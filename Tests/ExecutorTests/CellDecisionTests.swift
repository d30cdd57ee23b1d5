import PlanCompiler
import Store
import Testing

@testable import Executor

@Suite("Cell decisions")
struct CellDecisionTests {
    func running(attempt: Int, retries: Int = 0, continueOnError: Bool = false) -> CellState {
        CellState(
            seq: 1, stage: 1, lane: 1, kind: .trace, status: .running, attempt: attempt, retries: retries,
            continueOnError: continueOnError)
    }

    @Test func passOnTheFirstAttemptIsNotFlaky() {
        let t = CellDecision.apply(.passed, toAttempt: 1, of: running(attempt: 1))
        #expect(t == CellTransition(status: .passed, attempt: 1, flaky: false))
        #expect(t?.eventKind == .cellPassed)
    }

    @Test func passOnARetryIsFlaky() {
        let t = CellDecision.apply(.passed, toAttempt: 2, of: running(attempt: 2, retries: 2))
        #expect(t == CellTransition(status: .passed, attempt: 2, flaky: true))
    }

    @Test func failureWithRetriesLeftGoesBackToPendingWithTheSameAttempt() {
        let t = CellDecision.apply(.failed("1 test failed"), toAttempt: 1, of: running(attempt: 1, retries: 2))
        #expect(t == CellTransition(status: .pending, attempt: 1, error: "1 test failed"))
        #expect(t?.isRetry == true)
        #expect(t?.eventKind == .cellRetrying)
    }

    @Test func errorIsRetriedLikeAFailure() {
        let t = CellDecision.apply(.error("timed out after 10m"), toAttempt: 2, of: running(attempt: 2, retries: 2))
        #expect(t?.status == .pending)
        #expect(t?.attempt == 2)
    }

    @Test func lastAttemptFailureEndsTheCellFailed() {
        let t = CellDecision.apply(.failed("boom"), toAttempt: 3, of: running(attempt: 3, retries: 2))
        #expect(t == CellTransition(status: .failed, attempt: 3, soft: false, error: "boom"))
        #expect(t?.eventKind == .cellFailed)
    }

    @Test func lastAttemptErrorEndsTheCellInError() {
        let t = CellDecision.apply(.error("could not start"), toAttempt: 1, of: running(attempt: 1))
        #expect(t == CellTransition(status: .error, attempt: 1, error: "could not start"))
        #expect(t?.eventKind == .cellErrored)
    }

    @Test func finalFailureUnderContinueOnErrorIsSoft() {
        let t = CellDecision.apply(.failed("x"), toAttempt: 1, of: running(attempt: 1, continueOnError: true))
        #expect(t == CellTransition(status: .failed, attempt: 1, soft: true, error: "x"))
        let e = CellDecision.apply(.error("y"), toAttempt: 1, of: running(attempt: 1, continueOnError: true))
        #expect(e?.soft == true)
        #expect(e?.status == .error)
    }

    @Test func continueOnErrorStillRetriesFirst() {
        let t = CellDecision.apply(
            .failed("x"), toAttempt: 1, of: running(attempt: 1, retries: 1, continueOnError: true))
        #expect(t?.status == .pending)
        #expect(t?.soft == false)
    }

    @Test func outcomeForAnEarlierAttemptIsStale() {
        #expect(CellDecision.apply(.passed, toAttempt: 1, of: running(attempt: 2, retries: 1)) == nil)
        #expect(CellDecision.apply(.failed("late"), toAttempt: 1, of: running(attempt: 2, retries: 1)) == nil)
    }

    @Test func outcomeForALaterAttemptIsStale() {
        #expect(CellDecision.apply(.passed, toAttempt: 3, of: running(attempt: 2, retries: 5)) == nil)
    }

    @Test func outcomeForACellThatIsNotRunningIsStale() {
        for status in CellStatus.allCases where status != .running {
            var cell = running(attempt: 1, retries: 1)
            cell.status = status
            #expect(CellDecision.apply(.passed, toAttempt: 1, of: cell) == nil, "status \(status)")
            #expect(CellDecision.apply(.failed("x"), toAttempt: 1, of: cell) == nil, "status \(status)")
        }
    }

    @Test func repeatedOutcomeChangesNothingOnceApplied() {
        var cell = running(attempt: 1)
        let first = CellDecision.apply(.passed, toAttempt: 1, of: cell)
        #expect(first != nil)
        cell.status = first?.status ?? .running
        #expect(CellDecision.apply(.passed, toAttempt: 1, of: cell) == nil)
        #expect(CellDecision.apply(.failed("late"), toAttempt: 1, of: cell) == nil)
    }

    @Test func repeatOfARetriedAttemptsFailureIsStale() {
        // Attempt 1 failed and was retried; a repeat of attempt 1's failure while pending changes nothing.
        var cell = running(attempt: 1, retries: 1)
        let retry = CellDecision.apply(.failed("x"), toAttempt: 1, of: cell)
        cell.status = retry?.status ?? .running
        #expect(cell.status == .pending)
        #expect(CellDecision.apply(.failed("x"), toAttempt: 1, of: cell) == nil)
    }

    @Test func attemptZeroIsNeverAccepted() {
        #expect(CellDecision.apply(.passed, toAttempt: 0, of: running(attempt: 0)) == nil)
    }

    @Test func nextAttemptIsNumberedFromOne() {
        #expect(CellDecision.nextAttempt(of: CellState(seq: 1, stage: 1, lane: 1, kind: .trace)) == 1)
        let retrying = CellState(seq: 1, stage: 1, lane: 1, kind: .trace, status: .pending, attempt: 1, retries: 1)
        #expect(CellDecision.nextAttempt(of: retrying) == 2)
        #expect(CellDecision.nextAttempt(of: running(attempt: 1)) == nil)
    }

    @Test func timeOutsAreWordedInPlanDurations() {
        #expect(CellOutcome.timedOut(afterSeconds: 600) == .error("timed out after 10m"))
        #expect(CellOutcome.timedOut(afterSeconds: 5400) == .error("timed out after 1h30m"))
        #expect(CellOutcome.timedOut(afterSeconds: 45) == .error("timed out after 45s"))
    }
}
