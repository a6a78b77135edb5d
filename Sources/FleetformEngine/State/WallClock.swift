import Foundation

/// Where time comes from, so logic that stamps times can be tested with a fixed clock.
public protocol WallClock: Sendable {
    /// The current time.
    func now() -> Date
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
