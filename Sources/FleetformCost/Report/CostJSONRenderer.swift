import FleetformModel

/// The machine-readable report (format version 1). Amounts are USD: monthly to the cent, hourly
/// to 1/10,000 of a dollar, unit prices as in the catalog. `totals.monthly` is the same amount the
/// table, CSV, Markdown and HTML print.
public struct CostJSONRenderer: Sendable {
    public static let formatVersion = 1

    public init() {}

    public func render(_ document: CostDocument) -> String {
        let report = document.report
        var members: [(String, JSONText)] = [
            ("format_version", .number(Double(Self.formatVersion))),
            ("stack", .string(report.stack)),
            ("environment", .string(report.environment)),
            ("currency", .string("USD")),
            ("hours_per_month", .number(report.hoursPerMonth)),
            ("catalog", catalog(report.catalog)),
            ("totals", totals(report)),
            ("resources", .array(report.resources.map { resource($0, hoursPerMonth: report.hoursPerMonth) })),
        ]
        if document.grouping != .resource {
            members.append(("groups", groups(document)))
        }
        if let diff = document.diff { members.append(("diff", self.diff(diff))) }
        return JSONText.object(members).rendered() + "\n"
    }

    private func catalog(_ c: CostReport.CatalogInfo) -> JSONText {
        .object([
            ("name", .string(c.name)), ("snapshot_date", .string(c.snapshotDate)), ("origin", .string(c.origin)),
            (
                "sources",
                .array(
                    c.sources.map { s in
                        .object([
                            ("id", .string(s.id)), ("title", .string(s.title)), ("url", .string(s.url)),
                            ("date", .string(s.date)),
                        ])
                    })
            ),
        ])
    }

    private func split(_ s: [PurchaseOption: Double]) -> JSONText {
        .object(PurchaseOption.allCases.map { ($0.rawValue, .money(s[$0, default: 0])) })
    }

    private func totals(_ report: CostReport) -> JSONText {
        .object([
            ("monthly", .money(report.monthlyTotal)), ("hourly", .money(report.hourlyTotal, decimals: 4)),
            ("by_purchase_option", split(report.monthlyByPurchaseOption)),
            ("resources", .number(Double(report.resources.count))),
            ("resources_missing_prices", .number(Double(report.resourcesMissingPrices.count))),
        ])
    }

    private func resource(_ r: ResourceCost, hoursPerMonth: Double) -> JSONText {
        var members: [(String, JSONText)] = [
            ("address", .string(r.address.description)), ("type", .string(r.type)), ("region", .string(r.region)),
            ("status", .string(r.status.name)),
        ]
        if let note = r.status.note { members.append(("note", .string(note))) }
        members += [
            ("monthly", .money(r.monthly)), ("hourly", .money(r.monthly / hoursPerMonth, decimals: 4)),
            ("by_purchase_option", split(r.monthlyByPurchaseOption)),
            ("components", .array(r.components.map(component))),
        ]
        if !r.tags.isEmpty {
            members.append(("tags", .object(r.tags.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })))
        }
        if let p = r.pool { members.append(("pool", pool(p))) }
        if !r.assumptions.isEmpty { members.append(("assumptions", .array(r.assumptions.map { .string($0) }))) }
        return .object(members)
    }

    private func component(_ c: CostComponent) -> JSONText {
        var members: [(String, JSONText)] = [("name", .string(c.name))]
        if let detail = c.detail { members.append(("detail", .string(detail))) }
        members += [
            ("purchase_option", .string(c.purchaseOption.rawValue)), ("monthly_quantity", .number(c.monthlyQuantity)),
            ("unit", .string(c.unit)), ("unit_price", .number(c.price.usd)), ("price_unit", .string(c.price.unit)),
            ("price_source", .string(c.price.source.id)), ("price_date", .string(c.price.source.date)),
            ("monthly", .money(c.monthly)),
        ]
        return .object(members)
    }

    private func pool(_ p: PoolEconomics) -> JSONText {
        func optional(_ v: Double?, _ decimals: Int = 2) -> JSONText {
            v.map { .money($0, decimals: decimals) } ?? .null
        }
        return .object([
            ("on_demand_instances", .number(Double(p.onDemandInstances))),
            ("spot_instances", .number(Double(p.spotInstances))),
            ("gpu_hours_per_month", .number(p.gpuHoursPerMonth)),
            ("usd_per_gpu_hour", optional(p.usdPerGPUHour, 4)),
            ("all_on_demand_monthly", optional(p.allOnDemandMonthly)),
            ("all_spot_monthly", optional(p.allSpotMonthly)),
            ("allocation_rule", .string(p.allocationRule)),
            (
                "spot_pools",
                .array(
                    p.spotPools.map { s in
                        .object([
                            ("instance_type", .string(s.instanceType)), ("zone", .string(s.zone)),
                            ("hourly", .number(s.hourly)),
                            ("instances", .number(Double(s.instances))),
                            ("interruption", s.interruption.map { .string($0) } ?? .null),
                        ])
                    })
            ),
        ])
    }

    private func groups(_ document: CostDocument) -> JSONText {
        .object([
            ("by", .string(document.grouping.description)),
            (
                "groups",
                .array(
                    document.grouping.groups(document.report).map { g in
                        .object([
                            ("key", .string(g.key)), ("resources", .number(Double(g.resourceCount))),
                            ("monthly", .money(g.monthly)), ("by_purchase_option", split(g.monthlyByPurchaseOption)),
                        ])
                    })
            ),
        ])
    }

    /// `{"address": …, "node_hours": 8, "instance_type": …, "region": …, "hourly_usd": 1.006,
    /// "one_off_usd": 8.05}`, the prices null when the catalog has none.
    private func oneOff(_ cost: OneOffCost) -> JSONText {
        .object([
            ("address", .string(cost.address.description)), ("node_hours", .number(cost.nodeHours)),
            ("instance_type", .string(cost.instanceType)), ("region", .string(cost.region)),
            ("hourly_usd", cost.hourly.map { .money($0, decimals: 4) } ?? .null),
            ("one_off_usd", cost.usd.map { .money($0) } ?? .null),
        ])
    }

    private func diff(_ d: CostDiff) -> JSONText {
        let percent = Money.percent(d.monthlyDelta, of: d.monthlyBefore)
        return .object([
            ("monthly_before", .money(d.monthlyBefore)), ("monthly_after", .money(d.monthlyAfter)),
            ("monthly_delta", .money(d.monthlyDelta)),
            ("percent", percent.map { .string($0) } ?? .null),
            ("cost_line", .string(d.costLine)),
            ("one_off", .array(d.oneOff.map(oneOff))),
            (
                "resources",
                .array(
                    d.changes.map { c in
                        .object([
                            ("address", .string(c.address.description)),
                            ("action", c.action.map { .string($0.rawValue) } ?? .null),
                            ("monthly_before", .money(c.monthlyBefore)), ("monthly_after", .money(c.monthlyAfter)),
                            ("monthly_delta", .money(c.monthlyDelta)),
                        ])
                    })
            ),
        ])
    }
}
