/// The allocation strategies EC2 Auto Scaling and EC2 Fleet accept for spot capacity.
public enum SpotAllocationStrategy: String, Hashable, Sendable, CaseIterable {
    case lowestPrice = "lowest-price"
    case priceCapacityOptimized = "price-capacity-optimized"
    case capacityOptimized = "capacity-optimized"
    case capacityOptimizedPrioritized = "capacity-optimized-prioritized"
    case diversified

    /// Parses the API spelling, also the camel-case one EC2 Fleet documents (`lowestPrice`).
    public init?(apiValue: String) {
        if let known = Self(rawValue: apiValue) {
            self = known
            return
        }
        var normalized = ""
        for c in apiValue {
            if c.isUppercase, !normalized.isEmpty { normalized.append("-") }
            normalized += c.lowercased()
        }
        self.init(rawValue: normalized)
    }
}

/// A spot capacity pool: one instance type in one zone, with its price per weighted unit.
struct SpotPoolCandidate: Hashable, Sendable {
    var instanceType: String
    var zone: String
    /// Capacity units one instance counts for (`weighted_capacity`, 1 when absent).
    var weight: Double
    var hourly: Double
    /// The spot advisor's interruption bucket (0 best … 4 worst); nil when the advisor has no entry.
    var interruptionBucket: Int?
    var interruptionLabel: String?

    var hourlyPerUnit: Double { hourly / weight }
}

/// How Fleetform predicts which spot pools an allocation strategy fills. AWS decides at launch
/// time from live capacity data the catalog does not have, so the estimate uses a documented rule:
///
/// - `lowest-price`: the `poolLimit` cheapest pools by price per weighted unit (ASG
///   `spot_instance_pools`, default 2; EC2 Fleet `instance_pools_to_use_count`, default 1).
/// - `price-capacity-optimized`: capacity first, then price. The spot advisor's interruption
///   bucket stands in for capacity: only pools of the types in the lowest (best) bucket among the
///   candidates are used, cheapest per unit first, one instance per pool in turn.
/// - `capacity-optimized` and `capacity-optimized-prioritized`: the pools of the best bucket,
///   price ignored: instances go round-robin over all of them (in zone, then type order), so the
///   estimate is their average rather than their cheapest.
/// - `diversified`: round-robin over every candidate pool, cheapest first.
///
/// Instances are placed one at a time, round-robin over the chosen pools, until the spot units are
/// covered; each instance counts its pool's weight.
struct SpotAllocation: Sendable {
    var strategy: SpotAllocationStrategy
    /// For `lowest-price`: how many of the cheapest pools to spread over.
    var poolLimit: Int

    /// The pools the strategy fills, in the order instances go to them.
    func choosePools(from candidates: [SpotPoolCandidate]) -> [SpotPoolCandidate] {
        let byPrice = candidates.sorted {
            ($0.hourlyPerUnit, $0.instanceType, $0.zone) < ($1.hourlyPerUnit, $1.instanceType, $1.zone)
        }
        switch strategy {
        case .lowestPrice:
            return Array(byPrice.prefix(max(1, poolLimit)))
        case .priceCapacityOptimized:
            return bestBucket(byPrice)
        case .capacityOptimized, .capacityOptimizedPrioritized:
            return bestBucket(byPrice).sorted { ($0.zone, $0.instanceType) < ($1.zone, $1.instanceType) }
        case .diversified:
            return byPrice
        }
    }

    /// Places instances on `pools` round-robin until `units` are covered; counts per pool, in pool order.
    static func place(units: Double, on pools: [SpotPoolCandidate]) -> [(pool: SpotPoolCandidate, instances: Int)] {
        guard units > 0, !pools.isEmpty else { return [] }
        var counts = [Int](repeating: 0, count: pools.count)
        var remaining = units
        var i = 0
        while remaining > 1e-9 {
            counts[i % pools.count] += 1
            remaining -= pools[i % pools.count].weight
            i += 1
        }
        return zip(pools, counts).filter { $0.1 > 0 }.map { ($0.0, $0.1) }
    }

    /// A description of the rule for reports.
    var ruleDescription: String {
        switch strategy {
        case .lowestPrice:
            return "lowest-price: the \(poolLimit) cheapest (type, zone) pools by price per unit, instances round-robin"
        case .priceCapacityOptimized:
            return "price-capacity-optimized: pools of the types in the best spot-advisor interruption bucket, "
                + "cheapest per unit first, instances round-robin"
        case .capacityOptimized, .capacityOptimizedPrioritized:
            return "\(strategy.rawValue): every pool of the best interruption bucket, price ignored (their average)"
        case .diversified:
            return "diversified: every candidate pool, instances round-robin"
        }
    }

    private func bestBucket(_ pools: [SpotPoolCandidate]) -> [SpotPoolCandidate] {
        let best = pools.map { $0.interruptionBucket ?? Int.max }.min()
        return pools.filter { ($0.interruptionBucket ?? Int.max) == best }
    }
}
