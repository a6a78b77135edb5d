import FleetformModel
import Foundation

/// Who holds a state lock: stored next to the state while the lock is held, so a second run
/// can say who to wait for, or which dead run to unlock.
public struct LockInfo: Hashable, Sendable, CustomStringConvertible {
    /// A unique id for this lock (a UUID), the argument of `fleetform state unlock`.
    public var id: String
    /// The user who took the lock.
    public var who: String
    /// The host the run is on.
    public var host: String
    /// The run's process id.
    public var pid: Int
    /// The command that took the lock, e.g. `fleetform apply`.
    public var command: String
    /// When the lock was taken.
    public var created: Date
    /// When the lock lapses unless its holder renews it (remote backends, where no OS releases
    /// a dead run's lock); nil for locks that end with their process (local `flock`).
    public var expires: Date?

    /// A lock record with every field given.
    public init(
        id: String = UUID().uuidString.lowercased(), who: String, host: String, pid: Int, command: String,
        created: Date,
        expires: Date? = nil
    ) {
        self.id = id
        self.who = who
        self.host = host
        self.pid = pid
        self.command = command
        self.created = created
        self.expires = expires
    }

    /// A lock record for this process: the current user, host and pid, stamped by `clock`.
    ///
    /// ```swift
    /// let handle = try await backend.lock(stack: "training", environment: "dev", info: .current(command: "fleetform apply"))
    /// ```
    public static func current(command: String, clock: any WallClock = SystemWallClock()) -> LockInfo {
        let environment = ProcessInfo.processInfo.environment
        let user = environment["USER"] ?? environment["LOGNAME"] ?? ProcessInfo.processInfo.userName
        return LockInfo(
            who: user.isEmpty ? "unknown" : user, host: ProcessInfo.processInfo.hostName,
            pid: Int(ProcessInfo.processInfo.processIdentifier), command: command, created: clock.now())
    }

    /// `alice@ci-runner-7 (pid 4121, 'fleetform apply') since 2026-11-21T12:03:00Z (lock 3f2a…)`.
    public var description: String {
        "\(who)@\(host) (pid \(pid), '\(command)') since \(created.rfc3339) (lock \(id))"
    }

    /// Whether the lock has lapsed at `now` (never, for a lock without an expiry).
    public func isExpired(at now: Date) -> Bool {
        expires.map { $0 <= now } ?? false
    }

    /// The record as stored in a lock file or lock object.
    public var encoded: [UInt8] {
        var fields: [String: AttributeValue] = [
            "id": .string(id), "who": .string(who), "host": .string(host), "pid": .number(Double(pid)),
            "command": .string(command), "created": .string(created.rfc3339),
        ]
        if let expires { fields["expires"] = .string(expires.rfc3339) }
        return JSONWriter.encode(.map(fields))
    }

    /// Reads a stored record; nil when it is empty or unreadable (a lock being taken right now,
    /// or a record damaged by a crash).
    public init?(stored bytes: [UInt8]) {
        guard case .map(let fields)? = try? JSONReader.parse(bytes),
            let id = fields["id"]?.stringValue, let who = fields["who"]?.stringValue,
            let host = fields["host"]?.stringValue, let pid = fields["pid"]?.intValue,
            let command = fields["command"]?.stringValue, let createdText = fields["created"]?.stringValue,
            let created = Date(rfc3339: createdText)
        else { return nil }
        let expires = fields["expires"]?.stringValue.flatMap(Date.init(rfc3339:))
        self.init(id: id, who: who, host: host, pid: pid, command: command, created: created, expires: expires)
    }
}
