import Foundation

/// How the SLO's miss probability is split between demand and spot reclaims.
///
/// An hour misses when demand exceeds the planned demand quantile, or when more spot pools are
/// reclaimed than the plan survives. The plan survives any one pool's loss (N-1), so the
/// supply risk is the probability that two or more pools are reclaimed in the same hour, with
/// reclaims independent across pools and each reclaim taking the whole pool. A pool's hourly
/// reclaim probability comes from the advisor's monthly frequency `f`: `1 − (1 − f)^(1/730)`.
/// If the pools' double-reclaim probability would take more than half of the miss budget
/// `1 − SLO`, the riskiest pools are dropped until it does not. The demand quantile is then
/// `1 − (1 − SLO − P(≥ 2 reclaims))`, so both risks together stay within the SLO.
public struct RiskBudget: Sendable, Equatable {
    /// Hourly reclaim probability per kept pool, in the order of ``keptPools``.
    public var hourlyReclaim: [Double]
    /// Indices (into the candidate pools) of the pools spot may use.
    public var keptPools: [Int]
    /// Indices of the pools dropped as too risky.
    public var droppedPools: [Int]
    /// Probability that two or more kept pools are reclaimed in one hour.
    public var multipleReclaim: Double
    /// The demand quantile the plan covers, in (0, 1).
    public var demandQuantile: Double

    /// Splits the budget of `serviceLevel` given each candidate pool's monthly interruption frequency.
    public init(serviceLevel: Double, monthlyInterruption: [Double], hoursPerMonth: Double = 730) {
        let hourly = monthlyInterruption.map { 1 - pow(1 - min(max($0, 0), 0.999_999), 1 / hoursPerMonth) }
        let budget = 1 - serviceLevel
        var kept = Array(hourly.indices)
        var dropped: [Int] = []
        while Self.atLeastTwo(kept.map { hourly[$0] }) > budget / 2 {
            // The loop runs only while two kept pools can fail together, so kept is not empty.
            guard let riskiest = kept.max(by: { (hourly[$0], -$0) < (hourly[$1], -$1) }) else { break }
            kept.removeAll { $0 == riskiest }
            dropped.append(riskiest)
        }
        keptPools = kept
        droppedPools = dropped.sorted()
        hourlyReclaim = kept.map { hourly[$0] }
        multipleReclaim = Self.atLeastTwo(hourlyReclaim)
        demandQuantile = 1 - (budget - multipleReclaim)
    }

    /// P(at least two of independent events with probabilities `p` happen).
    static func atLeastTwo(_ p: [Double]) -> Double {
        guard p.count >= 2 else { return 0 }
        let none = p.reduce(1) { $0 * (1 - $1) }
        var exactlyOne = 0.0
        for (i, pi) in p.enumerated() {
            var product = pi
            for (j, pj) in p.enumerated() where j != i { product *= 1 - pj }
            exactlyOne += product
        }
        return max(0, 1 - none - exactlyOne)
    }
}
