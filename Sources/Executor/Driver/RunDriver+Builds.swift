import Foundation
import JSON
import PlanCompiler
import Store
import Usetrace

extension RunDriver {
    /// Starts an attempt's build (unless `buildId` says it is started) and polls it until it
    /// finishes, times out, or Usetrace keeps not knowing it; then concludes the attempt.
    func performBuild(
        _ cell: CellRecord, attempt: Int, token: String?, startedAt: Date, buildId known: String?
    )
        async
    {
        guard let context else { return }
        let deadline = startedAt.addingTimeInterval(TimeInterval(cell.timeoutSeconds))
        let timedOut = CellOutcome.timedOut(afterSeconds: cell.timeoutSeconds)

        let buildId: String
        // The commit of a new build's id, which goes on while the first poll interval passes.
        var recording: Task<Bool?, Never>?
        if let known {
            buildId = known
        } else {
            let target: BuildTarget
            switch buildTarget(of: cell, context: context) {
            case .success(let made): target = made
            case .failure(let reason):
                await conclude(seq: cell.seq, attempt: attempt, outcome: .error(reason.message))
                return
            }
            let request = buildRequest(for: cell, token: token, context: context)
            let started: String
            do {
                guard
                    let id = try await withDeadline(
                        deadline, clock: clock,
                        { [builds] in
                            try await builds.startBuild(target, request: request, key: context.usetraceKey)
                        })
                else {
                    await conclude(seq: cell.seq, attempt: attempt, outcome: timedOut)
                    return
                }
                started = id
            } catch is CancellationError {
                return
            } catch {
                guard !Task.isCancelled else { return }
                await conclude(seq: cell.seq, attempt: attempt, outcome: .error("could not start the build: \(error)"))
                return
            }
            guard !Task.isCancelled else { return }
            let now = clock.now()
            // The id's commit overlaps the first poll interval instead of adding to it; the first
            // status check waits for it, so no poll outcome is recorded before the build id.
            recording = Task { await self.recordBuild(started, of: cell, attempt: attempt, at: now, until: deadline) }
            buildId = started
        }

        let followingSince = clock.now()
        // A resumed build is asked at once; a new one only after a poll interval.
        var pollNow = known != nil
        while !Task.isCancelled {
            let now = clock.now()
            if now >= deadline {
                // Even a time-out is recorded after the build id, so the attempt names its build.
                if let pending = recording { _ = await pending.value }
                await conclude(seq: cell.seq, attempt: attempt, outcome: timedOut)
                return
            }
            if !pollNow {
                let wait = min(settings.pollInterval, .seconds(interval: deadline.timeIntervalSince(now)))
                guard (try? await clock.sleep(for: wait)) != nil else { return }
                if clock.now() >= deadline { continue }
            }
            pollNow = false
            if let pending = recording {
                switch await pending.value {
                case false?: return  // the cell no longer runs this attempt: nothing to follow
                case nil: continue  // the store kept refusing until the deadline: time the attempt out
                case true?:
                    recording = nil
                    wake.signal()
                }
            }

            let status: BuildStatus
            do {
                status = try await builds.buildStatus(buildId, key: context.usetraceKey)
            } catch is CancellationError {
                return
            } catch {
                notice(seq: cell.seq, "asking for the status of build \(buildId) failed: \(error); trying again")
                continue
            }
            switch status.state {
            case .notFoundYet:
                let waited = clock.now().timeIntervalSince(followingSince)
                if waited > settings.notFoundWindow.timeInterval {
                    await conclude(
                        seq: cell.seq, attempt: attempt,
                        outcome: .error("Usetrace does not know build \(buildId) (404 for \(Int(waited))s)"))
                    return
                }
            case .accepted, .running, .unknown:
                continue
            case .finished:
                do {
                    let report = try await builds.buildResults(buildId, key: context.usetraceKey)
                    await conclude(
                        seq: cell.seq, attempt: attempt, outcome: report.outcome, report: report.raw,
                        summary: status.raw?["summary"])
                    return
                } catch is CancellationError {
                    return
                } catch {
                    notice(seq: cell.seq, "reading the results of build \(buildId) failed: \(error); trying again")
                }
            }
        }
    }

    /// Commits the id of a started build; whether the cell still runs that attempt (so the build
    /// is worth following), or `nil` when the store refused the write (busy, I/O) each poll interval
    /// until `deadline`: a running cell is not left without its build id for a passing fault.
    func recordBuild(
        _ buildId: String, of cell: CellRecord, attempt: Int, at time: Date, until deadline: Date
    ) async
        -> Bool?
    {
        while true {
            do {
                return try await write { tx in
                    try RunLedger.recordBuild(
                        tx, runId: self.runId, seq: cell.seq, attempt: attempt, buildId: buildId, at: time)
                }
            } catch {
                guard clock.now() < deadline else { return nil }
                notice(seq: cell.seq, "could not record build \(buildId) of attempt \(attempt): \(error); trying again")
                guard (try? await clock.sleep(for: settings.pollInterval)) != nil else { return nil }
            }
        }
    }

    /// What a trace or tag cell's build runs.
    func buildTarget(of cell: CellRecord, context: RunContext) -> Result<BuildTarget, BuildRequestError> {
        switch cell.kind {
        case .trace:
            return .success(.trace(id: cell.target))
        case .tag:
            guard let project = context.plan.project else {
                return .failure(BuildRequestError(message: "the plan names no project for tag \(cell.target)"))
            }
            return .success(.tag(project: project, name: cell.target))
        case .command:
            return .failure(BuildRequestError(message: "a command step has no build"))
        }
    }

    /// The start request of a cell's build: its one capability, the plan's base URL and parameters,
    /// and this attempt's webhook reporter when orch has a public URL.
    func buildRequest(for cell: CellRecord, token: String?, context: RunContext) -> BuildRequest {
        var reporters: [WebhookReporter] = []
        if let publicURL = settings.publicURL, let token {
            reporters.append(
                WebhookReporter(
                    url: WebhookURL.make(publicURL: publicURL, runId: runId, token: token), when: .always,
                    secretKey: context.webhookSecret))
        }
        return BuildRequest(
            requiredCapabilities: [cell.capability ?? [:]], baseURL: context.plan.baseUrl,
            parameters: context.plan.parameters, reporters: reporters)
    }
}

/// Why a cell's build cannot be made.
struct BuildRequestError: Error {
    let message: String
}
