/// Turns a demand forecast, a market and the assumptions into a ``CapacityPlan``.
///
/// ```swift
/// let market = try AcceleratorMarket(accelerator: "H100", region: "us-east-1", instances: .bundled, prices: prices)
/// let planner = CapacityPlanner(market: market, assumptions: CapacityAssumptions())
/// let demand = DemandForecast(history: series.values, horizon: 168,
///                             quantileLevel: planner.risk.demandQuantile, forecaster: Forecaster())
/// let plan = try planner.plan(demand)
/// ```
public struct CapacityPlanner: Sendable {
    /// Where the capacity can come from.
    public var market: AcceleratorMarket
    /// The parameters.
    public var assumptions: CapacityAssumptions
    /// Every spot pool of the market (a type in a zone with a spot quote), before the risk cut.
    public let candidatePools: [CapacityProblem.SpotPool]
    /// How the SLO's miss probability is split.
    public let risk: RiskBudget

    /// A planner; the risk budget is computed here from the market's interruption buckets.
    public init(market: AcceleratorMarket, assumptions: CapacityAssumptions) {
        self.market = market
        self.assumptions = assumptions
        var pools: [CapacityProblem.SpotPool] = []
        var monthly: [Double] = []
        for choice in market.choices {
            for zone in choice.zones {
                guard let price = choice.spotHourly[zone] else { continue }
                pools.append(
                    CapacityProblem.SpotPool(
                        instanceType: choice.instanceType, zone: zone, gpusPerInstance: choice.gpusPerInstance,
                        hourlyPrice: price))
                // An unlisted type is taken as the riskiest bucket.
                monthly.append(
                    assumptions.monthlyInterruption(bucketMaxPercent: choice.interruptionBucketMaxPercent ?? 100))
            }
        }
        candidatePools = pools
        risk = RiskBudget(
            serviceLevel: assumptions.serviceLevel, monthlyInterruption: monthly,
            hoursPerMonth: assumptions.hoursPerMonth)
    }

    /// The reserved offer: the cheapest type per GPU at its on-demand price less the discount.
    public var reservedOffer: CapacityProblem.Offer {
        let choice = market.cheapestPerGPU
        return CapacityProblem.Offer(
            instanceType: choice.instanceType, gpusPerInstance: choice.gpusPerInstance,
            hourlyPrice: choice.onDemandHourly * (1 - assumptions.reservedDiscount))
    }

    /// The deterministic problem for whole GPUs per hour, under this planner's constraints.
    public func problem(demand: [Int]) -> CapacityProblem {
        CapacityProblem(
            demand: demand,
            onDemand: market.choices.map {
                CapacityProblem.Offer(
                    instanceType: $0.instanceType, gpusPerInstance: $0.gpusPerInstance, hourlyPrice: $0.onDemandHourly)
            },
            reserved: reservedOffer,
            spot: risk.keptPools.map { candidatePools[$0] },
            maxSpotShare: assumptions.maxSpotShare)
    }

    /// The optimal plan for `demand` (its quantile, rounded up to whole GPUs).
    public func plan(_ demand: DemandForecast) throws(CapacityError) -> CapacityPlan {
        try assumptions.validate()
        let problem = problem(demand: demand.requiredGPUs)
        let solution = try CapacitySolver().solve(problem)
        return CapacityPlan(
            market: market, assumptions: assumptions, risk: risk, demand: demand, problem: problem, solution: solution,
            baselines: CapacityBaselines(planner: self, requiredGPUs: problem.demand))
    }
}
