/// What the usual practices would cost for the same required GPUs, all on the cheapest type
/// per GPU: a static on-demand fleet at the peak, on-demand following the forecast hour by
/// hour, and reserved capacity at the peak.
public struct CapacityBaselines: Sendable, Equatable {
    /// Static on-demand fleet sized for the peak hour, held every hour.
    public var staticPeakOnDemand: Double
    /// On-demand instances following the required GPUs hour by hour.
    public var onDemandFollowing: Double
    /// Reserved instances (at the discount) sized for the peak, held every hour.
    public var reservedPeak: Double

    /// The baselines for `requiredGPUs`.
    public init(planner: CapacityPlanner, requiredGPUs: [Int]) {
        let choice = planner.market.cheapestPerGPU
        let g = choice.gpusPerInstance
        let peakInstances = Double(((requiredGPUs.max() ?? 0) + g - 1) / g)
        let hours = Double(requiredGPUs.count)
        staticPeakOnDemand = peakInstances * choice.onDemandHourly * hours
        onDemandFollowing = requiredGPUs.reduce(0) { $0 + Double(($1 + g - 1) / g) * choice.onDemandHourly }
        reservedPeak = peakInstances * planner.reservedOffer.hourlyPrice * hours
    }
}
