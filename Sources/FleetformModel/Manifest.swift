/// What a stack declares for one environment: a flat list of low-level resources.
///
/// Produced by evaluating a DSL `Stack` (or read from a manifest file); consumed by the planner
/// and the cost estimator.
public struct Manifest: Hashable, Sendable {
    public var stack: String
    public var environment: String
    /// The stack's primary region.
    public var region: String
    /// Whether the environment is production (never reaped).
    public var isProduction: Bool
    /// Resources in declaration order.
    public var resources: [ManifestResource]
    /// Pools whose launch template changes roll out beside the old group (see `RolloutPolicy`).
    public var rollouts: [PoolRollout]

    public init(
        stack: String, environment: String, region: String, isProduction: Bool = false,
        resources: [ManifestResource], rollouts: [PoolRollout] = []
    ) {
        self.rollouts = rollouts
        self.stack = stack
        self.environment = environment
        self.region = region
        self.isProduction = isProduction
        self.resources = resources
    }

    /// Resources by address (the last wins when an address repeats; validation reports repeats).
    public var resourcesByAddress: [ResourceAddress: ManifestResource] {
        Dictionary(resources.map { ($0.address, $0) }, uniquingKeysWith: { _, last in last })
    }
}
