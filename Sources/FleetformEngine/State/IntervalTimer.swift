/// Waits between the steps of periodic work (renewing a lock), so tests can step it by hand
/// instead of sleeping.
public protocol IntervalTimer: Sendable {
    /// Returns after `interval`; throws when the waiting task is cancelled.
    func wait(_ interval: Duration) async throws
}

/// Waits for real (`Task.sleep`).
public struct SleepingTimer: IntervalTimer {
    /// A timer that sleeps.
    public init() {}

    public func wait(_ interval: Duration) async throws {
        try await Task.sleep(for: interval)
    }
}
