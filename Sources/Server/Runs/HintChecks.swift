import Executor
import JSON
import Store
import Usetrace

/// Acts on webhook hints: asks Usetrace now for the status of a run's running builds and has the
/// run's driver decide those that have finished, as a poll would.
///
/// Hints for one run are merged, so a flood of forged calls costs one check at a time: at most one
/// check of a run runs at once, and one more follows if hints came during it.
public actor HintChecks {
    private let store: Store
    private let builds: any BuildService
    private let log: ServiceLog
    /// Runs with a check under way; `true`: another hint came meanwhile, check again after.
    private var checking: [String: Bool] = [:]

    /// Checks against `builds`, reading the runs from `store`, noting failures in `log`.
    public init(store: Store, builds: any BuildService, log: ServiceLog) {
        self.store = store
        self.builds = builds
        self.log = log
    }

    /// A hint for run `runId`, driven by `driver`: check its running builds now (or after the
    /// check under way).
    public func hint(_ runId: String, driver: RunDriver) {
        if checking[runId] != nil {
            checking[runId] = true
            return
        }
        checking[runId] = false
        Task {
            repeat {
                await checkOnce(runId, driver: driver)
            } while again(runId)
        }
    }

    /// Whether another check of `runId` is due (and marks it begun); else ends its checks.
    private func again(_ runId: String) -> Bool {
        guard checking[runId] == true else {
            checking[runId] = nil
            return false
        }
        checking[runId] = false
        return true
    }

    private func checkOnce(_ runId: String, driver: RunDriver) async {
        let store = self.store
        let loaded = try? await BlockingCall.run {
            let running = try store.cells(run: runId).filter { $0.status == .running && $0.buildId != nil }
            return (running, try store.runSecrets(id: runId)?.usetraceKey)
        }
        guard let loaded else { return }
        let (cells, key) = loaded
        let apiKey = key.map(APIKey.init)
        for cell in cells {
            guard let buildId = cell.buildId else { continue }
            do {
                let status = try await builds.buildStatus(buildId, key: apiKey)
                guard status.state == .finished else { continue }
                let report = try await builds.buildResults(buildId, key: apiKey)
                _ = try await driver.decide(
                    seq: cell.seq, attempt: cell.attempt, outcome: report.outcome, report: report.raw,
                    summary: status.raw?["summary"])
            } catch {
                log.event(
                    "run.notice",
                    [
                        "runId": .string(runId), "seq": .int(Int64(cell.seq)),
                        "message": .string("checking build \(buildId) after a webhook hint failed: \(error)"),
                    ])
            }
        }
    }
}
