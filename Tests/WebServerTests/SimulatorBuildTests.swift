import Crypto
import JSON
import Synchronization
import Testing

@testable import usetrace_sim

/// A clock the test moves by hand.
final class FakeClock: Sendable {
    private let monoMs = Mutex<Int64>(1_000_000)

    func now() -> Moment {
        let mono = monoMs.withLock { $0 }
        return Moment(epochMs: 1_700_000_000_000 + mono, monoMs: mono)
    }

    func advance(ms: Int64) { monoMs.withLock { $0 += ms } }
}

func simulatorConfiguration(_ json: String) throws -> SimulatorConfiguration {
    try SimulatorConfiguration(json: JSONValue.parse(json))
}

func startRequest(_ json: String, allowsTags: Bool = true) throws -> StartRequest {
    try StartRequest(body: Array(json.utf8), allowsTags: allowsTags)
}

@Suite("usetrace-sim: builds follow the configuration")
struct SimulatorBuildTests {
    let clock = FakeClock()

    func store(_ json: String) throws -> BuildStore {
        BuildStore(configuration: try simulatorConfiguration(json), logFile: nil, clock: { [clock] in clock.now() })
    }

    @Test func statusGoesFromAcceptedThroughRunningToFinished() throws {
        let store = try store(
            #"{"defaultDurationMs": 1000, "traces": {"t": {"browsers": {"firefox": {"durationMs": 600}}}}}"#)
        let build = store.start(
            .trace("t"),
            try startRequest(#"{"requiredCapabilities": [{"browserName": "chrome"}, {"browserName": "firefox"}]}"#))
        func status() -> (String, Build.Summary)? {
            guard case .status(let status, let summary) = store.status(of: build.id).0 else { return nil }
            return (status.rawValue, summary)
        }
        // ACCEPTED for a fifth of the duration, then RUNNING; cases end one by one.
        #expect(status()?.0 == "ACCEPTED")
        #expect(status()?.1 == Build.Summary(request: 2, finish: 0, pass: 0, fail: 0))
        clock.advance(ms: 200)
        #expect(status()?.0 == "RUNNING")
        clock.advance(ms: 400)
        #expect(status()?.0 == "RUNNING")
        #expect(status()?.1 == Build.Summary(request: 2, finish: 1, pass: 1, fail: 0))
        clock.advance(ms: 399)
        #expect(status()?.0 == "RUNNING")
        clock.advance(ms: 1)
        #expect(status()?.0 == "FINISHED")
        #expect(status()?.1 == Build.Summary(request: 2, finish: 2, pass: 2, fail: 0))
    }

    @Test func theFinishIsLoggedOnceWithItsExactInstant() throws {
        let store = try store(#"{"defaultDurationMs": 500}"#)
        let started = clock.now()
        let build = store.start(
            .trace("t"), try startRequest(#"{"requiredCapabilities": [{"browserName": "chrome"}]}"#))
        #expect(store.finishIfDue(build.id).remainingMs == 500)
        clock.advance(ms: 520)
        #expect(store.finishIfDue(build.id).work != nil)
        #expect(store.finishIfDue(build.id).work == nil)
        let finishes = store.events().filter { $0["event"] == "finish" }
        #expect(finishes.count == 1)
        #expect(finishes.first?["finishedAt"]?.intValue == started.epochMs + 500)
        #expect(finishes.first?["at"]?.intValue == started.epochMs + 520)
        let seqs = store.events().compactMap { $0["seq"]?.intValue }
        #expect(seqs == seqs.sorted() && Set(seqs).count == seqs.count)
    }

    @Test func failTimesFailsTheFirstRunsOfATraceOnEachBrowserThenPasses() throws {
        let store = try store(#"{"defaultDurationMs": 0, "traces": {"f": {"failTimes": 2, "error": "flaky!"}}}"#)
        let request = try startRequest(#"{"requiredCapabilities": [{"browserName": "chrome"}]}"#)
        let outcomes = (0..<4).map { _ in store.start(.trace("f"), request).outcome }
        #expect(outcomes == [.fail, .fail, .pass, .pass])
        let firefox = try startRequest(#"{"requiredCapabilities": [{"browserName": "firefox"}]}"#)
        #expect(store.start(.trace("f"), firefox).cases.first?.error == "flaky!")
        store.replaceConfiguration(try simulatorConfiguration(#"{"traces": {"f": {"failTimes": 1}}}"#))
        #expect(store.start(.trace("f"), request).outcome == .fail)
    }

    @Test func aBrowserOverrideWinsOverItsTrace() throws {
        let store = try store(
            #"{"traces": {"login": {"name": "Login", "durationMs": 100, "browsers": {"firefox": {"outcome": "fail", "error": "Element not found: #submit"}}}}}"#
        )
        let build = store.start(
            .trace("login"),
            try startRequest(#"{"requiredCapabilities": [{"browserName": "chrome"}, {"browserName": "firefox"}]}"#))
        #expect(build.cases.map(\.error) == [nil, "Element not found: #submit"])
        #expect(build.cases.map(\.durationMs) == [100, 100])
        #expect(build.cases.map(\.traceName) == ["Login", "Login"])
    }

    @Test func tagsRunTheirTracesOnceEachAndAnUnknownTagRunsNothing() throws {
        let store = try store(
            #"{"traces": {"a": {}, "b": {}, "c": {}}, "tags": {"smoke": ["b", "a"], "all": ["a", "c"]}}"#)
        let chrome = #""requiredCapabilities": [{"browserName": "chrome"}]"#
        let tagged = store.start(.project("p", tags: ["smoke", "all", "ghost"]), try startRequest("{\(chrome)}"))
        #expect(tagged.traceIds == ["b", "a", "c"])
        let ghost = store.start(.project("p", tags: ["ghost"]), try startRequest("{\(chrome)}"))
        #expect(ghost.cases.isEmpty)
        #expect(ghost.outcome == .pass)
        let everything = store.start(.project("p", tags: nil), try startRequest("{\(chrome)}"))
        #expect(everything.traceIds == ["a", "b", "c"])
    }

    @Test func theFirstStartsFailWithTheConfiguredStatus() throws {
        let store = try store(#"{"faults": {"startFailures": 2, "startStatus": 429}}"#)
        #expect(store.startFault(path: "/api/trace/t/execute") == 429)
        #expect(store.startFault(path: "/api/trace/t/execute") == 429)
        #expect(store.startFault(path: "/api/trace/t/execute") == nil)
        #expect(store.events().filter { $0["event"] == "fault" }.count == 2)
    }

    @Test func statusIsNotFoundForAWhileAfterTheStartWhenConfigured() throws {
        let store = try store(#"{"defaultDurationMs": 5000, "faults": {"statusNotFoundMs": 300}}"#)
        let build = store.start(
            .trace("t"), try startRequest(#"{"requiredCapabilities": [{"browserName": "chrome"}]}"#))
        guard case .notYetVisible = store.status(of: build.id).0 else {
            Issue.record("a new build's status should be hidden")
            return
        }
        clock.advance(ms: 300)
        guard case .status(.accepted, _) = store.status(of: build.id).0 else {
            Issue.record("the status should show after statusNotFoundMs")
            return
        }
        guard case .unknown = store.status(of: "nope").0 else {
            Issue.record("an unknown build is unknown")
            return
        }
    }

    @Test func webhooksGoOutAsTheirWhenSays() throws {
        let store = try store(#"{"defaultDurationMs": 0, "traces": {"bad": {"outcome": "fail"}}}"#)
        let body = #"""
            {"requiredCapabilities": [{"browserName": "chrome"}], "reporters": [
              {"webhook": {"url": "http://127.0.0.1:1/always"}},
              {"webhook": {"url": "http://127.0.0.1:1/fails", "when": "fails"}},
              {"webhook": {"url": "http://127.0.0.1:1/changes", "when": "changes"}},
              {"email": {"to": "x@example.com"}}]}
            """#
        func delivered(_ trace: String) throws -> [String] {
            let build = store.start(.trace(trace), try startRequest(body))
            return store.finishIfDue(build.id).work?.jobs.map(\.url.path) ?? []
        }
        #expect(try delivered("good") == ["/always", "/changes"])
        #expect(try delivered("good") == ["/always"])
        store.replaceConfiguration(
            try simulatorConfiguration(#"{"defaultDurationMs": 0, "traces": {"good": {"outcome": "fail"}}}"#))
        #expect(try delivered("good") == ["/always", "/fails", "/changes"])
    }

    @Test func aWebhookIsSignedOverItsExactBodyAndLoggedWithoutSecrets() throws {
        let store = try store(#"{"defaultDurationMs": 0}"#)
        let build = store.start(
            .trace("t"),
            try startRequest(
                #"{"requiredCapabilities": [{"browserName": "chrome"}], "reporters": [{"webhook": {"url": "http://u:pw@127.0.0.1:9/hook/r1/tok?x=secret", "secretKey": "k3y", "username": "user", "password": "hunter2"}}]}"#
            ))
        let job = try #require(store.finishIfDue(build.id).work?.jobs.first)
        #expect(job.body == build.resultsBytes)
        #expect(job.signature == Digest.hmacSHA256Hex(key: Array("k3y".utf8), message: job.body))
        #expect(job.authorization == "Basic dXNlcjpodW50ZXIy")
        #expect(job.loggableURL == "http://127.0.0.1:9/hook/r1/tok")
        store.logWebhook(job, attempt: 1, ["delivered": false])
        let log = JSONValue.array(store.events()).canonicalText
        for secret in ["k3y", "hunter2", "pw@", "x=secret", "dXNlcjpodW50ZXIy"] { #expect(!log.contains(secret)) }
    }
}

@Suite("usetrace-sim: reports and input in the documented shapes")
struct SimulatorFormatTests {
    static let twoBrowsers =
        #"{"requiredCapabilities": [{"browserName": "chrome"}, {"browserName": "firefox"}], "baseUrl": "https://staging.example.com/"}"#

    func loginBuild() throws -> Build {
        let store = BuildStore(
            configuration: try simulatorConfiguration(
                #"{"traces": {"login": {"name": "Login", "durationMs": 2600, "browsers": {"firefox": {"durationMs": 3100, "outcome": "fail", "error": "Element not found: #submit"}}}}}"#
            ), logFile: nil)
        return store.start(.trace("login"), try startRequest(Self.twoBrowsers))
    }

    @Test func resultsJSONIsTheDocumentedReport() throws {
        let expected = try JSONValue.parse(
            #"""
            {"name": "Environment: https://staging.example.com/",
             "tests": 2, "traces": 1, "expectedTracesToPass": 1, "tracesPassed": 0,
             "errors": 0, "failures": 1, "skip": 0, "bugs": 0, "bugsPassing": 0,
             "buildStable": false,
             "testCase": [
               {"className": "Usetrace.trace", "name": "chrome: Login", "time": 2.6,
                "error": null, "browserName": "chrome", "traceName": "Login",
                "taggedBug": false, "taggedFlaky": false},
               {"className": "Usetrace.trace", "name": "firefox: Login", "time": 3.1,
                "error": "Element not found: #submit", "browserName": "firefox",
                "traceName": "Login", "taggedBug": false, "taggedFlaky": false}]}
            """#)
        let build = try loginBuild()
        #expect(try JSONValue.parse(build.resultsJSON.canonicalText) == expected)
        #expect(build.resultsBytes == Array(build.resultsJSON.canonicalText.utf8))
    }

    @Test func junitHasOneTestcasePerTraceAndBrowser() throws {
        let xml = try loginBuild().junitXML
        #expect(
            xml.contains(
                #"<testsuite name="Environment: https://staging.example.com/" tests="2" failures="1" errors="0" skipped="0" time="5.7">"#
            ))
        #expect(xml.contains(#"<testcase classname="Usetrace.trace" name="chrome: Login" time="2.6"/>"#))
        #expect(xml.contains(#"<failure message="Element not found: #submit">Element not found: #submit</failure>"#))
        #expect(Build.escape(#"a<b & "c">"#) == "a&lt;b &amp; &quot;c&quot;&gt;")
    }

    @Test func aStartBodyMustNameItsBrowsers() {
        for (body, message) in [
            ("not json", "the body is not JSON"),
            ("[]", "the body must be a JSON object"),
            ("{}", "requiredCapabilities must be a non-empty list"),
            (#"{"requiredCapabilities": []}"#, "requiredCapabilities must be a non-empty list"),
            (
                #"{"requiredCapabilities": [{"browser": "chrome"}]}"#,
                "requiredCapabilities[0] must be an object with a browserName"
            ),
            (
                #"{"requiredCapabilities": [{"browserName": "chrome"}], "tags": "smoke"}"#,
                "tags must be a list of strings"
            ),
            (
                #"{"requiredCapabilities": [{"browserName": "chrome"}], "reporters": [{"webhook": {"url": "ftp://x/"}}]}"#,
                "reporters[0].webhook.url must be an http or https URL"
            ),
            (
                #"{"requiredCapabilities": [{"browserName": "chrome"}], "reporters": [{"webhook": {"url": "http://x/", "when": "sometimes"}}]}"#,
                "reporters[0].webhook.when must be always, fails or changes"
            ),
        ] {
            #expect(throws: ConfigurationError(message: message)) { try startRequest(body) }
        }
    }

    @Test func theConfigurationNamesTheKeyThatIsWrong() {
        for (json, message) in [
            (#"{"trace": {}}"#, #"configuration: unknown key "trace""#),
            (#"{"traces": {"a": {"outcome": "maybe"}}}"#, #"traces.a.outcome: must be pass or fail, not "maybe""#),
            (
                #"{"traces": {"a": {"browsers": {"firefox": {"name": "x"}}}}}"#,
                #"traces.a.browsers.firefox: unknown key "name""#
            ),
            (#"{"defaultDurationMs": -1}"#, "configuration.defaultDurationMs: must be a whole number ≥ 0"),
            (#"{"faults": {"startStatus": 404}}"#, "faults.startStatus: must be 429 or a 5xx status, not 404"),
            (
                #"{"faults": {"webhook": {"mode": "often"}}}"#,
                #"faults.webhook.mode: must be deliver, lost, repeat or late, not "often""#
            ),
            (#"{"tags": {"smoke": "a"}}"#, "tags.smoke: must be a list of trace ids"),
        ] {
            #expect(throws: ConfigurationError(message: message)) { try simulatorConfiguration(json) }
        }
    }

    @Test func theCommandLineTakesBothOptionForms() throws {
        let options = try CommandLineOptions(arguments: [
            "--port=0", "--host", "::1", "--config", "c.json", "--log=l.jsonl",
        ])
        #expect(options.host == "::1")
        #expect(options.port == 0)
        #expect(options.configPath == "c.json")
        #expect(options.logPath == "l.jsonl")
        #expect(throws: ConfigurationError(message: "--port must be a number from 0 to 65535, not x")) {
            try CommandLineOptions(arguments: ["--port", "x"])
        }
        #expect(throws: ConfigurationError(message: "--log needs a value")) {
            try CommandLineOptions(arguments: ["--log"])
        }
    }
}
