import Foundation
import Synchronization

/// Where time comes from, so logic that stamps times or waits can be tested with a clock that
/// is fixed or stepped by hand.
public protocol WallClock: Sendable {
    /// The current time.
    func now() -> Date
    /// Waits `seconds` (a rollout's pause, a poll interval); throws when the task is cancelled.
    func sleep(seconds: Double) async throws
}

extension WallClock {
    /// Sleeps for real.
    public func sleep(seconds: Double) async throws {
        try await Task.sleep(for: .milliseconds(Int64((seconds * 1000).rounded())))
    }
}

/// The system's real-time clock.
public struct SystemWallClock: WallClock {
    /// The system clock.
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that always reads the same instant (for tests and reproducible output).
public struct FixedWallClock: WallClock {
    /// The instant it reads.
    public var instant: Date
    /// A clock stopped at `instant`.
    public init(_ instant: Date) { self.instant = instant }
    public func now() -> Date { instant }
}

/// A clock whose sleeps return at once, moving its time forward by what was asked: a rollout's
/// five-minute pause takes no real time in a test. `onSleep` runs after each step with the new
/// time (a test forces an alarm there, during a pause).
///
/// ```swift
/// let clock = SteppingWallClock(start: Date(timeIntervalSince1970: 0)) { now in print(now) }
/// try await clock.sleep(seconds: 300)   // returns at once; clock.now() is 300 s later
/// ```
public final class SteppingWallClock: WallClock {
    private let current: Mutex<Date>
    private let onSleep: @Sendable (Date) async -> Void

    /// A clock reading `start`, calling `onSleep` after every sleep.
    public init(start: Date = Date(), onSleep: @escaping @Sendable (Date) async -> Void = { _ in }) {
        current = Mutex(start)
        self.onSleep = onSleep
    }

    public func now() -> Date { current.withLock { $0 } }

    public func sleep(seconds: Double) async throws {
        try Task.checkCancellation()
        let now = current.withLock { date in
            date = date.addingTimeInterval(seconds)
            return date
        }
        await onSleep(now)
        await Task.yield()
    }
}
