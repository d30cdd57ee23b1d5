import JSON

/// A build's status as `GET /api/build/{id}/status` answers it.
public enum BuildStatus: Sendable, Hashable {
    /// 404: Usetrace does not know the build (yet: this happens for a short while after a start).
    case notFound
    /// `ACCEPTED`: queued at Usetrace.
    case accepted
    /// `RUNNING`.
    case running
    /// `FINISHED`, with the summary when the answer had one.
    case finished(BuildSummary?)
}

/// The counts of a build's status answer (`summary`).
public struct BuildSummary: Sendable, Hashable {
    /// Tests requested.
    public var request: Int
    /// Tests finished.
    public var finish: Int
    /// Tests passed.
    public var pass: Int
    /// Tests failed.
    public var fail: Int

    public init(request: Int, finish: Int, pass: Int, fail: Int) {
        self.request = request
        self.finish = finish
        self.pass = pass
        self.fail = fail
    }

    /// The summary as Usetrace writes it.
    public var jsonValue: JSONValue {
        [
            "request": .int(Int64(request)), "finish": .int(Int64(finish)), "pass": .int(Int64(pass)),
            "fail": .int(Int64(fail)),
        ]
    }
}
