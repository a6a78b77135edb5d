/// The tags every resource Fleetform creates carries: they make orphans findable after a crash,
/// cost attributable, and expired environments reapable. Their keys are said here once.
///
/// ```swift
/// OwnershipTags.tags(stack: "training", environment: "dev", address: "aws_vpc.core")
/// // ["fleetform:stack": "training", "fleetform:env": "dev", "fleetform:address": "aws_vpc.core"]
/// ```
public enum OwnershipTags {
    /// What every Fleetform tag key starts with.
    public static let prefix = "fleetform:"
    /// The stack's name.
    public static let stack = "fleetform:stack"
    /// The environment's name.
    public static let environment = "fleetform:env"
    /// The resource's address in the stack.
    public static let address = "fleetform:address"
    /// When an ephemeral environment expires (RFC 3339).
    public static let expiresAt = "fleetform:expires-at"

    /// The ownership tags of `address` in `stack`'s `environment`.
    public static func tags(stack: String, environment: String, address: String) -> [String: String] {
        [Self.stack: stack, Self.environment: environment, Self.address: address]
    }
}
