/// A node pool or fleet reduced to what prices it: the instance types (with weights) it may run,
/// where, how many capacity units it buys on-demand and as spot, and how it picks among them.
struct PoolSpec: Sendable {
    /// An instance type the pool may launch and the capacity units one instance counts for.
    struct WeightedType: Hashable, Sendable {
        var name: String
        var weight: Double
    }

    /// How on-demand capacity picks a type.
    enum OnDemandStrategy: String, Sendable {
        /// The first listed type (Auto Scaling's default and EKS managed node groups).
        case prioritized
        /// The cheapest type per unit (EC2 Fleet's default).
        case lowestPrice = "lowest-price"
    }

    var region: String
    /// Types in the declared (priority) order.
    var types: [WeightedType]
    /// AZ IDs the pool launches in; nil when they are not known (then every zone of the region
    /// that offers a type counts).
    var zones: Set<String>?
    var onDemandUnits: Double
    var spotUnits: Double
    var onDemandStrategy: OnDemandStrategy
    var spot: SpotAllocation
    /// gp3 volume per instance, in GB; nil when the pool declares none.
    var volumeGB: Double?
    /// What was assumed while reading the declaration.
    var assumptions: [String]
}
