/// CSV (RFC 4180): a header, then one row per resource; with `--diff`, before/after/delta columns;
/// with a grouping other than `resource`, one row per group. Amounts are plain USD (`1234.56`).
public struct CostCSVRenderer: Sendable {
    public init() {}

    public func render(_ document: CostDocument) -> String {
        var lines: [[String]] = []
        let report = document.report
        if document.grouping != .resource {
            lines.append(
                ["group", "resources"] + PurchaseOption.allCases.map { "\($0.rawValue)_monthly" } + [
                    "hourly", "monthly",
                ])
            for g in document.grouping.groups(report) {
                lines.append(
                    [g.key, String(g.resourceCount)]
                        + PurchaseOption.allCases.map { Money.plain(g.monthlyByPurchaseOption[$0, default: 0]) }
                        + [Money.plain(g.monthly / report.hoursPerMonth, decimals: 4), Money.plain(g.monthly)])
            }
        } else if let diff = document.diff {
            lines.append([
                "address", "type", "region", "action", "status", "monthly_before", "monthly_after", "monthly_delta",
                "note",
            ])
            for c in diff.changes {
                let side = c.after ?? c.before
                lines.append([
                    c.address.description, c.type, side?.region ?? "", c.action?.rawValue ?? "",
                    side?.status.name ?? "",
                    Money.plain(c.monthlyBefore), Money.plain(c.monthlyAfter), Money.plain(c.monthlyDelta),
                    side?.status.note ?? "",
                ])
            }
        } else {
            lines.append(
                ["address", "type", "region", "status"] + PurchaseOption.allCases.map { "\($0.rawValue)_monthly" }
                    + ["hourly", "monthly", "gpu_hours_per_month", "usd_per_gpu_hour", "note"])
            for r in report.resources {
                let split = r.monthlyByPurchaseOption
                lines.append(
                    [r.address.description, r.type, r.region, r.status.name]
                        + PurchaseOption.allCases.map { Money.plain(split[$0, default: 0]) }
                        + [
                            Money.plain(r.monthly / report.hoursPerMonth, decimals: 4), Money.plain(r.monthly),
                            r.pool.map { Money.plain($0.gpuHoursPerMonth, decimals: 0) } ?? "",
                            r.pool?.usdPerGPUHour.map { Money.plain($0, decimals: 4) } ?? "", r.status.note ?? "",
                        ])
            }
        }
        return lines.map { $0.map(Self.field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// A field quoted when it holds a comma, quote or line break (quotes doubled).
    static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacing("\"", with: "\"\"") + "\""
    }
}
