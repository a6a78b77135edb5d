import FleetformCost
import FleetformModel

extension CapacityBacktest.Result {
    /// Plan cost against static peak on-demand (1 − plan/static), nil when static costs nothing.
    public var savingVersusStaticPeak: Double? {
        guard let plan = score("plan"), let peak = score("static_peak_on_demand"), peak.cost > 0 else { return nil }
        return 1 - plan.cost / peak.cost
    }

    /// Plan cost over the hindsight oracle's (plan/oracle − 1), nil when the oracle costs nothing.
    public var excessOverOracle: Double? {
        guard let plan = score("plan"), let oracle = score("hindsight_oracle"), oracle.cost > 0 else { return nil }
        return plan.cost / oracle.cost - 1
    }
}

extension CapacityBacktest {
    /// Results as aligned text: one block per series, one row per strategy.
    public static func table(_ results: [Result]) -> String {
        var table = TextColumns([.left, .left, .right, .right, .right, .right, .right])
        table.add(["SERIES", "STRATEGY", "COST", "COVERED H (EXPECTED)", "AFTER WORST LOSS", "UNMET GPU-H", "VS PLAN"])
        for result in results {
            let planCost = result.score("plan")?.cost ?? 0
            for s in result.scores {
                table.add([
                    result.series, s.strategy, Money.usd(s.cost),
                    Money.quantity(s.coveredHours, decimals: 2) + "/\(s.hours)",
                    "\(s.coveredAfterWorstLoss)/\(s.hours)",
                    Money.quantity(s.unmetGPUHours, decimals: 0),
                    s.strategy == "plan" || s.cost == 0
                        ? "" : Money.quantity(100 * (planCost / s.cost - 1), decimals: 1) + "%",
                ])
            }
        }
        let out = table.rendered() + "\n\n"
        var summary = TextColumns([.left, .left, .right, .right, .right, .right])
        summary.add(["SERIES", "MODEL", "PLAN COVERED", "WORST-CASE COVERED", "SAVING VS STATIC PEAK", "OVER ORACLE"])
        for result in results {
            guard let plan = result.score("plan") else { continue }
            summary.add([
                result.series, result.plan.demand.model,
                Money.quantity(100 * plan.coveredHours / Double(max(1, plan.hours)), decimals: 2) + "%",
                Money.quantity(100 * Double(plan.coveredAfterWorstLoss) / Double(max(1, plan.hours)), decimals: 1)
                    + "%",
                result.savingVersusStaticPeak.map { Money.quantity(100 * $0, decimals: 1) + "%" } ?? "-",
                result.excessOverOracle.map { Money.quantity(100 * $0, decimals: 1) + "%" } ?? "-",
            ])
        }
        return out + summary.rendered() + "\n"
    }

    /// Results as JSON: `{"series":[{"id","model","scores":[{"strategy","cost","covered_hours","hours","unmet_gpu_hours"}]}]}`.
    public static func json(_ results: [Result]) -> String {
        let items = results.map { result -> JSONText in
            .object([
                ("id", .string(result.series)), ("model", .string(result.plan.demand.model)),
                ("reserved_instances", .number(Double(result.plan.solution.reservedCount))),
                (
                    "scores",
                    .array(
                        result.scores.map { s in
                            .object([
                                ("strategy", .string(s.strategy)), ("cost", .money(s.cost)),
                                ("covered_hours_expected", .money(s.coveredHours, decimals: 4)),
                                ("covered_hours_after_worst_pool_loss", .number(Double(s.coveredAfterWorstLoss))),
                                ("hours", .number(Double(s.hours))),
                                ("unmet_gpu_hours", .money(s.unmetGPUHours)),
                            ])
                        })
                ),
                ("saving_vs_static_peak", result.savingVersusStaticPeak.map { .money($0, decimals: 4) } ?? .null),
                ("excess_over_oracle", result.excessOverOracle.map { .money($0, decimals: 4) } ?? .null),
            ])
        }
        return JSONText.object([("series", .array(items))]).rendered() + "\n"
    }
}
