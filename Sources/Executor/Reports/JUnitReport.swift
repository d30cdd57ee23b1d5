import Foundation
import JSON
import Store

/// A run as JUnit XML, for CI systems: one `<testcase>` per cell, in `seq` order.
///
/// The mapping (docs/RUNNING.md, "JUnit"):
/// - `classname` is `<plan>.stage<N>`, `name` is `<step id> (<browser>)` (the step id alone for a command);
/// - `failed` → `<failure>`, `error` → `<error>`, both with the cell's reason as `message` and, in
///   the body, the reason and every other failing Usetrace test case (`name: error`) of the last attempt;
/// - `skipped`, `cancelled` (and a cell not ended, for a report of a run under way) → `<skipped>`;
/// - each test case has `<properties>`: `seq`, `status`, `attempts`, `flaky`, `soft`, and `buildId`
///   when known. A flaky pass has the property `flaky` = `true` *and* a `flaky: …` line in `<system-out>`
///   naming the attempts that failed first; a soft failure is a `<failure>` with `soft` = `true`;
/// - a command's output tail is its `<system-out>`.
///
/// Built from store records only (never `RunSecrets` or the run's settings). Text is escaped for XML
/// 1.0: markup characters become entities, and characters XML cannot hold (controls other than tab,
/// line feed and carriage return; U+FFFE, U+FFFF) become U+FFFD.
public struct JUnitReport: Sendable {
    /// The run.
    public var run: RunRecord
    /// Its cells.
    public var cells: [CellRecord]
    /// The attempts of each cell by seq, oldest first; a cell without an entry is reported from its record alone.
    public var attempts: [Int: [AttemptRecord]]

    /// A report of `run` with `cells` and, for the details of each, their `attempts`.
    public init(run: RunRecord, cells: [CellRecord], attempts: [Int: [AttemptRecord]] = [:]) {
        self.run = run
        self.cells = cells.sorted { $0.seq < $1.seq }
        self.attempts = attempts
    }

    /// The report of run `id` read from `store` with every attempt; `nil` when no run has the id.
    public static func load(runId id: String, from store: Store) throws -> JUnitReport? {
        guard let run = try store.run(id: id) else { return nil }
        let cells = try store.cells(run: id)
        var attempts: [Int: [AttemptRecord]] = [:]
        for cell in cells where cell.attempt > 0 { attempts[cell.seq] = try store.attempts(run: id, seq: cell.seq) }
        return JUnitReport(run: run, cells: cells, attempts: attempts)
    }

    /// The XML document.
    public var xml: String {
        let failures = cells.filter { $0.status == .failed }.count
        let errors = cells.filter { $0.status == .error }.count
        let skipped = cells.filter { ![.passed, .failed, .error].contains($0.status) }.count
        let totals =
            "tests=\"\(cells.count)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"\(skipped)\""
            + " time=\"\(Self.seconds(from: run.startedAt, to: run.finishedAt))\""
        let name = Self.attribute(run.planName)
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"\(name)\" \(totals)>\n"
        out += "  <testsuite name=\"\(name)\" id=\"\(Self.attribute(run.id))\" \(totals)"
        out += " timestamp=\"\(Timestamp.rfc3339(run.startedAt ?? run.createdAt))\">\n"
        out += "    <properties>\n"
        for (key, value) in [
            ("orch.run.id", run.id), ("orch.run.status", run.status.rawValue), ("orch.plan.name", run.planName),
            ("orch.plan.hash", run.planHash),
        ] {
            out += "      " + Self.property(key, value) + "\n"
        }
        out += "    </properties>\n"
        for cell in cells { out += testCase(cell) }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    private func testCase(_ cell: CellRecord) -> String {
        let attempts = self.attempts[cell.seq] ?? []
        let started = attempts.first?.startedAt ?? cell.startedAt
        var out = "    <testcase classname=\"\(Self.attribute("\(run.planName).stage\(cell.stage)"))\""
        out += " name=\"\(Self.attribute(Self.testName(cell)))\""
        out += " time=\"\(Self.seconds(from: started, to: cell.finishedAt))\">\n"

        var properties: [(String, String)] = [
            ("seq", String(cell.seq)), ("status", cell.status.rawValue), ("attempts", String(cell.attempt)),
            ("flaky", String(cell.flaky)), ("soft", String(cell.soft)),
        ]
        if let buildId = cell.buildId { properties.append(("buildId", buildId)) }
        out += "      <properties>\n"
        for (key, value) in properties { out += "        " + Self.property(key, value) + "\n" }
        out += "      </properties>\n"

        let last = attempts.last { $0.attempt == cell.attempt }
        let reason = cell.error ?? ""
        switch cell.status {
        case .failed, .error:
            let element = cell.status == .failed ? "failure" : "error"
            // The reason names the first failing test case already; the others follow it.
            var body = [reason] + Self.failingTestCases(last?.report).filter { !reason.contains($0) }
            if cell.soft { body.append("soft: failed under continueOnError; the run went on") }
            out += "      <\(element) message=\"\(Self.attribute(reason))\" type=\"\(cell.status.rawValue)\">"
            out += Self.text(body.filter { !$0.isEmpty }.joined(separator: "\n")) + "</\(element)>\n"
        case .skipped, .cancelled:
            let message = reason.isEmpty ? cell.status.rawValue : "\(cell.status.rawValue): \(reason)"
            out += "      <skipped message=\"\(Self.attribute(message))\"/>\n"
        case .pending, .running:
            out += "      <skipped message=\"\(Self.attribute("not finished: \(cell.status.rawValue)"))\"/>\n"
        case .passed:
            break
        }

        var output: [String] = []
        if cell.flaky {
            let earlier = attempts.filter { $0.attempt < cell.attempt }.map { attempt in
                "attempt \(attempt.attempt) \(attempt.status.rawValue)" + (attempt.error.map { ": \($0)" } ?? "")
            }
            output.append(
                "flaky: passed on attempt \(cell.attempt)"
                    + (earlier.isEmpty ? "" : " after " + earlier.joined(separator: "; ")))
        }
        if cell.kind == .command, let text = last?.report?["output"]?.stringValue, !text.isEmpty {
            output.append(text)
        }
        if !output.isEmpty {
            out += "      <system-out>" + Self.text(output.joined(separator: "\n")) + "</system-out>\n"
        }
        out += "    </testcase>\n"
        return out
    }

    /// `login (chrome)`, or the step id alone for a command.
    static func testName(_ cell: CellRecord) -> String {
        guard let browser = cell.capability?["browserName"]?.stringValue else { return cell.stepId }
        return "\(cell.stepId) (\(browser))"
    }

    /// `name: error` for each failing test case of a Usetrace results report.
    static func failingTestCases(_ report: JSONValue?) -> [String] {
        guard let cases = report?["testCase"]?.arrayValue else { return [] }
        return cases.compactMap { testCase in
            guard let error = testCase["error"]?.stringValue else { return nil }
            let name = testCase["name"]?.stringValue ?? ""
            return name.isEmpty ? error : "\(name): \(error)"
        }
    }

    /// Seconds between two times with millisecond precision (`0.000` when either is missing).
    static func seconds(from start: Date?, to end: Date?) -> String {
        guard let start, let end else { return "0.000" }
        let milliseconds = max(0, Int64((end.timeIntervalSince(start) * 1000).rounded()))
        let fraction = String(milliseconds % 1000)
        return "\(milliseconds / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    static func property(_ name: String, _ value: String) -> String {
        "<property name=\"\(attribute(name))\" value=\"\(attribute(value))\"/>"
    }

    /// `text` escaped for an element's content.
    public static func text(_ text: String) -> String {
        escape(text, inAttribute: false)
    }

    /// `text` escaped for a double-quoted attribute value (line breaks and tabs kept as character references).
    public static func attribute(_ text: String) -> String {
        escape(text, inAttribute: true)
    }

    private static func escape(_ text: String, inAttribute: Bool) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where inAttribute: out += "&quot;"
            case "'" where inAttribute: out += "&apos;"
            case "\n" where inAttribute: out += "&#10;"
            case "\t" where inAttribute: out += "&#9;"
            // A raw carriage return would be read back as a line feed (XML's end-of-line handling).
            case "\r": out += "&#13;"
            default:
                if isXMLCharacter(scalar) {
                    out.unicodeScalars.append(scalar)
                } else {
                    out += "\u{FFFD}"
                }
            }
        }
        return out
    }

    /// Whether XML 1.0 can hold `scalar` at all (its `Char` production).
    private static func isXMLCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: true
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }
}
