/// When and how long to wait before trying a Usetrace call again.
///
/// Retried: transport failures, 429 and 5xx. The wait before retry *n* is drawn uniformly from
/// `0 … min(maxDelay, initialDelay × multiplier^(n−1))` ("full jitter", so many clients that
/// failed together do not come back together), except that a `Retry-After` of whole seconds on a
/// 429 or 503 is waited instead, cut to `maxRetryAfter`. A call makes at most `maxAttempts`
/// attempts and waits at most `maxTotalDelay` in all (the last wait is cut to what is left), so
/// one call takes at most `maxAttempts × request time-out + maxTotalDelay`.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included (1 = never retry).
    public var maxAttempts: Int
    /// The ceiling of the first wait.
    public var initialDelay: Duration
    /// How much the ceiling grows with each retry.
    public var multiplier: Double
    /// The ceiling of any one back-off wait.
    public var maxDelay: Duration
    /// The longest `Retry-After` honoured; a longer one is cut to this.
    public var maxRetryAfter: Duration
    /// The most one call waits between its attempts, in all.
    public var maxTotalDelay: Duration

    /// A policy; the defaults make 5 attempts with waits of up to 0.5, 1, 2 and 4 s.
    public init(
        maxAttempts: Int = 5, initialDelay: Duration = .milliseconds(500), multiplier: Double = 2,
        maxDelay: Duration = .seconds(30), maxRetryAfter: Duration = .seconds(60),
        maxTotalDelay: Duration = .seconds(120)
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialDelay = max(.zero, initialDelay)
        self.multiplier = max(1, multiplier)
        self.maxDelay = max(.zero, maxDelay)
        self.maxRetryAfter = max(.zero, maxRetryAfter)
        self.maxTotalDelay = max(.zero, maxTotalDelay)
    }

    /// The default policy.
    public static let standard = RetryPolicy()

    /// One attempt, no retry.
    public static let never = RetryPolicy(maxAttempts: 1)

    /// The upper bound of the wait before retry number `retry` (1 is the wait after the first attempt).
    public func backoffCeiling(beforeRetry retry: Int) -> Duration {
        let cap = Self.seconds(maxDelay)
        var ceiling = Self.seconds(initialDelay)
        var step = 1
        while step < retry && ceiling < cap {
            ceiling *= multiplier
            step += 1
        }
        return .seconds(min(ceiling, cap))
    }

    /// The wait before retry number `retry`, for `unit` drawn uniformly from `0 … 1`.
    public func backoff(beforeRetry retry: Int, unit: Double) -> Duration {
        let fraction = min(1, max(0, unit))
        return .seconds(Self.seconds(backoffCeiling(beforeRetry: retry)) * fraction)
    }

    /// The wait a `Retry-After` of `seconds` asks for, cut to `maxRetryAfter`.
    public func retryAfterDelay(seconds: Int) -> Duration {
        min(.seconds(max(0, seconds)), maxRetryAfter)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
