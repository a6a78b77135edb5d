/// The resource types a provider can create, read, update and delete, and the Terraform schema
/// their attributes follow. Validation checks a manifest against it, so a type the provider
/// cannot apply, or an attribute the Terraform provider would not accept, is refused before
/// anything is made.
///
/// ```swift
/// let coverage = ProviderCoverage(provider: "AWS", managedTypes: ["aws_vpc", "aws_subnet"])
/// coverage.manages("aws_cloudwatch_log_group")  // false
/// ```
public struct ProviderCoverage: Hashable, Sendable {
    /// The provider's name as messages say it (`AWS`).
    public var provider: String
    public var managedTypes: Set<String>
    /// The Terraform provider's schema of (at least) the managed types; nil: attributes are not checked.
    public var schema: TerraformSchema?

    public init(provider: String, managedTypes: Set<String>, schema: TerraformSchema? = nil) {
        self.provider = provider
        self.managedTypes = managedTypes
        self.schema = schema
    }

    /// Whether the provider manages `type`.
    public func manages(_ type: String) -> Bool { managedTypes.contains(type) }
}
