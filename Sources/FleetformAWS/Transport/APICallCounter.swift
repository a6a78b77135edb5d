import Foundation

/// Counts API calls (each HTTP send, retries included) per service and action, for `--verbose`
/// and the metrics line at the end of a run.
///
/// ```swift
/// counter.summary  // "api calls: ec2=3 (DescribeSubnets=1, CreateVpc=2) s3=1 (...)"
/// ```
public final class APICallCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [AWSService: [String: Int]] = [:]

    public init() {}

    /// Records one send of `action` to `service`.
    public func record(_ service: AWSService, action: String) {
        lock.lock()
        counts[service, default: [:]][action, default: 0] += 1
        lock.unlock()
    }

    /// Calls to `service` (every action), or to one action of it.
    public func count(_ service: AWSService, action: String? = nil) -> Int {
        lock.lock()
        defer { lock.unlock() }
        guard let actions = counts[service] else { return 0 }
        if let action { return actions[action] ?? 0 }
        return actions.values.reduce(0, +)
    }

    /// All calls.
    public var total: Int {
        lock.lock()
        defer { lock.unlock() }
        return counts.values.flatMap(\.values).reduce(0, +)
    }

    /// Calls per service and action.
    public var snapshot: [AWSService: [String: Int]] {
        lock.lock()
        defer { lock.unlock() }
        return counts
    }

    /// Forgets every count.
    public func reset() {
        lock.lock()
        counts = [:]
        lock.unlock()
    }

    /// One line: `api calls: 7 (ec2=5 [CreateVpc=1, DescribeVpcs=4], s3=2 [...])`.
    public var summary: String {
        let snapshot = self.snapshot
        let parts = snapshot.sorted { $0.key.rawValue < $1.key.rawValue }.map { service, actions in
            let detail = actions.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
            return "\(service.rawValue)=\(actions.values.reduce(0, +)) [\(detail)]"
        }
        return "api calls: \(total)" + (parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")")
    }
}
