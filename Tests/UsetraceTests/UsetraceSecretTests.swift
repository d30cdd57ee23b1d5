import HTTPClient
import Testing
import Usetrace

@Suite("The API key and webhook secrets never appear in errors")
struct UsetraceSecretTests {
    static let key = "TOPSECRET-KEY-123"
    static let webhookSecret = "WHSEC-456"
    static let webhookPassword = "HUNTER2-789"

    static let request = BuildRequest(reporters: [
        WebhookReporter(
            url: "https://orch/webhook/r/t", secretKey: webhookSecret, username: "ci", password: webhookPassword)
    ])

    /// Failures whose answers or messages echo the secrets in every way an answer could.
    static let scripts: [[ScriptedTransport.Step]] = [
        [.respond(HTTPResponse(status: 401, text: "invalid key \(key)"))],
        [.respond(HTTPResponse(status: 403, text: "{\"error\": \"forbidden\", \"key\": \"\(key)\"}"))],
        [.respond(HTTPResponse(status: 400, text: "bad request /api/trace/T/execute?key=\(key)&x=1"))],
        [
            .respond(
                HTTPResponse(
                    status: 400,
                    text:
                        "{\"reporters\": [{\"webhook\": {\"secretKey\": \"\(webhookSecret)\", \"password\": \"\(webhookPassword)\"}}]}"
                ))
        ],
        [.respond(HTTPResponse(status: 200, text: "<html>\(key) \(webhookSecret)</html>"))],
        [.respond(HTTPResponse(status: 200, text: String(repeating: "x", count: 190) + key))],
        Array(repeating: .respond(HTTPResponse(status: 500, text: "trace \(key) failed")), count: 2),
        Array(
            repeating: .fail(
                HTTPClientError(kind: .connectFailure, message: "cannot reach host for \(key) \(webhookPassword)")),
            count: 2),
    ]

    @Test(arguments: 0..<scripts.count)
    func noErrorShowsASecret(script: Int) async throws {
        let client = makeClient(
            ScriptedTransport(Self.scripts[script]), key: Self.key, policy: RetryPolicy(maxAttempts: 2))
        let error = await expectUsetraceError { try await client.startTraceBuild(traceId: "T", request: Self.request) }
        let rendered = try #require(error)
        var dumped = ""
        dump(rendered, to: &dumped)
        for text in [String(describing: rendered), String(reflecting: rendered), dumped] {
            for secret in [Self.key, Self.webhookSecret, Self.webhookPassword, String(Self.key.prefix(12))] {
                #expect(!text.contains(secret), "\(text)")
            }
        }
    }

    @Test func aRefusedKeyIsSaidToBeRefusedWithoutShowingIt() async throws {
        let client = makeClient(ScriptedTransport(statuses: [401], text: "Unauthorized"), key: Self.key)
        let error = await expectUsetraceError { try await client.status(buildId: "b") }
        #expect(error?.kind == .unauthorized)
        #expect(
            error?.description
                == #"Usetrace status of build b: HTTP 401: the API key was refused (not shown); answer: "Unauthorized""#
        )
    }

    @Test func aMissingKeyIsSaidToBeMissing() async throws {
        let client = makeClient(ScriptedTransport(statuses: [401]), key: nil)
        let error = await expectUsetraceError { try await client.status(buildId: "b") }
        #expect(error?.message == "HTTP 401: the project needs an API key and none is configured")
    }

    @Test func configurationsKeysAndReportersPrintWithoutSecrets() {
        let configuration = UsetraceConfiguration(apiKey: APIKey(Self.key))
        var dumped = ""
        dump(configuration, to: &dumped)
        dump(Self.request, to: &dumped)
        for text in [
            String(describing: configuration), String(reflecting: configuration), String(describing: Self.request),
            String(reflecting: Self.request), dumped,
        ] {
            #expect(!text.contains(Self.key), "\(text)")
            #expect(!text.contains(Self.webhookSecret), "\(text)")
            #expect(!text.contains(Self.webhookPassword), "\(text)")
        }
        #expect(String(describing: APIKey(Self.key)) == "<redacted>")
    }
}
