/// The optimal purchase plan for a ``CapacityProblem``: the constant reserved count and, per
/// hour, the on-demand and spot counts, in the order of the problem's offers and pools.
public struct CapacitySolution: Sendable, Equatable {
    /// The purchase of one hour.
    public struct Hour: Sendable, Equatable {
        /// Instances per on-demand offer (same order as ``CapacityProblem/onDemand``).
        public var onDemand: [Int]
        /// Instances per spot pool (same order as ``CapacityProblem/spot``).
        public var spot: [Int]
    }

    /// Reserved instances held over every hour.
    public var reservedCount: Int
    /// One entry per demand hour.
    public var hours: [Hour]
    /// Total cost in USD over the horizon.
    public var cost: Double
}

extension CapacityProblem {
    /// The cost of `solution` under this problem's prices (USD over the horizon).
    public func cost(of solution: CapacitySolution) -> Double {
        let reservedCost = Double(solution.reservedCount) * (reserved?.hourlyPrice ?? 0) * Double(solution.hours.count)
        return solution.hours.reduce(reservedCost) { total, hour in total + cost(of: hour) }
    }

    /// The cost of one hour's on-demand and spot purchase (reserved excluded).
    public func cost(of hour: CapacitySolution.Hour) -> Double {
        var total = 0.0
        for (offer, count) in zip(onDemand, hour.onDemand) { total += offer.hourlyPrice * Double(count) }
        for (pool, count) in zip(spot, hour.spot) { total += pool.hourlyPrice * Double(count) }
        return total
    }

    /// GPUs of an hour: all of them, the spot ones, and those left after the largest spot pool is lost.
    public func gpus(of hour: CapacitySolution.Hour, reservedCount: Int) -> (total: Int, spot: Int, afterPoolLoss: Int)
    {
        var fixed = reservedCount * (reserved?.gpusPerInstance ?? 0)
        for (offer, count) in zip(onDemand, hour.onDemand) { fixed += offer.gpusPerInstance * count }
        var spotGPUs = 0, largest = 0
        for (pool, count) in zip(spot, hour.spot) {
            spotGPUs += pool.gpusPerInstance * count
            largest = max(largest, pool.gpusPerInstance * count)
        }
        return (fixed + spotGPUs, spotGPUs, fixed + spotGPUs - largest)
    }

    /// Whether `solution` meets every constraint (coverage, N-1, spot share) of this problem.
    public func isFeasible(_ solution: CapacitySolution) -> Bool {
        guard solution.hours.count == demand.count, solution.reservedCount >= 0 else { return false }
        for (hour, need) in zip(solution.hours, demand) {
            guard hour.onDemand.count == onDemand.count, hour.spot.count == spot.count,
                hour.onDemand.allSatisfy({ $0 >= 0 }), hour.spot.allSatisfy({ $0 >= 0 })
            else { return false }
            let g = gpus(of: hour, reservedCount: solution.reservedCount)
            if (survivesPoolLoss ? g.afterPoolLoss : g.total) < need { return false }
            if let share = maxSpotShare, Double(g.spot) > share * Double(g.total) + 1e-9 { return false }
        }
        return true
    }
}
