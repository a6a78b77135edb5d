/// Polls until a condition holds, for APIs that are eventually consistent (a created resource
/// not yet visible, a cluster still `CREATING`, a deleted group still listed). Bounded in
/// attempts; the sleep is injected.
public struct Waiter: Sendable {
    public var maxAttempts: Int
    public var interval: Duration
    public var sleep: @Sendable (Duration) async throws -> Void

    public init(
        maxAttempts: Int = 60, interval: Duration = .seconds(2),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.interval = interval
        self.sleep = sleep
    }

    /// The waiter used unless one is given: every 2 s for up to 2 minutes.
    public static let `default` = Waiter()

    /// Calls `poll` until it returns a value; throws a timeout error naming `what` after `maxAttempts`.
    public func waitFor<T: Sendable>(_ what: String, _ poll: () async throws -> T?) async throws -> T {
        for attempt in 1...maxAttempts {
            if let value = try await poll() { return value }
            if attempt < maxAttempts { try await sleep(interval) }
        }
        throw AWSError(
            kind: .service, code: "WaiterTimeout",
            message: "gave up waiting for \(what) after \(maxAttempts) checks \(interval) apart; "
                + "check the resource in the console and re-run")
    }

    /// Calls `done` until it returns true.
    public func waitUntil(_ what: String, _ done: () async throws -> Bool) async throws {
        _ = try await waitFor(what) { try await done() ? true : nil }
    }
}
