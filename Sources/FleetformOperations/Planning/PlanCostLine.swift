import FleetformCost
import FleetformModel
import Foundation

/// The cost of a plan as `plan` shows it: a line after the summary, and a `cost` object per
/// resource change in the JSON plan (Terraform consumers ignore the extra key).
public enum PlanCostLine {
    /// What `plan` changes in the monthly bill.
    public static func diff(
        _ plan: FleetformModel.Plan, priorState: State?, catalog: PriceCatalog, prior: CostReport? = nil
    ) -> CostDiff {
        CostEstimator(catalog: catalog).estimate(plan, priorState: priorState, prior: prior)
    }

    /// Starts loading the price catalog, so it is ready by the time the plan is.
    public static func loadCatalog() -> Task<PriceCatalog, any Error> {
        Task.detached { try CatalogLoader.load(nil) }
    }

    /// `Monthly cost: $41,230 → $52,980 (+$11,750, +28.5%)`, the catalog used, and any resource
    /// whose price is unknown.
    public static func text(_ cost: CostDiff) -> String {
        var lines = ["", cost.costLine + " (prices: \(cost.after.catalog.label))"]
        lines += cost.oneOffLines.map { "One-off: " + $0 }
        lines += cost.costWarnings.map { "  " + $0 }
        return lines.joined(separator: "\n") + "\n"
    }
}
