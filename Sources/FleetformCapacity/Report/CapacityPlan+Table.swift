import FleetformCost

extension CapacityPlan {
    /// One day of the plan: the shape of demand and capacity, and its cost.
    struct DaySummary {
        var day: Int
        var hours: Int
        var requiredMin: Int
        var requiredMax: Int
        var onDemandMax: Int
        var spotMin: Int
        var spotMax: Int
        var cost: Double
    }

    var days: [DaySummary] {
        stride(from: 0, to: solution.hours.count, by: 24).map { start in
            let range = start..<min(start + 24, solution.hours.count)
            var day = DaySummary(
                day: start / 24 + 1, hours: range.count, requiredMin: .max, requiredMax: 0, onDemandMax: 0,
                spotMin: .max, spotMax: 0, cost: 0)
            for t in range {
                let hour = solution.hours[t]
                let spot = hour.spot.reduce(0, +)
                day.requiredMin = min(day.requiredMin, problem.demand[t])
                day.requiredMax = max(day.requiredMax, problem.demand[t])
                day.onDemandMax = max(day.onDemandMax, hour.onDemand.reduce(0, +))
                day.spotMin = min(day.spotMin, spot)
                day.spotMax = max(day.spotMax, spot)
                day.cost += problem.cost(of: hour) + reservedHourly
            }
            return day
        }
    }

    /// The plan for people: assumptions, the daily shape with cost per day, and the saving
    /// against each baseline.
    public func table() -> String {
        var out = "Capacity plan: \(market.accelerator) in \(market.region), \(problem.demand.count) h\n\n"
        var assumptionsTable = TextColumns([.left, .left])
        for item in assumptionItems { assumptionsTable.add(["  " + item.key, item.text]) }
        out += "Assumptions\n" + assumptionsTable.rendered() + "\n\n"
        var table = TextColumns([.right, .right, .right, .right, .right, .right])
        table.add(["DAY", "REQUIRED GPUS", "RESERVED", "ON-DEMAND MAX", "SPOT", "COST/DAY"])
        for day in days {
            table.add(dayCells(day))
        }
        out += table.rendered() + "\n\n"
        out += "Plan cost \(Money.usd(expectedCost)) for \(gpuHours) GPU-hours\n"
        var baselineTable = TextColumns([.left, .right, .right])
        baselineTable.add(["BASELINE", "COST", "SAVING"])
        for baseline in baselineList { baselineTable.add(baselineCells(baseline.label, baseline.cost)) }
        return out + baselineTable.rendered() + "\n"
    }

    /// The same for a pull-request comment.
    public func markdown() -> String {
        var out = "### Capacity plan: \(market.accelerator) in \(market.region), \(problem.demand.count) h\n\n"
        out += "| Day | Required GPUs | Reserved | On-demand max | Spot | Cost/day |\n|---:|---:|---:|---:|---:|---:|\n"
        for day in days { out += "| " + dayCells(day).joined(separator: " | ") + " |\n" }
        out += "\n**Plan cost \(Money.usd(expectedCost))** for \(gpuHours) GPU-hours\n\n"
        out += "| Baseline | Cost | Saving |\n|---|---:|---:|\n"
        for baseline in baselineList {
            out += "| " + baselineCells(baseline.label, baseline.cost).joined(separator: " | ") + " |\n"
        }
        out += "\n<details><summary>Assumptions</summary>\n\n"
        for item in assumptionItems { out += "- `\(item.key)`: \(item.text)\n" }
        return out + "\n</details>\n"
    }

    func dayCells(_ day: DaySummary) -> [String] {
        [
            "\(day.day)", "\(day.requiredMin)–\(day.requiredMax)", "\(solution.reservedCount)", "\(day.onDemandMax)",
            "\(day.spotMin)–\(day.spotMax)", Money.usd(day.cost),
        ]
    }

    func baselineCells(_ label: String, _ cost: Double) -> [String] {
        let saving = cost > 0 ? Money.quantity(100 * (1 - expectedCost / cost), decimals: 1) + "%" : "-"
        return [label, Money.usd(cost), saving]
    }
}
