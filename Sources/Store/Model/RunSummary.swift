import Foundation

/// A run as the run list shows it: the record and its cells counted by status.
public struct RunSummary: Sendable, Hashable {
    /// The run.
    public var run: RunRecord
    /// Its cells, counted by status.
    public var cells: CellCounts

    public init(run: RunRecord, cells: CellCounts) {
        self.run = run
        self.cells = cells
    }
}

/// A run's cells counted by status.
public struct CellCounts: Sendable, Hashable {
    /// The count of each status that occurs (a status with no cell is absent).
    public var byStatus: [CellStatus: Int]

    public init(byStatus: [CellStatus: Int] = [:]) {
        self.byStatus = byStatus
    }

    /// The number of cells with `status` (0 when none).
    public subscript(status: CellStatus) -> Int {
        byStatus[status] ?? 0
    }

    /// The number of cells.
    public var total: Int { byStatus.values.reduce(0, +) }
}
