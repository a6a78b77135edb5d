import FleetformModel

/// How capacity is bought.
public enum PurchaseOption: String, Hashable, Sendable, CaseIterable, Codable {
    case onDemand = "on-demand"
    case spot
    case reserved
}

/// Whether, and how, a resource was priced.
public enum CostStatus: Hashable, Sendable {
    /// Every part of the resource has a price.
    case priced
    /// AWS does not charge for the resource itself (a VPC, an IAM role); the reason says so.
    case free(String)
    /// The resource's cost is counted on another resource (a replica bucket's storage on its
    /// replication configuration); the reason names it.
    case pricedElsewhere(String)
    /// The cost depends on usage the stack does not declare; the reason says which hint to add.
    case needsUsage(String)
    /// Some parts are priced, others have no price; the reasons say which and why.
    case partial([String])
    /// Nothing could be priced; the reasons say why. Never a silent zero.
    case unpriced([String])

    /// `priced`, `free`, `priced-elsewhere`, `needs-usage`, `partial`, `unpriced`.
    public var name: String {
        switch self {
        case .priced: return "priced"
        case .free: return "free"
        case .pricedElsewhere: return "priced-elsewhere"
        case .needsUsage: return "needs-usage"
        case .partial: return "partial"
        case .unpriced: return "unpriced"
        }
    }

    /// The reasons, joined, or nil for `priced`.
    public var note: String? {
        switch self {
        case .priced: return nil
        case .free(let r), .pricedElsewhere(let r), .needsUsage(let r): return r
        case .partial(let r), .unpriced(let r): return r.joined(separator: "; ")
        }
    }

    /// Whether some price the resource needs is missing from the catalog.
    public var isMissingPrices: Bool {
        switch self {
        case .partial, .unpriced: return true
        default: return false
        }
    }
}

/// One priced line of a resource: `2 × p5.48xlarge on-demand`, `120 TB S3 STANDARD`.
public struct CostComponent: Hashable, Sendable {
    /// What is bought, in words.
    public var name: String
    /// Where or how (`use1-az3`, `uniform age over 365 days`), if it matters.
    public var detail: String?
    /// How many units a month (instance-hours, GB-months, requests in thousands, GB).
    public var monthlyQuantity: Double
    /// The unit of `monthlyQuantity` (`hours`, `GB-month`, `1000 requests`, `GB`).
    public var unit: String
    /// The catalog price applied, with its source.
    public var price: Price
    public var purchaseOption: PurchaseOption

    public init(
        name: String, detail: String? = nil, monthlyQuantity: Double, unit: String, price: Price,
        purchaseOption: PurchaseOption = .onDemand
    ) {
        self.name = name
        self.detail = detail
        self.monthlyQuantity = monthlyQuantity
        self.unit = unit
        self.price = price
        self.purchaseOption = purchaseOption
    }

    /// USD per month (unrounded).
    public var monthly: Double { monthlyQuantity * price.usd }
}

/// One spot capacity pool the estimator placed instances in.
public struct SpotPoolChoice: Hashable, Sendable {
    public var instanceType: String
    /// AZ ID.
    public var zone: String
    public var hourly: Double
    public var instances: Int
    /// The spot advisor's interruption label (`<5%`), if known.
    public var interruption: String?
}

/// GPU economics of a node pool or fleet: what a GPU-hour costs and what the purchase mix saves.
public struct PoolEconomics: Hashable, Sendable {
    public var onDemandInstances: Int
    public var spotInstances: Int
    /// Accelerator-hours a month at the declared size.
    public var gpuHoursPerMonth: Double
    /// The pool's monthly cost (compute and its EBS) divided by its GPU-hours; nil without GPUs.
    public var usdPerGPUHour: Double?
    /// The same pool (same size, same volumes) bought entirely on-demand; nil when not priceable.
    public var allOnDemandMonthly: Double?
    /// The same pool bought entirely as spot, with the same allocation rule; nil when not priceable.
    public var allSpotMonthly: Double?
    /// How the spot share was placed, in words.
    public var allocationRule: String
    /// The spot pools chosen, cheapest first.
    public var spotPools: [SpotPoolChoice]

    /// Instances in the pool.
    public var instances: Int { onDemandInstances + spotInstances }
}

/// The estimated cost of one resource.
public struct ResourceCost: Hashable, Sendable {
    public var address: ResourceAddress
    public var type: String
    public var region: String
    /// The resource's `tags` attribute (string values only).
    public var tags: [String: String]
    public var status: CostStatus
    public var components: [CostComponent]
    /// What the estimate assumed (zones, storage split, defaults), to print with it.
    public var assumptions: [String]
    /// Set for node pools and fleets.
    public var pool: PoolEconomics?

    public init(
        address: ResourceAddress, type: String, region: String, tags: [String: String] = [:], status: CostStatus,
        components: [CostComponent] = [], assumptions: [String] = [], pool: PoolEconomics? = nil
    ) {
        self.address = address
        self.type = type
        self.region = region
        self.tags = tags
        self.status = status
        self.components = components
        self.assumptions = assumptions
        self.pool = pool
    }

    /// USD per month (unrounded): the sum of the components.
    public var monthly: Double { components.reduce(0) { $0 + $1.monthly } }

    /// USD per month by purchase option (every option present, zero when unused).
    public var monthlyByPurchaseOption: [PurchaseOption: Double] {
        var split = Dictionary(uniqueKeysWithValues: PurchaseOption.allCases.map { ($0, 0.0) })
        for c in components { split[c.purchaseOption, default: 0] += c.monthly }
        return split
    }
}
