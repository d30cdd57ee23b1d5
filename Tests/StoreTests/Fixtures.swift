import Foundation
import JSON
import PlanCompiler

@testable import Store

/// Hand-built compiled plans and small helpers over a store's raw tables.
enum Fixtures {
    /// A plan of `stages` trace steps on chrome and firefox (two cells a stage), with a made-up hash.
    static func plan(name: String = "smoke", stages: Int = 2, hash: String? = nil) -> CompiledPlan {
        var cells: [CompiledCell] = []
        for stage in 1...stages {
            for (lane, browser) in ["chrome", "firefox"].enumerated() {
                cells.append(
                    CompiledCell(
                        seq: cells.count + 1, stage: stage, stepId: "trace-\(stage)", kind: .trace,
                        target: "TraceId\(stage)", capability: ["browserName": .string(browser)], lane: lane + 1,
                        timeoutSeconds: 600, retries: stage == 1 ? 1 : 0, continueOnError: stage == 2,
                        needs: stage > 1 ? ["trace-\(stage - 1)"] : []))
            }
        }
        return CompiledPlan(
            name: name, hash: hash ?? "sha256:\(name)-\(stages)", project: "Project1", baseUrl: "https://example.com",
            parameters: ["username": "demo"], order: .stage, onFailure: .stop, maxParallel: nil, stageCount: stages,
            cells: cells)
    }

    /// A time on a fixed day, `minutes` after its start, in whole milliseconds.
    static func time(_ minutes: Double) -> Date {
        Date(timeIntervalSince1970: 1_750_000_000 + minutes * 60)
    }
}

/// An error a test throws on purpose.
struct TestFailure: Error {}

extension Store {
    /// The number of rows of `table`.
    func count(_ table: String) throws -> Int {
        try withDatabase { try $0.queryFirst("SELECT count(*) FROM \(table)") { $0.int(0) } ?? -1 }
    }

    /// The first column of the first row of `sql`, as text.
    func text(_ sql: String) throws -> String? {
        try withDatabase { try $0.queryFirst(sql) { $0.text(0) } ?? nil }
    }

    /// Runs raw SQL on the store's connection.
    func execute(_ sql: String) throws {
        try withDatabase { try $0.executeScript(sql) }
    }
}

/// A temporary folder, removed when released.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("orch-store-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// The path of `name` in the folder.
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// The bytes of every file in the folder (the database, its WAL and shared-memory files).
    func allBytes() throws -> [UInt8] {
        var bytes: [UInt8] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: url.path) {
            bytes += try [UInt8](Data(contentsOf: url.appendingPathComponent(name)))
        }
        return bytes
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle`'s UTF-8 bytes occur in these bytes.
    func contains(utf8 needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty, pattern.count <= count else { return false }
        for start in 0...(count - pattern.count) where self[start] == pattern[0] {
            if self[start..<(start + pattern.count)].elementsEqual(pattern) { return true }
        }
        return false
    }
}
