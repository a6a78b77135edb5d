/// What Fleetform last knew of the cloud for one stack and environment.
///
/// `serial` grows on every write; `lineage` is fixed when the state is first created, so a plan
/// or a push from another state's history can be refused.
public struct State: Hashable, Sendable {
    public var serial: Int
    public var lineage: String
    public var stack: String
    public var environment: String
    /// Resources by address.
    public var resources: [ResourceAddress: ResourceState]
    /// Environment metadata: creation and last-apply times, expiry.
    public var metadata: EnvironmentMetadata
    /// Old objects of create-before-destroy replacements that still exist in the cloud: the new
    /// object took their address, and the next apply deletes them.
    public var deposed: [ResourceState]
    /// Pool rollouts under way, and the last one of each pool, by the pool's group address.
    public var rollouts: [ResourceAddress: RolloutRecord]

    public init(
        serial: Int = 0, lineage: String, stack: String, environment: String,
        resources: [ResourceAddress: ResourceState] = [:], metadata: EnvironmentMetadata = .init(),
        deposed: [ResourceState] = [], rollouts: [ResourceAddress: RolloutRecord] = [:]
    ) {
        self.rollouts = rollouts
        self.serial = serial
        self.lineage = lineage
        self.stack = stack
        self.environment = environment
        self.resources = resources
        self.metadata = metadata
        self.deposed = deposed
    }

    /// Resources sorted by address.
    public var sortedResources: [ResourceState] { resources.values.sorted { $0.address < $1.address } }

    /// Rollouts with work left (running or rolling back), by group address.
    public var activeRollouts: [RolloutRecord] {
        rollouts.values.filter(\.isActive).sorted { $0.group < $1.group }
    }
}

/// Times recorded for an environment (RFC 3339 strings in the file).
public struct EnvironmentMetadata: Hashable, Codable, Sendable {
    public var createdAt: String?
    public var lastAppliedAt: String?
    /// When an ephemeral environment may be reaped.
    public var expiresAt: String?
    public var isProduction: Bool?

    public init(
        createdAt: String? = nil, lastAppliedAt: String? = nil, expiresAt: String? = nil, isProduction: Bool? = nil
    ) {
        self.createdAt = createdAt
        self.lastAppliedAt = lastAppliedAt
        self.expiresAt = expiresAt
        self.isProduction = isProduction
    }

    private enum CodingKeys: String, CodingKey {
        case createdAt = "created_at", lastAppliedAt = "last_applied_at", expiresAt = "expires_at"
        case isProduction = "is_production"
    }
}

/// One resource as the state records it.
public struct ResourceState: Hashable, Codable, Sendable {
    public var address: ResourceAddress
    public var provider: ProviderConfig
    /// The cloud's id for the resource (VPC id, bucket name, group name, …).
    public var id: String
    /// Attributes as last read or written: what the manifest set plus what the cloud computed.
    public var attributes: [String: AttributeValue]
    public var dependencies: [ResourceAddress]
    public var lifecycle: Lifecycle
    public var sensitive: [String]
    /// Usage hints carried over from the manifest for cost reports of state.
    public var usage: [String: Double]

    public init(
        address: ResourceAddress, provider: ProviderConfig, id: String, attributes: [String: AttributeValue],
        dependencies: [ResourceAddress] = [], lifecycle: Lifecycle = .default, sensitive: [String] = [],
        usage: [String: Double] = [:]
    ) {
        self.address = address
        self.provider = provider
        self.id = id
        self.attributes = attributes
        self.dependencies = dependencies
        self.lifecycle = lifecycle
        self.sensitive = sensitive
        self.usage = usage
    }

    public var type: String { address.type }

    /// The recorded attributes with the id as the `id` attribute when they do not record it:
    /// the resource's values as a plan, its JSON form and its cost see them.
    public var attributesWithID: [String: AttributeValue] {
        var values = attributes
        if values["id"] == nil { values["id"] = .string(id) }
        return values
    }

    private enum CodingKeys: String, CodingKey {
        case address, provider, id, attributes, dependencies, lifecycle, sensitive, usage
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        address = try c.decode(ResourceAddress.self, forKey: .address)
        provider = try c.decode(ProviderConfig.self, forKey: .provider)
        id = try c.decode(String.self, forKey: .id)
        attributes = try c.decodeIfPresent([String: AttributeValue].self, forKey: .attributes) ?? [:]
        dependencies = try c.decodeIfPresent([ResourceAddress].self, forKey: .dependencies) ?? []
        lifecycle = try c.decodeIfPresent(Lifecycle.self, forKey: .lifecycle) ?? .default
        sensitive = try c.decodeIfPresent([String].self, forKey: .sensitive) ?? []
        usage = try c.decodeIfPresent([String: Double].self, forKey: .usage) ?? [:]
    }
}

/// What a state record keeps from its declaration besides the attributes: what it depends on
/// (destroy deletes dependents first), its lifecycle flags, the attributes to mask and its usage
/// hints for cost reports.
public struct DeclaredMetadata: Hashable, Sendable {
    public var dependencies: [ResourceAddress]
    public var lifecycle: Lifecycle
    public var sensitive: [String]
    public var usage: [String: Double]

    public init(
        dependencies: [ResourceAddress] = [], lifecycle: Lifecycle = .default, sensitive: [String] = [],
        usage: [String: Double] = [:]
    ) {
        self.dependencies = dependencies
        self.lifecycle = lifecycle
        self.sensitive = sensitive
        self.usage = usage
    }
}

extension ResourceState {
    /// The record's declared metadata; setting it replaces all four fields.
    public var declared: DeclaredMetadata {
        get { DeclaredMetadata(dependencies: dependencies, lifecycle: lifecycle, sensitive: sensitive, usage: usage) }
        set {
            dependencies = newValue.dependencies
            lifecycle = newValue.lifecycle
            sensitive = newValue.sensitive
            usage = newValue.usage
        }
    }
}

extension ManifestResource {
    /// What a state record of this declaration keeps: every dependency, lifecycle, masking, usage.
    public var declared: DeclaredMetadata {
        DeclaredMetadata(dependencies: allDependencies, lifecycle: lifecycle, sensitive: sensitive, usage: usage)
    }
}
