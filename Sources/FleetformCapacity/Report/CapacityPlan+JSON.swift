import FleetformCost
import FleetformModel
import Foundation

extension CapacityPlan {
    /// The plan as the `fleetform recommend --format json` document (also what `--write` stores):
    /// `{"format_version","region","accelerator","assumptions","hours":[{"t","forecast","capacity"}],"summary"}`.
    public func jsonDocument() -> String {
        recommendation.json()
    }

    /// The plan as the recommendation file a pool reads back.
    public var recommendation: CapacityRecommendation {
        let hours = solution.hours.indices.map { t -> CapacityRecommendation.Hour in
            let g = problem.gpus(of: solution.hours[t], reservedCount: solution.reservedCount)
            return CapacityRecommendation.Hour(
                t: t,
                details: [
                    (
                        "forecast",
                        .object([
                            ("mean", .money(demand.mean[t], decimals: 2)),
                            ("quantile", .money(demand.quantile[t], decimals: 2)),
                            ("required_gpus", .number(Double(problem.demand[t]))),
                        ])
                    ),
                    ("gpus", .number(Double(g.total))), ("gpus_after_pool_loss", .number(Double(g.afterPoolLoss))),
                    ("cost", .money(problem.cost(of: solution.hours[t]) + reservedHourly)),
                ],
                capacity: lines(hour: t).map { line in
                    CapacityRecommendation.Line(
                        instanceType: line.instanceType, zone: line.zone, purchase: line.purchase, count: line.count,
                        gpusPerInstance: line.gpusPerInstance, pricePerHour: Money.plain(line.pricePerHour, decimals: 4)
                    )
                })
        }
        let baselineItems: [(String, JSONText)] = baselineList.map { ($0.key, .money($0.cost)) }
        return CapacityRecommendation(
            region: market.region, accelerator: market.accelerator, firstHour: firstHour,
            assumptions: assumptionItems.map { ($0.key, $0.json) }, hours: hours,
            summary: [
                ("expected_cost", .money(expectedCost)), ("gpu_hours", .number(Double(gpuHours))),
                ("reserved_instances", .number(Double(solution.reservedCount))), ("baselines", .object(baselineItems)),
                (
                    "saving_vs_static_peak_on_demand",
                    .money(1 - expectedCost / baselines.staticPeakOnDemand, decimals: 4)
                ),
            ])
    }

    /// Reserved capacity's cost per hour.
    var reservedHourly: Double { Double(solution.reservedCount) * (problem.reserved?.hourlyPrice ?? 0) }

    /// The baselines with their JSON keys and labels.
    var baselineList: [(key: String, label: String, cost: Double)] {
        [
            ("static_peak_on_demand", "static peak on-demand", baselines.staticPeakOnDemand),
            ("on_demand_following_forecast", "on-demand following the forecast", baselines.onDemandFollowing),
            ("reserved_at_peak", "reserved at the peak", baselines.reservedPeak),
        ]
    }

    /// Every assumption, printed with every plan.
    var assumptionItems: [(key: String, text: String, json: JSONText)] {
        let pools = risk.keptPools.count
        let dropped = risk.droppedPools.count
        return [
            ("slo", String(assumptions.serviceLevel), .number(assumptions.serviceLevel)),
            (
                "reserved_discount", String(assumptions.reservedDiscount),
                .number(assumptions.reservedDiscount)
            ),
            (
                "max_spot_share", assumptions.maxSpotShare.map { String($0) } ?? "none",
                assumptions.maxSpotShare.map { .number($0) } ?? .null
            ),
            (
                "reserved_instance_type", problem.reserved?.instanceType ?? "none",
                problem.reserved.map { .string($0.instanceType) } ?? .null
            ),
            (
                "open_interruption_bucket_percent_per_month",
                Money.quantity(assumptions.openBucketInterruptionPercent, decimals: 0),
                .number(assumptions.openBucketInterruptionPercent)
            ),
            ("spot_pools", "\(pools) used, \(dropped) dropped as too risky", .number(Double(pools))),
            (
                "survives_loss_of_largest_spot_pool", "yes (N-1 per hour)", .bool(problem.survivesPoolLoss)
            ),
            (
                "multiple_reclaim_probability_per_hour", String(format: "%.2e", risk.multipleReclaim),
                .number(risk.multipleReclaim)
            ),
            ("demand_quantile", String(format: "%.6f", risk.demandQuantile), .number(risk.demandQuantile)),
            ("forecast_model", demand.model, .string(demand.model)),
            ("horizon_hours", String(problem.demand.count), .number(Double(problem.demand.count))),
        ]
    }
}
