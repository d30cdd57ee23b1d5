/// One page of the run list, newest first.
public struct RunPage: Sendable, Hashable {
    /// The runs of this page.
    public var runs: [RunSummary]
    /// The cursor of the next page; `nil` when this is the last one.
    public var nextCursor: String?

    public init(runs: [RunSummary], nextCursor: String?) {
        self.runs = runs
        self.nextCursor = nextCursor
    }
}
