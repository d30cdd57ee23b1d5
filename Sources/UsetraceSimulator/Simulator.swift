import Dispatch
import JSON
import WebServer

/// The simulated Usetrace service: the store, the finish timers and webhook delivery.
final class Simulator: Sendable {
    let store: BuildStore
    let delivery: WebhookDelivery

    init(configuration: SimulatorConfiguration, logFile: LogFile?) {
        store = BuildStore(configuration: configuration, logFile: logFile)
        delivery = WebhookDelivery(store: store)
    }

    /// Arranges for the build to be finished (logged, webhooks sent) at its finish instant,
    /// whether or not anyone polls it.
    func scheduleFinish(of build: Build) {
        scheduleFinish(build.id, afterMs: Int64(build.durationMs))
    }

    /// Hands finish work found while answering a request to webhook delivery (which runs on its own tasks).
    func perform(_ work: FinishWork?) {
        if let work { delivery.deliver(work) }
    }

    private func scheduleFinish(_ id: String, afterMs ms: Int64) {
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Int(max(0, ms)))) { [self] in
            let (work, remaining) = store.finishIfDue(id)
            if let work {
                delivery.deliver(work)
            } else if let remaining {
                scheduleFinish(id, afterMs: remaining)
            }
        }
    }
}
