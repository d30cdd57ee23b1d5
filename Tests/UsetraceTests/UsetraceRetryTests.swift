import HTTPClient
import Testing
import Usetrace

@Suite("Transport failures, 429 and 5xx are retried with jittered exponential back-off")
struct UsetraceRetryTests {
    @Test func theBackoffCeilingDoublesUpToTheCap() {
        let policy = RetryPolicy(initialDelay: .milliseconds(500), multiplier: 2, maxDelay: .seconds(3))
        let ceilings = (1...6).map { seconds(policy.backoffCeiling(beforeRetry: $0)) }
        #expect(ceilings == [0.5, 1, 2, 3, 3, 3])
        #expect(policy.backoff(beforeRetry: 3, unit: 1) == policy.backoffCeiling(beforeRetry: 3))
        #expect(policy.backoff(beforeRetry: 3, unit: 0) == .zero)
        #expect(policy.backoff(beforeRetry: 3, unit: 0.25) == .milliseconds(500))
    }

    @Test func serverErrorsAreRetriedWithJitteredWaitsWithinTheGrowingCeilings() async throws {
        let transport = ScriptedTransport(statuses: [503, 500, 502, 504, 200], text: "b-1")
        let sleeper = SleepRecorder()
        let policy = RetryPolicy(maxAttempts: 5, initialDelay: .seconds(1), multiplier: 2, maxDelay: .seconds(60))
        let id = try await makeClient(transport, policy: policy, sleeper: sleeper)
            .startTraceBuild(traceId: "T", request: BuildRequest())
        #expect(id == "b-1")
        #expect(transport.requests.count == 5)
        let waits = sleeper.durations
        #expect(waits.count == 4)
        for (index, wait) in waits.enumerated() {
            #expect(
                wait >= .zero && wait <= policy.backoffCeiling(beforeRetry: index + 1), "wait \(index + 1): \(wait)")
        }
        // Jittered: not simply the ceilings.
        #expect(waits != (1...4).map { policy.backoffCeiling(beforeRetry: $0) })
    }

    @Test func theSameSeedGivesTheSameScheduleAndAnotherSeedAnother() async throws {
        let a = try await scheduleOfStarts(seed: 7)
        #expect(a == (try await scheduleOfStarts(seed: 7)))
        #expect(a != (try await scheduleOfStarts(seed: 8)))
    }

    private func scheduleOfStarts(seed: UInt64) async throws -> [Duration] {
        let sleeper = SleepRecorder()
        let transport = ScriptedTransport(statuses: [503, 503, 503, 200], text: "b")
        _ = try await makeClient(transport, sleeper: sleeper, seed: seed).startTraceBuild(
            traceId: "T", request: BuildRequest())
        return sleeper.durations
    }

    @Test func transportErrorsAreRetried() async throws {
        let transport = ScriptedTransport([
            .fail(HTTPClientError(kind: .connectFailure, curlCode: 7, message: "connection refused")),
            .fail(HTTPClientError(kind: .timeout, curlCode: 28, message: "timed out")),
            .fail(HTTPClientError(kind: .transport, curlCode: 56, message: "reset")),
            .respond(HTTPResponse(status: 200, text: #"{"id": "b", "status": "RUNNING"}"#)),
        ])
        let status = try await makeClient(transport).status(buildId: "b")
        #expect(status.state == .running)
        #expect(transport.requests.count == 4)
    }

    @Test func retryAfterSecondsIsHonouredOn429And503() async throws {
        let transport = ScriptedTransport([
            .respond(HTTPResponse(status: 429, headers: ["Retry-After": "7"], text: "slow down")),
            .respond(HTTPResponse(status: 503, headers: ["retry-after": " 3 "], text: "")),
            .respond(HTTPResponse(status: 503, headers: ["Retry-After": "3"], text: "")),
            .respond(HTTPResponse(status: 200, text: "b-1")),
        ])
        let sleeper = SleepRecorder()
        _ = try await makeClient(transport, sleeper: sleeper).startTraceBuild(traceId: "T", request: BuildRequest())
        // " 3 " is not whole seconds as written, so that wait is the ordinary back-off.
        #expect(sleeper.durations.count == 3)
        #expect(sleeper.durations[0] == .seconds(7))
        #expect(sleeper.durations[1] <= RetryPolicy.standard.backoffCeiling(beforeRetry: 2))
        #expect(sleeper.durations[2] == .seconds(3))
    }

    @Test func aLongRetryAfterIsCutToTheCap() async throws {
        let transport = ScriptedTransport([
            .respond(HTTPResponse(status: 429, headers: ["Retry-After": "3600"])),
            .respond(HTTPResponse(status: 200, text: "b-1")),
        ])
        let sleeper = SleepRecorder()
        let policy = RetryPolicy(maxRetryAfter: .seconds(20))
        _ = try await makeClient(transport, policy: policy, sleeper: sleeper).startTraceBuild(
            traceId: "T", request: BuildRequest())
        #expect(sleeper.durations == [.seconds(20)])
    }

    @Test func retryAfterOnOtherStatusesIsNotHonoured() async throws {
        let transport = ScriptedTransport([
            .respond(HTTPResponse(status: 500, headers: ["Retry-After": "50"])),
            .respond(HTTPResponse(status: 200, text: "b-1")),
        ])
        let sleeper = SleepRecorder()
        _ = try await makeClient(transport, sleeper: sleeper).startTraceBuild(traceId: "T", request: BuildRequest())
        #expect(sleeper.durations.count == 1)
        #expect(sleeper.durations[0] <= RetryPolicy.standard.backoffCeiling(beforeRetry: 1))
    }

    @Test func itGivesUpAfterTheLastAttemptAndSaysHowMany() async throws {
        let transport = ScriptedTransport(statuses: Array(repeating: 503, count: 4), text: "maintenance")
        let sleeper = SleepRecorder()
        let error = await expectUsetraceError {
            try await makeClient(transport, policy: RetryPolicy(maxAttempts: 4), sleeper: sleeper)
                .startTraceBuild(traceId: "T", request: BuildRequest())
        }
        #expect(transport.requests.count == 4)
        #expect(sleeper.durations.count == 3)
        #expect(error?.kind == .unavailable)
        #expect(error?.isTemporary == true)
        #expect(error?.attempts == 4)
        #expect(error?.httpStatus == 503)
        #expect(error?.bodyExcerpt == "maintenance")
        #expect(error?.description == #"Usetrace start of trace T: HTTP 503 (after 4 attempts); answer: "maintenance""#)
    }

    @Test func aTransportGiveUpCarriesTheLastTransportError() async throws {
        let refused = HTTPClientError(
            kind: .connectFailure, curlCode: 7, message: "POST https://api.example.com/x: refused")
        let transport = ScriptedTransport(Array(repeating: .fail(refused), count: 3))
        let error = await expectUsetraceError {
            try await makeClient(transport, policy: RetryPolicy(maxAttempts: 3)).status(buildId: "b")
        }
        #expect(error?.kind == .transport)
        #expect(error?.attempts == 3)
        #expect(error?.transportError?.kind == .connectFailure)
        #expect(error?.description.contains("after 3 attempts") == true)
    }

    @Test func theTotalWaitIsBounded() async throws {
        let transport = ScriptedTransport(
            Array(repeating: .respond(HTTPResponse(status: 429, headers: ["Retry-After": "4"])), count: 10))
        let sleeper = SleepRecorder()
        let policy = RetryPolicy(maxAttempts: 10, maxTotalDelay: .seconds(10))
        let error = await expectUsetraceError {
            try await makeClient(transport, policy: policy, sleeper: sleeper).status(buildId: "b")
        }
        #expect(sleeper.durations == [.seconds(4), .seconds(4), .seconds(2)])
        #expect(error?.attempts == 4)
        #expect(error?.kind == .unavailable)
    }

    @Test(arguments: [
        (400, UsetraceError.Kind.rejected), (401, .unauthorized), (403, .unauthorized), (404, .rejected),
        (409, .rejected),
    ])
    func otherClientErrorsAreNotRetried(status: Int, kind: UsetraceError.Kind) async throws {
        let transport = ScriptedTransport(statuses: [status, 200], text: "no")
        let sleeper = SleepRecorder()
        let error = await expectUsetraceError {
            try await makeClient(transport, sleeper: sleeper).startTraceBuild(traceId: "T", request: BuildRequest())
        }
        #expect(error?.kind == kind)
        #expect(error?.httpStatus == status)
        #expect(error?.attempts == 1)
        #expect(error?.isTemporary == false)
        #expect(transport.requests.count == 1)
        #expect(sleeper.durations.isEmpty)
    }

    @Test func aStoppedClientIsNotRetried() async throws {
        let transport = ScriptedTransport([.fail(HTTPClientError(kind: .shutdown, message: "shut down"))])
        let error = await expectUsetraceError { try await makeClient(transport).status(buildId: "b") }
        #expect(error?.kind == .transport)
        #expect(error?.transportError?.kind == .shutdown)
        #expect(transport.requests.count == 1)
    }

    @Test func cancellationDuringAWaitEndsTheCallWithCancellationError() async throws {
        let transport = ScriptedTransport(statuses: [503, 200], text: "b")
        let client = UsetraceClient(
            configuration: UsetraceConfiguration(baseURL: "http://sim"), transport: transport,
            sleep: { _ in throw CancellationError() })
        await #expect(throws: CancellationError.self) {
            try await client.startTraceBuild(traceId: "T", request: BuildRequest())
        }
        #expect(transport.requests.count == 1)
    }
}
