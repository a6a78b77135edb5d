/// A capacity recommendation: the forecast it was made for, the optimal purchase per hour,
/// and what the usual practices would cost.
public struct CapacityPlan: Sendable, Equatable {
    /// The market planned in.
    public var market: AcceleratorMarket
    /// The parameters.
    public var assumptions: CapacityAssumptions
    /// How the miss budget was split.
    public var risk: RiskBudget
    /// The forecast.
    public var demand: DemandForecast
    /// The deterministic problem that was solved.
    public var problem: CapacityProblem
    /// Its optimal solution.
    public var solution: CapacitySolution
    /// The baselines, priced on the same required GPUs.
    public var baselines: CapacityBaselines
    /// The absolute hour index of the first planned hour (hours since the Unix epoch when the
    /// demand input had timestamps), so the daily shape can be placed on the clock.
    public var firstHour: Int?

    /// The plan's cost over the horizon (USD).
    public var expectedCost: Double { solution.cost }

    /// Instance-hours bought, times GPUs per instance.
    public var gpuHours: Int {
        solution.hours.reduce(0) { $0 + problem.gpus(of: $1, reservedCount: solution.reservedCount).total }
    }

    /// One line of the plan: an instance type in a zone under one purchase option.
    public struct Line: Sendable, Equatable {
        /// `reserved`, `on_demand` or `spot`.
        public var purchase: String
        /// EC2 instance type.
        public var instanceType: String
        /// AZ ID; reserved and on-demand instances are spread evenly over the type's zones.
        public var zone: String
        /// Instances.
        public var count: Int
        /// Accelerators per instance.
        public var gpusPerInstance: Int
        /// USD per instance-hour.
        public var pricePerHour: Double
    }

    /// The lines of hour `t`: reserved and on-demand spread over the zones (as an Auto Scaling
    /// group balances them), spot per pool.
    public func lines(hour t: Int) -> [Line] {
        var lines: [Line] = []
        func spread(_ count: Int, _ offer: CapacityProblem.Offer, _ purchase: String) {
            guard count > 0 else { return }
            let zones =
                market.choices.first { $0.instanceType == offer.instanceType }?.zones.nilIfEmpty ?? ["any"]
            for (i, zone) in zones.enumerated() {
                let share = count / zones.count + (i < count % zones.count ? 1 : 0)
                if share > 0 {
                    lines.append(
                        Line(
                            purchase: purchase, instanceType: offer.instanceType, zone: zone, count: share,
                            gpusPerInstance: offer.gpusPerInstance, pricePerHour: offer.hourlyPrice))
                }
            }
        }
        if let reserved = problem.reserved { spread(solution.reservedCount, reserved, "reserved") }
        let hour = solution.hours[t]
        for (offer, count) in zip(problem.onDemand, hour.onDemand) { spread(count, offer, "on_demand") }
        for (pool, count) in zip(problem.spot, hour.spot) where count > 0 {
            lines.append(
                Line(
                    purchase: "spot", instanceType: pool.instanceType, zone: pool.zone, count: count,
                    gpusPerInstance: pool.gpusPerInstance, pricePerHour: pool.hourlyPrice))
        }
        return lines
    }
}

extension Array {
    var nilIfEmpty: Self? { isEmpty ? nil : self }
}
