import Store

/// Reading a run named on the command line.
enum StoredRun {
    /// The run `id` and its cells; an unknown id is exit 2 naming it, a store failure exit 3.
    static func load(_ id: String, from store: Store) throws(CommandFailure) -> (RunRecord, [CellRecord]) {
        let found: (RunRecord, [CellRecord])?
        do {
            found = try store.run(id: id).map { ($0, try store.cells(run: id)) }
        } catch {
            throw .cannotWork("cannot read run \(id): \(error)")
        }
        guard let found else { throw .notFound("no run has the id '\(id)'") }
        return found
    }
}
