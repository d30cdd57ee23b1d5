import Store

extension RunDriver {
    /// A stream of the run's changes from now on: its status, each cell's record, notices. It ends
    /// when `run()` returns. Subscribe before `run()` to see the first state too.
    public nonisolated func progress() -> AsyncStream<RunProgress> {
        let (stream, continuation) = AsyncStream<RunProgress>.makeStream(bufferingPolicy: .unbounded)
        let id = subscribers.withLock { subscribers -> Int? in
            guard !subscribers.ended else { return nil }
            subscribers.nextId += 1
            subscribers.continuations[subscribers.nextId] = continuation
            return subscribers.nextId
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.continuations.removeValue(forKey: id) }
        }
        return stream
    }

    /// Sends `change` to every subscriber.
    nonisolated func emit(_ change: RunProgress) {
        let continuations = subscribers.withLock { Array($0.continuations.values) }
        for continuation in continuations { continuation.yield(change) }
    }

    /// Publishes the run's status and every cell whose record differs from what was last published.
    func publish(status: RunStatus, cells: [CellRecord]) {
        if publishedStatus != status {
            publishedStatus = status
            emit(.run(id: runId, status: status))
        }
        for cell in cells { publish(cell) }
    }

    /// Publishes `cell` if its record differs from what was last published and is not older: the
    /// driver publishes its own starts and decisions as they commit, and a read that began before
    /// one of them may come back after it with the cell as it was.
    func publish(_ cell: CellRecord) {
        let progress = CellProgress(cell)
        if let last = published[cell.seq] {
            guard last != progress, progress.advancement >= last.advancement else { return }
        }
        published[cell.seq] = progress
        emit(.cell(progress))
    }

    /// Publishes a notice about the run or one of its cells.
    nonisolated func notice(seq: Int?, _ message: String) {
        emit(.notice(runId: runId, seq: seq, message: message))
    }

    /// Ends every subscriber's stream, and any opened later.
    nonisolated func endSubscriptions() {
        let continuations = subscribers.withLock { subscribers in
            subscribers.ended = true
            defer { subscribers.continuations = [:] }
            return Array(subscribers.continuations.values)
        }
        for continuation in continuations { continuation.finish() }
    }
}
