import Foundation
import JSON

/// One column an attempt update writes (`WriteTransaction.updateAttempt`); `nil` payloads store NULL.
public enum AttemptChange: Sendable, Hashable {
    case token(String?)
    case buildId(String?)
    case pid(Int32?)
    case startedAt(Date)
    case finishedAt(Date?)
    case status(CellStatus)
    case error(String?)
    case report(JSONValue?)
}
