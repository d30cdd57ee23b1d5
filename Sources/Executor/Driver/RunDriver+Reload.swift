import Store

extension RunDriver {
    /// More changed cells than this in one tick are read as a whole run (one query instead of many).
    static let incrementalReadLimit = 64

    /// Rereads the run's status and the cells that changed since the last read, into `knownCells`;
    /// returns the status and the cells reread (every cell on the first read).
    ///
    /// Every change to a cell appends an event in the same transaction (`RunLedger`, and any writer
    /// following the store's rules), so the cells named by events newer than `lastEventId` are all
    /// that can have changed. The events are read before the cells: a change committed in between
    /// is read now and again next tick, never missed. Reading only those keeps a tick's cost
    /// independent of the run's size; reading every cell each tick made a run of N stages cost
    /// O(N × cells) (a 2,000-cell run spent most of its time rereading cells).
    func reloadChangedCells() async throws -> (RunStatus, [CellRecord]) {
        let after = lastEventId
        let readAll = knownCells.isEmpty
        let limit = Self.incrementalReadLimit
        let (status, newestEvent, cells, whole) = try await io.run { [store, runId] in
            guard let status = try store.runStatus(id: runId) else { throw ExecutorError.unknownRun(runId) }
            let changes = try store.changedCells(run: runId, afterEvent: after)
            if readAll || changes.seqs.count > limit {
                return (status, changes.newestEventId, try store.cells(run: runId), true)
            }
            let cells = try changes.seqs.sorted().compactMap { try store.cell(run: runId, seq: $0) }
            return (status, changes.newestEventId, cells, false)
        }
        if let newestEvent { lastEventId = max(lastEventId, newestEvent) }
        if whole {
            fullCellReads += 1
            knownCells = cells
            knownIndex = Dictionary(uniqueKeysWithValues: cells.enumerated().map { ($1.seq, $0) })
            knownStates = cells.map(CellState.init)
            return (status, cells)
        }
        for cell in cells {
            if let index = knownIndex[cell.seq] {
                knownCells[index] = cell
                knownStates[index] = CellState(cell)
            } else {
                knownCells.append(cell)
                knownCells.sort { $0.seq < $1.seq }
                knownIndex = Dictionary(uniqueKeysWithValues: knownCells.enumerated().map { ($1.seq, $0) })
                knownStates = knownCells.map(CellState.init)
            }
        }
        return (status, cells)
    }
}
