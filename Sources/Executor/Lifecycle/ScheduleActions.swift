import Store

/// What the scheduler says to do now; the driver performs it and asks again after any change.
public struct ScheduleActions: Sendable, Hashable {
    /// Pending cells to start now, in `seq` order.
    public var start: [Int]
    /// Pending cells that will never run (a hard failure in an earlier stage under `onFailure: stop`).
    public var skip: [Int]
    /// Pending and running cells of a cancelled run.
    public var cancel: [Int]
    /// The run's final status, when no cell is pending or running once the other actions are done.
    public var finished: RunStatus?

    /// Actions from their parts (default: nothing to do).
    public init(start: [Int] = [], skip: [Int] = [], cancel: [Int] = [], finished: RunStatus? = nil) {
        self.start = start
        self.skip = skip
        self.cancel = cancel
        self.finished = finished
    }

    /// Whether there is nothing to do (cells are running, or waiting for running ones).
    public var isIdle: Bool { start.isEmpty && skip.isEmpty && cancel.isEmpty && finished == nil }
}
