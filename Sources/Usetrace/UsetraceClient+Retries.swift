import HTTPClient

extension UsetraceClient {
    /// Sends the request, retrying transport failures, 429 and 5xx per the retry policy.
    ///
    /// Returns the first answer that is not retried (any status) with the number of attempts made;
    /// throws `UsetraceError` when every attempt failed or the wait budget ran out, and
    /// `CancellationError` when the task is cancelled (also during a wait).
    func exchange(
        call: UsetraceError.Call, target: String, request: HTTPRequest, secrets: [String]
    )
        async throws -> (HTTPResponse, Int)
    {
        let policy = configuration.retryPolicy
        var waited: Duration = .zero
        var attempt = 0
        while true {
            attempt += 1
            try Task.checkCancellation()
            let failure: RetriedFailure
            do {
                let response = try await transport.send(request)
                guard Self.isRetried(response.status) else { return (response, attempt) }
                failure = .answer(response)
            } catch let error as HTTPClientError {
                // A refused request or a stopped client fails the same way every time.
                if error.kind == .invalidRequest || error.kind == .shutdown {
                    throw transportError(call, target, error, attempt, secrets)
                }
                failure = .transport(error)
            } catch let error as CancellationError {
                throw error
            } catch {
                failure = .transport(HTTPClientError(kind: .transport, message: "\(request): \(error)"))
            }

            guard attempt < policy.maxAttempts else { throw giveUp(call, target, failure, attempt, secrets) }
            let remaining = policy.maxTotalDelay - waited
            guard remaining > .zero else { throw giveUp(call, target, failure, attempt, secrets) }
            let wanted =
                failure.retryAfterSeconds.map(policy.retryAfterDelay(seconds:))
                ?? policy.backoff(beforeRetry: attempt, unit: drawUnit())
            let delay = min(wanted, remaining)
            try await sleep(delay)
            waited += delay
        }
    }

    /// 429 and every 5xx are retried; every other status is the call's to judge.
    static func isRetried(_ status: Int) -> Bool {
        status == 429 || (500...599).contains(status)
    }

    private func giveUp(
        _ call: UsetraceError.Call, _ target: String, _ failure: RetriedFailure, _ attempts: Int, _ secrets: [String]
    ) -> UsetraceError {
        switch failure {
        case .answer(let response): return statusError(call, target, response, attempts, secrets: secrets)
        case .transport(let error): return transportError(call, target, error, attempts, secrets)
        }
    }

    private func transportError(
        _ call: UsetraceError.Call, _ target: String, _ error: HTTPClientError, _ attempts: Int, _ secrets: [String]
    ) -> UsetraceError {
        let masked = Redaction.masking(allSecrets(secrets), in: error.message)
        let cleaned = HTTPClientError(kind: error.kind, curlCode: error.curlCode, message: masked)
        return UsetraceError(
            call: call, kind: .transport, target: target, attempts: attempts, transportError: cleaned,
            message: cleaned.description)
    }
}

/// The outcome of an attempt that is retried.
private enum RetriedFailure {
    case answer(HTTPResponse)
    case transport(HTTPClientError)

    /// Whole seconds of `Retry-After` on a 429 or 503 (the HTTP-date form is not honoured).
    var retryAfterSeconds: Int? {
        guard case .answer(let response) = self, response.status == 429 || response.status == 503,
            let value = response.headers["Retry-After"], let seconds = Int(value), seconds >= 0
        else { return nil }
        return seconds
    }
}
