/// How a pool's instances are bought.
///
/// ```swift
/// .purchase(.onDemand)
/// .purchase(.spot(onDemandBase: 2, onDemandPercentageAboveBase: 10))
/// ```
public enum PurchaseOption: Hashable, Sendable {
    /// Every instance on-demand.
    case onDemand
    /// `onDemandBase` instances on-demand, then `onDemandPercentageAboveBase` percent of the rest
    /// on-demand and the remainder on spot, placed by `allocation`.
    case spot(
        onDemandBase: Int = 0, onDemandPercentageAboveBase: Int = 0,
        allocation: SpotAllocation = .priceCapacityOptimized)
}

/// The spot allocation strategy of an Auto Scaling group or EC2 fleet.
public enum SpotAllocation: String, Hashable, Sendable {
    /// Pools with the most spare capacity, then the lowest price (AWS's recommendation; the default).
    case priceCapacityOptimized = "price-capacity-optimized"
    /// Pools with the most spare capacity, whatever the price.
    case capacityOptimized = "capacity-optimized"
    /// The cheapest pools (the most interruptions; not recommended for long jobs).
    case lowestPrice = "lowest-price"

}
