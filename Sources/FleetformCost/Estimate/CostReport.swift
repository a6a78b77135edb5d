import FleetformModel

/// The cost of every resource of one manifest, state or side of a plan, and what it was priced with.
public struct CostReport: Hashable, Sendable {
    /// Which prices a report used: shown in every format.
    public struct CatalogInfo: Hashable, Sendable {
        public var name: String
        public var snapshotDate: String
        /// `bundled` or the path of the catalog file.
        public var origin: String
        /// The sources the report's prices cite, sorted by id.
        public var sources: [PriceSource]

        /// `bundled snapshot 2026-11-21 (bundled)`.
        public var label: String { "\(name) \(snapshotDate) (\(origin))" }
    }

    public var stack: String
    public var environment: String
    public var hoursPerMonth: Double
    public var catalog: CatalogInfo
    /// Every resource, sorted by address.
    public private(set) var resources: [ResourceCost]
    private var indexByAddress: [ResourceAddress: Int]

    public init(
        stack: String, environment: String, hoursPerMonth: Double, catalog: CatalogInfo,
        resources: consuming [ResourceCost]
    ) {
        self.stack = stack
        self.environment = environment
        self.hoursPerMonth = hoursPerMonth
        self.catalog = catalog
        indexByAddress = resources.sortByAddress(\.address)
        self.resources = resources
    }

    /// USD per month over every resource (unrounded).
    public var monthlyTotal: Double { resources.reduce(0) { $0 + $1.monthly } }
    /// USD per hour over every resource: the monthly total spread over the month's hours.
    public var hourlyTotal: Double { monthlyTotal / hoursPerMonth }

    /// USD per month by purchase option, over every resource.
    public var monthlyByPurchaseOption: [PurchaseOption: Double] {
        var split = Dictionary(uniqueKeysWithValues: PurchaseOption.allCases.map { ($0, 0.0) })
        for r in resources { for (k, v) in r.monthlyByPurchaseOption { split[k, default: 0] += v } }
        return split
    }

    /// Resources with a missing price (partial or unpriced).
    public var resourcesMissingPrices: [ResourceCost] { resources.filter { $0.status.isMissingPrices } }

    /// Resources whose cost depends on usage the stack does not declare.
    public var resourcesNeedingUsage: [ResourceCost] {
        resources.filter { if case .needsUsage = $0.status { return true } else { return false } }
    }

    /// Whether the report prices `address`.
    func contains(_ address: ResourceAddress) -> Bool { indexByAddress[address] != nil }

    /// The resource at `address`, if the report has it.
    public func resource(_ address: ResourceAddress) -> ResourceCost? {
        indexByAddress[address].map { resources[$0] }
    }
}

extension Array {
    /// Sorts the elements by address, moving rather than copying them (they are large), and
    /// returns the position of each address's first element.
    mutating func sortByAddress(_ address: (Element) -> ResourceAddress) -> [ResourceAddress: Int] {
        // Read each address once: the comparisons then touch only the addresses.
        let addresses = indices.map { address(self[$0]) }
        let order = indices.sorted { addresses[$0] < addresses[$1] }
        rearrange(to: order)
        var index: [ResourceAddress: Int] = [:]
        index.reserveCapacity(count)
        for (position, source) in order.enumerated() where index[addresses[source]] == nil {
            index[addresses[source]] = position
        }
        return index
    }
}
