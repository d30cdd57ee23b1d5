import Foundation
import JSON

/// One column an attempt update writes (`WriteTransaction.updateAttempt`); `nil` payloads store NULL.
public enum AttemptChange: Sendable, Hashable {
    /// The webhook token (a new one when a cell is restarted after a crash).
    case token(String?)
    /// The Usetrace build id.
    case buildId(String?)
    /// The process id of a command step.
    case pid(Int32?)
    /// When the attempt started.
    case startedAt(Date)
    /// When it ended.
    case finishedAt(Date?)
    /// Its status.
    case status(CellStatus)
    /// Why it failed or errored.
    case error(String?)
    /// Its result report.
    case report(JSONValue?)
}
