/// The resource types a provider can create, read, update and delete. Validation checks a
/// manifest against it, so a type the provider cannot apply is refused before anything is made.
///
/// ```swift
/// let coverage = ProviderCoverage(provider: "AWS", managedTypes: ["aws_vpc", "aws_subnet"])
/// coverage.manages("aws_cloudwatch_log_group")  // false
/// ```
public struct ProviderCoverage: Hashable, Sendable {
    /// The provider's name as messages say it (`AWS`).
    public var provider: String
    public var managedTypes: Set<String>

    public init(provider: String, managedTypes: Set<String>) {
        self.provider = provider
        self.managedTypes = managedTypes
    }

    /// Whether the provider manages `type`.
    public func manages(_ type: String) -> Bool { managedTypes.contains(type) }
}
