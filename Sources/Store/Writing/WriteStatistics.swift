/// How many writes a store committed, and in how many transactions: under load, several writes
/// share one transaction and its fsync.
public struct WriteStatistics: Sendable, Equatable {
    /// Writes committed.
    public var writes: Int
    /// Transactions committed.
    public var transactions: Int
}
