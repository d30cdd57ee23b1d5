import Foundation
import Synchronization

/// A thread of its own that sweeps the request deadlines at their interval until stopped.
final class DeadlineSweeper: Sendable {
    private let deadlines: RequestDeadlines
    private let stopped = Atomic<Bool>(false)
    private let onCut: @Sendable (Int) -> Void

    /// Starts sweeping `deadlines`; `onCut` is told how many connections each sweep closed (when any).
    init(_ deadlines: RequestDeadlines, onCut: @escaping @Sendable (Int) -> Void) {
        self.deadlines = deadlines
        self.onCut = onCut
        let thread = Thread { [self] in run() }
        thread.name = "orch-request-deadlines"
        thread.start()
    }

    /// Ends the sweeps; the thread exits within one interval.
    func stop() {
        stopped.store(true, ordering: .relaxed)
    }

    private func run() {
        let interval = deadlines.sweepInterval
        while !stopped.load(ordering: .relaxed) {
            Thread.sleep(forTimeInterval: interval)
            let cut = deadlines.sweep()
            if cut > 0 { onCut(cut) }
        }
    }
}
