import Foundation
import JSON

/// One end-to-end scenario: its own simulator, folder and database, and the built `orch` run against them.
final class RunScenario: @unchecked Sendable {
    // Safe: every stored property is set in init and never changed.
    let folder: TemporaryFolder
    let simulator: SimulatorProcess
    /// The scenario's database (in its folder).
    let database: String

    /// A scenario whose simulator has `configuration`.
    init(_ configuration: JSONValue = [:]) async throws {
        folder = try TemporaryFolder()
        simulator = try await SimulatorProcess(configuration: configuration, folder: folder)
        database = folder.path + "/orch.db"
    }

    /// Writes a plan file into the scenario's folder and returns its path.
    @discardableResult
    func plan(_ text: String, name: String = "plan.yaml") throws -> String {
        try folder.write(name, text)
    }

    /// The options every driving command gets: the database, the simulator, a short poll interval.
    func driveOptions(pollInterval: String = "20ms") -> [String] {
        ["--db", database, "--usetrace-url", simulator.url, "--poll-interval", pollInterval]
    }

    /// Runs a driving command (`run`, `runs rerun`, `runs resume`) to its end.
    func drive(
        _ arguments: [String], pollInterval: String = "20ms", environment: [String: String] = [:],
        directory: String? = nil
    ) async throws -> ProcessOutput {
        try await Binaries.run(
            Binaries.orch, arguments + driveOptions(pollInterval: pollInterval), environment: environment,
            directory: directory ?? folder.path)
    }

    /// Starts a driving command in the background.
    func driveInBackground(_ arguments: [String], pollInterval: String = "20ms") throws -> BackgroundProcess {
        try BackgroundProcess(
            Binaries.orch, arguments + driveOptions(pollInterval: pollInterval), directory: folder.path)
    }

    /// Runs a command that only reads or writes the database (`runs list`, `show`, `cancel`).
    func orch(_ arguments: String...) async throws -> ProcessOutput {
        try await Binaries.run(Binaries.orch, arguments + ["--db", database], directory: folder.path)
    }

    /// `orch runs show ID --format json`, parsed.
    func document(_ runId: String) async throws -> JSONValue {
        let result = try await orch("runs", "show", runId, "--format", "json")
        guard result.status == 0 else {
            throw ScenarioFailure("runs show \(runId) exited \(result.status): \(result.stderr)")
        }
        return try JSONValue.parse(result.stdout)
    }

    /// The ids of the stored runs, newest first (`orch runs list --format json`).
    func runIds() async throws -> [String] {
        let result = try await orch("runs", "list", "--format", "json")
        guard result.status == 0 else { throw ScenarioFailure("runs list exited \(result.status): \(result.stderr)") }
        return try JSONValue.parse(result.stdout)["runs"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
    }

    /// The only stored run's id.
    func onlyRunId() async throws -> String {
        let ids = try await runIds()
        guard ids.count == 1, let id = ids.first else { throw ScenarioFailure("expected one run, found \(ids)") }
        return id
    }

    /// Waits (up to `limit` seconds) until `condition` holds; whether it did.
    func waitUntil(_ limit: TimeInterval = 20, _ condition: () async throws -> Bool) async throws -> Bool {
        let end = Date().addingTimeInterval(limit)
        while Date() < end {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return try await condition()
    }
}

/// A scenario step that did not go as the test needs (not an assertion of the behaviour under test).
struct ScenarioFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The cells of a run document, keyed the way the simulator's log names builds.
struct RunCells {
    let steps: [JSONValue]

    init(_ document: JSONValue) {
        steps = document["steps"]?.arrayValue ?? []
    }

    /// `target/browser` (`tag:NAME/browser` for a tag) of a step, as `SimulatedBuild.key`.
    static func key(_ step: JSONValue) -> String {
        let target = step["target"]?.stringValue ?? ""
        let name = step["kind"] == "tag" ? "tag:" + target : target
        return "\(name)/\(step["capability"]?["browserName"]?.stringValue ?? "")"
    }

    /// The statuses by seq.
    var statuses: [String] { steps.compactMap { $0["status"]?.stringValue } }

    /// The stage of each build key.
    var stageByKey: [String: Int] {
        Dictionary(
            steps.filter { $0["kind"] != "command" }.map { (Self.key($0), Int($0["stage"]?.intValue ?? 0)) },
            uniquingKeysWith: { first, _ in first })
    }

    /// The step with `seq`.
    func step(_ seq: Int) -> JSONValue? {
        steps.first { $0["seq"]?.intValue == Int64(seq) }
    }

    /// Stage-order breaches the simulator's times show: a build of stage k+1 that started before a
    /// build of stage k (or earlier) had finished.
    func stageOrderViolations(_ builds: [SimulatedBuild]) -> [String] {
        let stages = stageByKey
        var violations: [String] = []
        for later in builds {
            guard let laterStage = stages[later.key] else { continue }
            for earlier in builds {
                guard let stage = stages[earlier.key], stage < laterStage, later.startedAt < earlier.finishesAt
                else { continue }
                violations.append("\(later) (stage \(laterStage)) started before \(earlier) (stage \(stage)) finished")
            }
        }
        return violations
    }

    /// Builds started per key, for "every cell ran exactly once plus its retries".
    static func startCounts(_ builds: [SimulatedBuild]) -> [String: Int] {
        var counts: [String: Int] = [:]
        for build in builds { counts[build.key, default: 0] += 1 }
        return counts
    }

    /// The number of attempts of each trace or tag cell, by key.
    var attemptsByKey: [String: Int] {
        Dictionary(
            steps.filter { $0["kind"] != "command" }.map { (Self.key($0), Int($0["attempts"]?.intValue ?? 0)) },
            uniquingKeysWith: +)
    }
}
