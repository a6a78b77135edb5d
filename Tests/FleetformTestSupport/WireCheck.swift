import Foundation

/// Checks recorded requests against botocore's service models with `scripts/wire-check`: every
/// request Fleetform sent (User-Agent `fleetform/…`) is mapped back to its operation and input
/// shape and checked for unknown parameters, missing required members, values outside an enum
/// and wrong types.
///
/// ```swift
/// let report = try WireCheck.run(recordings: [moto.recordingPath])
/// #expect(report.problems.isEmpty, "\(report)")
/// ```
public enum WireCheck {
    /// One problem: the operation (`ec2:CreateSubnet`), the parameter (`TagSpecification.1.ResourceType`)
    /// and why, with how many requests had it.
    public struct Problem: Hashable, Sendable, CustomStringConvertible {
        public var operation: String
        public var parameter: String
        public var reason: String
        public var count: Int

        public var description: String {
            "\(operation) \(parameter): \(reason)" + (count > 1 ? " (\(count) requests)" : "")
        }
    }

    /// What a check found.
    public struct Report: Sendable, CustomStringConvertible {
        /// Requests checked.
        public var requests: Int
        /// Requests per operation (`ec2:CreateVpc` → 3).
        public var operations: [String: Int]
        public var problems: [Problem]

        public var description: String {
            "wire check: \(requests) requests, \(operations.count) operations, \(problems.count) problems"
                + problems.map { "\n  " + $0.description }.joined()
        }
    }

    /// `scripts/wire-check` in the repository.
    public static let script = TestData.repositoryRoot.appendingPathComponent("scripts/wire-check").path

    /// Checks the requests in `recordings` (moto recordings, JSON lines) whose User-Agent starts
    /// with `userAgent`; throws when the checker cannot run.
    public static func run(recordings: [String], userAgent: String = "fleetform/") throws -> Report {
        let value = try PythonScript.json(
            arguments: [script, "--json", "--user-agent", userAgent] + recordings, purpose: "scripts/wire-check",
            acceptedExitCodes: [0, 1])
        guard let json = value as? [String: Any], let requests = json["requests"] as? Int,
            let operations = json["operations"] as? [String: Int], let problems = json["problems"] as? [[String: Any]]
        else {
            throw HarnessError("scripts/wire-check printed an unexpected report: \(value)")
        }
        return Report(
            requests: requests, operations: operations,
            problems: problems.map {
                Problem(
                    operation: $0["operation"] as? String ?? "?", parameter: $0["parameter"] as? String ?? "?",
                    reason: $0["reason"] as? String ?? "?", count: $0["count"] as? Int ?? 1)
            })
    }
}
