import Foundation
import JSON

/// One column a cell compare-and-set writes (`WriteTransaction.updateCell`); `nil` payloads store NULL.
public enum CellChange: Sendable, Hashable {
    case status(CellStatus)
    case attempt(Int)
    case buildId(String?)
    case token(String?)
    case startedAt(Date?)
    case finishedAt(Date?)
    case error(String?)
    case flaky(Bool)
    case soft(Bool)
    case summary(JSONValue?)
}
