/// Which cells of a run changed since a given event: the seqs its newer events name.
public struct CellChanges: Sendable, Equatable {
    /// The cells named by the newer events.
    public var seqs: Set<Int>
    /// The id of the newest of those events, or `nil` when there is none.
    public var newestEventId: Int64?
}
