import Foundation
import FoundationXML
import JSON
import Store
import Testing

@testable import Executor

@Suite("JUnit reports")
struct JUnitReportTests {
    /// The report's document, parsed back: proves it is well-formed XML.
    func parse(_ xml: String) throws -> XMLDocument {
        try XMLDocument(data: Data(xml.utf8), options: [])
    }

    func testCases(_ document: XMLDocument) throws -> [XMLElement] {
        try document.nodes(forXPath: "//testcase").compactMap { $0 as? XMLElement }
    }

    @Test func oneTestCasePerCellNamedByPlanStageStepAndBrowser() throws {
        let report = JUnitReport(
            run: ReportFixtures.run(status: .passed),
            cells: [
                ReportFixtures.cell(seq: 2, stage: 1, browser: "firefox", status: .passed),
                ReportFixtures.cell(seq: 1, stage: 1, status: .passed),
                ReportFixtures.cell(
                    seq: 3, stage: 2, stepId: "run-1", kind: .command, target: "true", browser: nil, status: .passed),
            ])
        let document = try parse(report.xml)
        let cases = try testCases(document)
        #expect(
            cases.map { $0.attribute(forName: "classname")?.stringValue } == [
                "smoke.stage1", "smoke.stage1", "smoke.stage2",
            ])
        #expect(
            cases.map { $0.attribute(forName: "name")?.stringValue } == ["login (chrome)", "login (firefox)", "run-1"])
        #expect(cases.first?.attribute(forName: "time")?.stringValue == "2.000")
        let suite = try #require(try document.nodes(forXPath: "//testsuite").first as? XMLElement)
        #expect(suite.attribute(forName: "tests")?.stringValue == "3")
        #expect(suite.attribute(forName: "failures")?.stringValue == "0")
        #expect(suite.attribute(forName: "time")?.stringValue == "12.250")
        #expect(suite.attribute(forName: "timestamp")?.stringValue == "2025-06-15T15:06:40.250Z")
    }

    @Test func failuresErrorsSkipsAndCancelsMapToTheirElements() throws {
        let report = JUnitReport(
            run: ReportFixtures.run(),
            cells: [
                ReportFixtures.cell(seq: 1, stage: 1, status: .failed, buildId: "b-1", error: "1 of 2 tests failed"),
                ReportFixtures.cell(seq: 2, stage: 1, status: .error, error: "timed out after 10m"),
                ReportFixtures.cell(
                    seq: 3, stage: 2, status: .skipped, attempt: 0, error: "not run: step login failed"),
                ReportFixtures.cell(seq: 4, stage: 2, status: .cancelled),
            ],
            attempts: [
                1: [
                    ReportFixtures.attempt(
                        seq: 1, 1, status: .failed, error: "1 of 2 tests failed",
                        report: [
                            "testCase": [
                                ["name": "chrome: Login", "error": .null],
                                ["name": "chrome: Pay", "error": "Element not found: #submit"],
                            ]
                        ])
                ]
            ])
        let document = try parse(report.xml)
        let cases = try testCases(document)
        let failure = try #require(cases[0].elements(forName: "failure").first)
        #expect(failure.attribute(forName: "message")?.stringValue == "1 of 2 tests failed")
        #expect(failure.attribute(forName: "type")?.stringValue == "failed")
        #expect(failure.stringValue == "1 of 2 tests failed\nchrome: Pay: Element not found: #submit")
        let error = try #require(cases[1].elements(forName: "error").first)
        #expect(error.attribute(forName: "message")?.stringValue == "timed out after 10m")
        #expect(
            cases[2].elements(forName: "skipped").first?.attribute(forName: "message")?.stringValue
                == "skipped: not run: step login failed")
        #expect(cases[3].elements(forName: "skipped").first?.attribute(forName: "message")?.stringValue == "cancelled")
        let suite = try #require(try document.nodes(forXPath: "//testsuite").first as? XMLElement)
        #expect(suite.attribute(forName: "failures")?.stringValue == "1")
        #expect(suite.attribute(forName: "errors")?.stringValue == "1")
        #expect(suite.attribute(forName: "skipped")?.stringValue == "2")
    }

    @Test func theFirstFailingTestCaseNamedByTheReasonIsNotRepeated() throws {
        let reason = "1 of 1 test failed: firefox: Pay: Element not found: #submit"
        let report = JUnitReport(
            run: ReportFixtures.run(),
            cells: [ReportFixtures.cell(seq: 1, stage: 1, status: .failed, error: reason)],
            attempts: [
                1: [
                    ReportFixtures.attempt(
                        seq: 1, 1, status: .failed, error: reason,
                        report: ["testCase": [["name": "firefox: Pay", "error": "Element not found: #submit"]]])
                ]
            ])
        let testCase = try #require(try testCases(try parse(report.xml)).first)
        #expect(testCase.elements(forName: "failure").first?.stringValue == reason)
    }

    @Test func aFlakyPassHasAPropertyAndAFlakyLineInSystemOut() throws {
        let report = JUnitReport(
            run: ReportFixtures.run(status: .passed),
            cells: [ReportFixtures.cell(seq: 1, stage: 1, status: .passed, attempt: 2, buildId: "b-1-2", flaky: true)],
            attempts: [
                1: [
                    ReportFixtures.attempt(seq: 1, 1, status: .failed, error: "1 of 1 test failed", started: 0.5),
                    ReportFixtures.attempt(seq: 1, 2, status: .passed, started: 2),
                ]
            ])
        let document = try parse(report.xml)
        let testCase = try #require(try testCases(document).first)
        #expect(testCase.elements(forName: "failure").isEmpty)
        let properties = testCase.elements(forName: "properties").first?.elements(forName: "property") ?? []
        let values = Dictionary(
            uniqueKeysWithValues: properties.compactMap { p -> (String, String)? in
                guard let name = p.attribute(forName: "name")?.stringValue,
                    let value = p.attribute(forName: "value")?.stringValue
                else { return nil }
                return (name, value)
            })
        #expect(values["flaky"] == "true")
        #expect(values["attempts"] == "2")
        #expect(values["buildId"] == "b-1-2")
        #expect(
            testCase.elements(forName: "system-out").first?.stringValue
                == "flaky: passed on attempt 2 after attempt 1 failed: 1 of 1 test failed")
        // The time runs from the first attempt's start.
        #expect(testCase.attribute(forName: "time")?.stringValue == "2.500")
    }

    @Test func aSoftFailureIsAFailureMarkedSoft() throws {
        let report = JUnitReport(
            run: ReportFixtures.run(status: .passed),
            cells: [ReportFixtures.cell(seq: 1, stage: 1, status: .failed, error: "1 of 1 test failed", soft: true)])
        let testCase = try #require(try testCases(try parse(report.xml)).first)
        let failure = try #require(testCase.elements(forName: "failure").first)
        #expect(failure.stringValue?.hasSuffix("soft: failed under continueOnError; the run went on") == true)
        #expect(report.xml.contains("<property name=\"soft\" value=\"true\"/>"))
    }

    @Test func aCommandsOutputTailIsItsSystemOut() throws {
        let report = JUnitReport(
            run: ReportFixtures.run(),
            cells: [
                ReportFixtures.cell(
                    seq: 1, stage: 1, stepId: "run-1", kind: .command, target: "./x.sh", browser: nil, status: .failed,
                    error: "the command exited with status 3")
            ],
            attempts: [1: [ReportFixtures.attempt(seq: 1, 1, status: .failed, report: ["output": "line 1\nboom\n"])]])
        let testCase = try #require(try testCases(try parse(report.xml)).first)
        #expect(testCase.elements(forName: "system-out").first?.stringValue == "line 1\nboom\n")
    }

    @Test func quotesAmpersandsAndControlCharactersAreEscaped() throws {
        let nasty = "Expected \"<b>Tom & Jerry's</b>\"\u{1B}[31m\u{0}\r\nnext\tline \u{FFFE}é😀"
        #expect(
            JUnitReport.attribute(nasty)
                == "Expected &quot;&lt;b&gt;Tom &amp; Jerry&apos;s&lt;/b&gt;&quot;\u{FFFD}[31m\u{FFFD}&#13;&#10;next&#9;line "
                + "\u{FFFD}é😀")
        #expect(
            JUnitReport.text(nasty)
                == "Expected \"&lt;b&gt;Tom &amp; Jerry's&lt;/b&gt;\"\u{FFFD}[31m\u{FFFD}&#13;\nnext\tline \u{FFFD}é😀")
        let report = JUnitReport(
            run: ReportFixtures.run(),
            cells: [ReportFixtures.cell(seq: 1, stage: 1, stepId: "a&b\"<c>", status: .failed, error: nasty)])
        let document = try parse(report.xml)
        let testCase = try #require(try testCases(document).first)
        #expect(testCase.attribute(forName: "name")?.stringValue == "a&b\"<c> (chrome)")
        // What a parser reads back is the text, less only the characters XML cannot hold.
        let readBack = testCase.elements(forName: "failure").first?.attribute(forName: "message")?.stringValue
        #expect(readBack == "Expected \"<b>Tom & Jerry's</b>\"\u{FFFD}[31m\u{FFFD}\r\nnext\tline \u{FFFD}é😀")
    }

    @Test func aStoredRunsReportShowsNoSecretTokenOrFolder() throws {
        let store = try Store.openTemporary()
        let run = try store.createRun(
            plan: ReportFixtures.plan(), usetraceKey: "usetrace-key-must-not-show",
            settings: ["workingDirectory": "/folder/must/not/show"])
        let secrets = try #require(try store.runSecrets(id: run.id))
        let cell = try #require(try store.cell(run: run.id, seq: 1))
        _ = try RunLedger.start(in: store, runId: run.id, cell: cell, token: "webhook-token-must-not-show")
        let report = try #require(try JUnitReport.load(runId: run.id, from: store))
        for secret in [
            "usetrace-key-must-not-show", secrets.webhookSecret, "webhook-token-must-not-show", "/folder/must",
        ] {
            #expect(!report.xml.contains(secret))
        }
        #expect(try testCases(try parse(report.xml)).count == 4)
        #expect(try JUnitReport.load(runId: "no-such-run", from: store) == nil)
    }
}
