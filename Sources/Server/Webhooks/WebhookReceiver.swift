import Crypto
import Executor
import Foundation
import JSON
import Store
import Usetrace

/// Takes webhook deliveries as the contract says (interfaces.md, "Webhooks"):
/// - a valid token and signature: the report decides the attempt's cell, committed in one
///   transaction with the token's use (`webhook_deliveries`, token UNIQUE), so two racing
///   repeats cannot both decide;
/// - a token used already, or a cell that has ended or moved on: nothing changes;
/// - no signature, a wrong one, an unreadable report, or the original path without a token:
///   only a hint (the caller then has orch ask Usetrace itself), so a forged call can never
///   pass a cell or skip a step;
/// - an unknown run or a token that names no attempt of the run: nothing changes.
///
/// Synchronous (a few store reads and at most one write transaction): called on the web
/// server's threads. What a delivery causes next is the caller's to start after answering.
public final class WebhookReceiver: Sendable {
    /// What one delivery did.
    public struct Receipt: Sendable, Hashable {
        /// What it did.
        public var outcome: WebhookOutcome
        /// The run it was for.
        public var runId: String
        /// The cell its token names, when the token was valid.
        public var seq: Int?
        /// The decision it made, for `.decided`.
        public var transition: CellTransition?
    }

    private let store: Store
    private let clock: @Sendable () -> Date

    /// A receiver deciding cells in `store`, with `clock` for the times it records.
    public init(store: Store, clock: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        self.clock = clock
    }

    /// Takes one delivery for run `runId`: its URL's token (`nil` on the original path), the
    /// `Signature` header's value, and the exact body bytes.
    public func receive(runId: String, token: String?, signature: String?, body: [UInt8]) throws -> Receipt {
        guard let secrets = try store.runSecrets(id: runId) else { return Receipt(outcome: .unknownRun, runId: runId) }
        guard let token else { return Receipt(outcome: .originalPath, runId: runId) }
        guard let attempt = try store.attempt(token: token), attempt.runId == runId else {
            return Receipt(outcome: .unknownToken, runId: runId)
        }
        let seq = attempt.seq
        guard let signature else { return Receipt(outcome: .unsigned, runId: runId, seq: seq) }
        guard WebhookSignature.isValid(signature, body: body, secret: secrets.webhookSecret) else {
            return Receipt(outcome: .badSignature, runId: runId, seq: seq)
        }
        guard let report = try? BuildReport(bytes: body) else {
            return Receipt(outcome: .unreadable, runId: runId, seq: seq)
        }
        let now = clock()
        let bodyHash = Digest.sha256Hex(body)
        return try store.write { tx in
            guard
                try tx.claimWebhookToken(
                    token, run: runId, seq: seq, attempt: attempt.attempt, outcome: WebhookOutcome.stale.rawValue,
                    bodySHA256: bodyHash, at: now)
            else { return Receipt(outcome: .repeated, runId: runId, seq: seq) }
            guard
                let transition = try RunLedger.decide(
                    tx, runId: runId, seq: seq, attempt: attempt.attempt, outcome: report.outcome, report: report.raw,
                    summary: Self.summary(of: report), at: now)
            else { return Receipt(outcome: .stale, runId: runId, seq: seq) }
            _ = try tx.setWebhookDeliveryOutcome(token, outcome: WebhookOutcome.decided.rawValue)
            return Receipt(outcome: .decided, runId: runId, seq: seq, transition: transition)
        }
    }

    /// The cell summary a report gives, in the shape of Usetrace's status `summary` (which a
    /// poll stores): requested, finished, passed and failed test cases.
    static func summary(of report: BuildReport) -> JSONValue {
        let failed = max(report.failures + report.errors, report.testCases.filter { !$0.passed }.count)
        let tests = max(report.tests, report.testCases.count)
        return [
            "request": .int(Int64(tests)), "finish": .int(Int64(tests)), "pass": .int(Int64(max(0, tests - failed))),
            "fail": .int(Int64(failed)),
        ]
    }
}
