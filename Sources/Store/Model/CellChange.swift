import Foundation
import JSON

/// One column a cell compare-and-set writes (`WriteTransaction.updateCell`); `nil` payloads store NULL.
public enum CellChange: Sendable, Hashable {
    /// The cell's status.
    case status(CellStatus)
    /// The current attempt number.
    case attempt(Int)
    /// The current attempt's build id (`nil` clears it; `setCellBuildId` sets it only once).
    case buildId(String?)
    /// The current attempt's webhook token.
    case token(String?)
    /// When the current attempt started.
    case startedAt(Date?)
    /// When the cell ended.
    case finishedAt(Date?)
    /// Why it failed or errored.
    case error(String?)
    /// Whether it passed only on a retry.
    case flaky(Bool)
    /// Whether its failure is soft (`continueOnError`).
    case soft(Bool)
    /// The result summary.
    case summary(JSONValue?)
}
