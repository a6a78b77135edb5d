/// The terminal report: resources (or groups) with hourly and monthly cost, their components,
/// the total, the purchase-option split, GPU pool economics, and what was not priced.
public struct CostTableRenderer: Sendable {
    public init() {}

    public func render(_ document: CostDocument) -> String {
        let report = document.report
        var out = "Cost estimate for \(document.title) — prices: \(report.catalog.label), "
        out += "\(Int(report.hoursPerMonth)) hours a month\n\n"
        if let diff = document.diff {
            out += diffSection(diff) + "\n\n"
        }
        out += document.grouping == .resource ? resourceSection(report) : groupSection(document)
        out += "\n\nBy purchase option: " + document.purchaseSplitLine + "\n"
        let pools = document.pools
        if !pools.isEmpty { out += "\n" + poolSection(pools) + "\n" }
        out += notesSection(document)
        if let diff = document.diff {
            out += "\n" + diff.costLine + "\n"
            out += diff.oneOffLines.map { "One-off: " + $0 + "\n" }.joined()
        }
        return out
    }

    private func resourceSection(_ report: CostReport) -> String {
        var t = TextColumns([.left, .left, .right, .right, .left])
        t.add(["RESOURCE", "REGION", "HOURLY", "MONTHLY", "NOTE"])
        for r in report.resources {
            let priced = !r.components.isEmpty
            t.add([
                r.address.description, r.region,
                priced ? Money.usd(r.monthly / report.hoursPerMonth, decimals: 4) : "-",
                priced ? Money.usd(r.monthly) : "-",
                r.status == .priced ? "" : "\(r.status.name): \(r.status.note ?? "")",
            ])
            for c in r.components {
                let name = "  " + c.name + (c.detail.map { " (\($0))" } ?? "")
                let quantity = "\(format(c.monthlyQuantity)) \(c.unit) × \(Money.usd(c.price.usd, decimals: 5))"
                t.add([name, "", "", Money.usd(c.monthly), quantity])
            }
        }
        t.add([
            "TOTAL", "", Money.usd(report.hourlyTotal, decimals: 4), Money.usd(report.monthlyTotal),
            "\(report.resources.count) resources",
        ])
        return t.rendered()
    }

    private func groupSection(_ document: CostDocument) -> String {
        let report = document.report
        var t = TextColumns([.left, .right, .right, .right])
        t.add([document.grouping.description.uppercased(), "RESOURCES", "HOURLY", "MONTHLY"])
        for g in document.grouping.groups(report) {
            t.add([
                g.key, String(g.resourceCount), Money.usd(g.monthly / report.hoursPerMonth, decimals: 4),
                Money.usd(g.monthly),
            ])
        }
        t.add([
            "TOTAL", String(report.resources.count), Money.usd(report.hourlyTotal, decimals: 4),
            Money.usd(report.monthlyTotal),
        ])
        return t.rendered()
    }

    private func diffSection(_ diff: CostDiff) -> String {
        var t = TextColumns([.left, .left, .right, .right, .right])
        t.add(["CHANGE", "ACTION", "BEFORE", "AFTER", "DELTA"])
        let changed = diff.costRelevantChanges
        for c in changed {
            t.add([
                c.address.description, c.action?.rawValue ?? "", Money.usd(c.monthlyBefore), Money.usd(c.monthlyAfter),
                Money.signedUSD(c.monthlyDelta),
            ])
        }
        if changed.isEmpty { t.add(["(no cost changes)", "", "", "", ""]) }
        if diff.changesWithoutCostImpact > 0 {
            let others = diff.changesWithoutCostImpact
            t.add(["(\(others) more change\(others == 1 ? "" : "s") with no cost impact)", "", "", "", ""])
        }
        t.add([
            "TOTAL", "", Money.usd(diff.monthlyBefore), Money.usd(diff.monthlyAfter),
            Money.signedUSD(diff.monthlyDelta),
        ])
        return t.rendered()
    }

    private func poolSection(_ pools: [(ResourceCost, PoolEconomics)]) -> String {
        var t = TextColumns([.left, .right, .right, .right, .right, .right, .right])
        t.add(["GPU POOL", "ON-DEMAND/SPOT", "GPU-HOURS/MONTH", "$/GPU-HOUR", "ALL ON-DEMAND", "ALL SPOT", "MONTHLY"])
        for (r, p) in pools {
            t.add([
                r.address.description, "\(p.onDemandInstances)/\(p.spotInstances)", format(p.gpuHoursPerMonth),
                p.usdPerGPUHour.map { Money.usd($0, decimals: 4) } ?? "-",
                p.allOnDemandMonthly.map { Money.usd($0) } ?? "-",
                p.allSpotMonthly.map { Money.usd($0) } ?? "-", Money.usd(r.monthly),
            ])
        }
        var out = t.rendered()
        for (r, p) in pools where !p.spotPools.isEmpty {
            let chosen = p.spotPools.map {
                "\($0.instances) × \($0.instanceType) in \($0.zone) at \(Money.usd($0.hourly, decimals: 4))/h"
            }
            out += "\n  \(r.address): spot \(chosen.joined(separator: ", ")) — \(p.allocationRule)"
        }
        return out
    }

    private func notesSection(_ document: CostDocument) -> String {
        var out = ""
        let missing = document.report.resourcesMissingPrices
        if !missing.isEmpty {
            out += "\nNot priced (\(missing.count)):\n"
            for r in missing { out += "  \(r.address): \(r.status.name) — \(r.status.note ?? "")\n" }
        }
        let usage = document.report.resourcesNeedingUsage
        if !usage.isEmpty {
            out += "\nNeeds usage hints (\(usage.count)):\n"
            for r in usage { out += "  \(r.address): \(r.status.note ?? "")\n" }
        }
        let assumptions = document.assumptions
        if !assumptions.isEmpty {
            out += "\nAssumptions:\n" + assumptions.map { "  - " + $0 }.joined(separator: "\n") + "\n"
        }
        return out
    }

    private func format(_ value: Double) -> String {
        Money.quantity(value)
    }
}
