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

extension Date {
    /// RFC 3339 in UTC to the second: `2026-11-21T12:03:00Z`.
    public var rfc3339: String { formatted(.iso8601) }

    /// Parses an RFC 3339 timestamp as written by `rfc3339`.
    public init?(rfc3339 text: String) {
        guard let date = try? Date(text, strategy: .iso8601) else { return nil }
        self = date
    }
}
