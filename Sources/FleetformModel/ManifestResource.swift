/// Which provider and region manage a resource (`provider["registry.terraform.io/hashicorp/aws"]`,
/// region `us-east-1`).
public struct ProviderConfig: Hashable, Codable, Sendable {
    /// The provider's short name, `aws`.
    public var name: String
    /// The region its API calls go to.
    public var region: String

    public init(name: String = "aws", region: String) {
        self.name = name
        self.region = region
    }

    /// The Terraform-style provider address used in JSON plans.
    public var terraformName: String { "registry.terraform.io/hashicorp/\(name)" }
}

/// Lifecycle flags of a resource, as Terraform's `lifecycle` block.
public struct Lifecycle: Hashable, Codable, Sendable {
    /// A plan that would delete the resource is an error.
    public var preventDestroy: Bool
    /// A replacement creates the new resource before deleting the old one.
    public var createBeforeDestroy: Bool
    /// Attributes whose differences the planner ignores.
    public var ignoreChanges: [String]
    /// `destroy` keeps the resource (in the cloud and in the state) instead of deleting it, with
    /// what it depends on, unless told to delete what is retained (`PlanOptions.deleteRetained`):
    /// a production log bucket outlives its stack.
    public var retainOnDestroy: Bool

    public init(
        preventDestroy: Bool = false, createBeforeDestroy: Bool = false, ignoreChanges: [String] = [],
        retainOnDestroy: Bool = false
    ) {
        self.preventDestroy = preventDestroy
        self.createBeforeDestroy = createBeforeDestroy
        self.ignoreChanges = ignoreChanges
        self.retainOnDestroy = retainOnDestroy
    }

    public static let `default` = Lifecycle()

    private enum CodingKeys: String, CodingKey {
        case preventDestroy = "prevent_destroy", createBeforeDestroy = "create_before_destroy"
        case ignoreChanges = "ignore_changes", retainOnDestroy = "retain_on_destroy"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        preventDestroy = try c.decodeIfPresent(Bool.self, forKey: .preventDestroy) ?? false
        createBeforeDestroy = try c.decodeIfPresent(Bool.self, forKey: .createBeforeDestroy) ?? false
        ignoreChanges = try c.decodeIfPresent([String].self, forKey: .ignoreChanges) ?? []
        retainOnDestroy = try c.decodeIfPresent(Bool.self, forKey: .retainOnDestroy) ?? false
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(preventDestroy, forKey: .preventDestroy)
        try c.encode(createBeforeDestroy, forKey: .createBeforeDestroy)
        try c.encode(ignoreChanges, forKey: .ignoreChanges)
        // Written only when set: documents of resources without it stay as they were.
        if retainOnDestroy { try c.encode(true, forKey: .retainOnDestroy) }
    }
}

/// One low-level resource as the stack declares it: the unit the planner diffs.
///
/// `attributes` holds only what the declaration set; values the cloud fills in are never
/// compared, so server-side defaults cause no perpetual diff.
public struct ManifestResource: Hashable, Codable, Sendable {
    public var address: ResourceAddress
    public var provider: ProviderConfig
    /// Desired attributes (Terraform attribute names), possibly holding references.
    public var attributes: [String: AttributeValue]
    /// Explicit dependencies, beyond those implied by references.
    public var dependsOn: [ResourceAddress]
    public var lifecycle: Lifecycle
    /// Attribute names whose values are masked in output.
    public var sensitive: [String]
    /// Usage hints for cost estimation (`stored_tb`, `monthly_requests`, …); never sent to the cloud.
    public var usage: [String: Double]
    /// The DSL declaration that produced this resource.
    public var source: SourceLocation?

    public init(
        address: ResourceAddress, provider: ProviderConfig, attributes: [String: AttributeValue] = [:],
        dependsOn: [ResourceAddress] = [], lifecycle: Lifecycle = .default, sensitive: [String] = [],
        usage: [String: Double] = [:], source: SourceLocation? = nil
    ) {
        self.address = address
        self.provider = provider
        self.attributes = attributes
        self.dependsOn = dependsOn
        self.lifecycle = lifecycle
        self.sensitive = sensitive
        self.usage = usage
        self.source = source
    }

    /// The resource type, e.g. `aws_vpc`.
    public var type: String { address.type }

    /// Explicit dependencies plus every resource an attribute refers to, sorted, without duplicates.
    public var allDependencies: [ResourceAddress] {
        var set = Set(dependsOn)
        for value in attributes.values { value.forEachReference { set.insert($0.address) } }
        set.remove(address)
        return set.sorted()
    }

    private enum CodingKeys: String, CodingKey {
        case address, provider, attributes, dependsOn = "depends_on", lifecycle, sensitive, usage, source
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        address = try c.decode(ResourceAddress.self, forKey: .address)
        provider = try c.decode(ProviderConfig.self, forKey: .provider)
        attributes = try c.decodeIfPresent([String: AttributeValue].self, forKey: .attributes) ?? [:]
        dependsOn = try c.decodeIfPresent([ResourceAddress].self, forKey: .dependsOn) ?? []
        lifecycle = try c.decodeIfPresent(Lifecycle.self, forKey: .lifecycle) ?? .default
        sensitive = try c.decodeIfPresent([String].self, forKey: .sensitive) ?? []
        usage = try c.decodeIfPresent([String: Double].self, forKey: .usage) ?? [:]
        source = try c.decodeIfPresent(SourceLocation.self, forKey: .source)
    }
}
