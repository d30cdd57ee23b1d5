import HTTPClient
import Synchronization
import Testing
import Usetrace

/// A transport that answers from a script, one step per request, and records every request.
final class ScriptedTransport: HTTPTransport, Sendable {
    /// One scripted outcome.
    enum Step: Sendable {
        case respond(HTTPResponse)
        case fail(HTTPClientError)
    }

    private let state: Mutex<(steps: [Step], requests: [HTTPRequest])>

    init(_ steps: [Step]) { state = Mutex((steps, [])) }

    /// A transport answering each status in turn with `text` as body.
    convenience init(statuses: [Int], text: String = "") {
        self.init(statuses.map { .respond(HTTPResponse(status: $0, text: text)) })
    }

    /// The requests received so far.
    var requests: [HTTPRequest] { state.withLock { $0.requests } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let step = state.withLock { state -> Step? in
            state.requests.append(request)
            return state.steps.isEmpty ? nil : state.steps.removeFirst()
        }
        switch step {
        case .respond(let response)?: return response
        case .fail(let error)?: throw error
        case nil:
            Issue.record("unscripted request \(request)")
            throw HTTPClientError(kind: .transport, message: "unscripted request")
        }
    }
}

/// A sleep that returns at once and records what it was asked to wait.
final class SleepRecorder: Sendable {
    private let slept = Mutex<[Duration]>([])

    /// The waits asked for, in order.
    var durations: [Duration] { slept.withLock { $0 } }

    /// The sleep to hand to the client.
    var sleep: @Sendable (Duration) async throws -> Void {
        { [self] duration in self.slept.withLock { $0.append(duration) } }
    }
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// A client over a script, with a seeded jitter and a recording sleep.
func makeClient(
    _ transport: ScriptedTransport, key: String? = "k3y-SECRET", policy: RetryPolicy = .standard,
    sleeper: SleepRecorder = SleepRecorder(), seed: UInt64 = 42, baseURL: String = "https://api.example.com"
) -> UsetraceClient {
    UsetraceClient(
        configuration: UsetraceConfiguration(baseURL: baseURL, apiKey: key.map(APIKey.init), retryPolicy: policy),
        transport: transport, random: SeededRandomNumberGenerator(seed: seed), sleep: sleeper.sleep)
}

/// Runs `body` expecting a `UsetraceError`.
func expectUsetraceError<T>(
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> T
) async -> UsetraceError? {
    do {
        let value = try await body()
        Issue.record("expected a UsetraceError, got \(value)", sourceLocation: sourceLocation)
    } catch let error as UsetraceError {
        return error
    } catch {
        Issue.record("expected a UsetraceError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}
