/// When and how long to wait before resending a failed request: capped exponential backoff with
/// full jitter (`delay = random(0, min(cap, base × 2^attempt))`), for throttling, 5xx and
/// transport errors, at most `maxAttempts` sends in all.
///
/// ```swift
/// let policy = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(50), maxDelay: .seconds(2))
/// ```
public struct RetryPolicy: Sendable {
    /// Total sends of one request, the first included.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// A uniform random number in `0...1`; injected so tests are deterministic.
    public var random: @Sendable () -> Double

    public init(
        maxAttempts: Int = 5, baseDelay: Duration = .milliseconds(100), maxDelay: Duration = .seconds(20),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.random = random
    }

    /// The policy used unless one is given.
    public static let `default` = RetryPolicy()
    /// Never retry.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// Throttling codes across services.
    public static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException",
        "RequestLimitExceeded", "SlowDown", "RequestThrottled", "BandwidthLimitExceeded",
        "ProvisionedThroughputExceededException",
        "PriorRequestNotComplete", "EC2ThrottledException",
    ]
    /// Transient server-side codes.
    public static let transientCodes: Set<String> = [
        "InternalError", "InternalFailure", "ServiceUnavailable", "RequestTimeout", "RequestTimeoutException",
        "IDPCommunicationError",
    ]

    /// What to do after `error` ended send number `attempt` (1-based): nil = give up.
    public func delay(after error: Error, attempt: Int) -> Duration? {
        guard attempt < maxAttempts, Self.isRetryable(error) else { return nil }
        return backoff(attempt: attempt)
    }

    /// Full jitter over the capped exponential: `random(0, min(maxDelay, baseDelay × 2^(attempt-1)))`.
    public func backoff(attempt: Int) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let ceiling = min(Double(maxDelay.nanoseconds), Double(baseDelay.nanoseconds) * Double(1 << exponent))
        return .nanoseconds(Int64(ceiling * min(max(random(), 0), 1)))
    }

    /// Whether `error` is worth resending: throttling, HTTP 429/5xx, transient codes, transport errors.
    public static func isRetryable(_ error: Error) -> Bool {
        guard let error = error as? AWSError else { return false }
        switch error.kind {
        case .transport: return true
        case .configuration, .invalidResponse: return false
        case .service:
            if throttlingCodes.contains(error.code) || transientCodes.contains(error.code) { return true }
            if error.isAuthenticationFailure { return false }
            if let status = error.statusCode, status == 429 || (500...599).contains(status) { return true }
            return false
        }
    }
}
