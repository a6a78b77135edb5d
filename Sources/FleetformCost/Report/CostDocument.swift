/// What a report renders: a cost report, optionally the plan diff it came from, and a grouping.
///
/// ```swift
/// let text = CostReportFormat.markdown.render(CostDocument(diff: diff))
/// ```
public struct CostDocument: Sendable {
    /// The costs described: the only report, or the after side of a diff.
    public var report: CostReport
    /// Before → after, when rendering a plan (`fleetform cost --diff`).
    public var diff: CostDiff?
    public var grouping: CostGrouping

    public init(report: CostReport, grouping: CostGrouping = .resource) {
        self.report = report
        self.diff = nil
        self.grouping = grouping
    }

    public init(diff: CostDiff, grouping: CostGrouping = .resource) {
        self.report = diff.after
        self.diff = diff
        self.grouping = grouping
    }

    /// `training/staging`.
    var title: String { "\(report.stack)/\(report.environment)" }

    /// Pools with GPU economics, by address.
    var pools: [(ResourceCost, PoolEconomics)] { report.resources.compactMap { r in r.pool.map { (r, $0) } } }

    /// Every assumption, prefixed by its resource's address.
    var assumptions: [String] {
        report.resources.flatMap { r in r.assumptions.map { "\(r.address): \($0)" } }
    }

    /// The monthly split line: `on-demand $1.00 (50.0%) · spot … · reserved …`.
    var purchaseSplitLine: String {
        let split = report.monthlyByPurchaseOption
        let total = report.monthlyTotal
        return PurchaseOption.allCases.map { option in
            let amount = split[option, default: 0]
            let share = total > 0 ? Money.plain(amount / total * 100, decimals: 1) + "%" : "0.0%"
            return "\(option.rawValue) \(Money.usd(amount)) (\(share))"
        }.joined(separator: " · ")
    }
}

/// The formats of `fleetform cost --format`.
public enum CostReportFormat: String, Sendable, CaseIterable {
    case table, json, csv, markdown, html

    /// Renders `document` in this format.
    public func render(_ document: CostDocument) -> String {
        switch self {
        case .table: return CostTableRenderer().render(document)
        case .json: return CostJSONRenderer().render(document)
        case .csv: return CostCSVRenderer().render(document)
        case .markdown: return CostMarkdownRenderer().render(document)
        case .html: return CostHTMLRenderer().render(document)
        }
    }
}
