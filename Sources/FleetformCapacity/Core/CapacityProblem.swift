/// The deterministic capacity problem the exact core solves: a demand per hour in GPUs, the
/// purchase options that can carry it, and the constraints.
///
/// Per hour h it chooses on-demand counts `o[j][h]` per instance type and spot counts `s[i][h]`
/// per spot pool (an instance type in one zone); over the whole horizon one constant reserved
/// count `R` of ``reserved``. Constraints, per hour:
///
/// * coverage after the worst single spot-pool reclaim (N-1):
///   `gR·R + Σ g[j]·o[j][h] + Σ g[i]·s[i][h] − max_i g[i]·s[i][h] ≥ demand[h]`
///   (without ``survivesPoolLoss`` the `max` term is dropped);
/// * spot share, when ``maxSpotShare`` is set: `Σ g[i]·s[i][h] ≤ S · (all GPUs of hour h)`.
///
/// Cost: `hours · R · reserved.hourlyPrice + Σ_h (Σ price·o + Σ price·s)`.
///
/// ```swift
/// let problem = CapacityProblem(
///     demand: [16, 24, 8],
///     onDemand: [.init(instanceType: "p5.48xlarge", gpusPerInstance: 8, hourlyPrice: 98.32)],
///     reserved: .init(instanceType: "p5.48xlarge", gpusPerInstance: 8, hourlyPrice: 58.99),
///     spot: [.init(instanceType: "p5.48xlarge", zone: "use1-az1", gpusPerInstance: 8, hourlyPrice: 30.3)])
/// let solution = try CapacitySolver().solve(problem)
/// ```
public struct CapacityProblem: Sendable, Equatable, Codable {
    /// An on-demand or reserved purchase option: an instance type at a price per instance-hour.
    public struct Offer: Sendable, Equatable, Codable {
        /// EC2 instance type, `p5.48xlarge`.
        public var instanceType: String
        /// Accelerators per instance.
        public var gpusPerInstance: Int
        /// USD per instance-hour (for reserved capacity: already discounted).
        public var hourlyPrice: Double

        /// An offer of `instanceType` at `hourlyPrice`.
        public init(instanceType: String, gpusPerInstance: Int, hourlyPrice: Double) {
            self.instanceType = instanceType
            self.gpusPerInstance = gpusPerInstance
            self.hourlyPrice = hourlyPrice
        }
    }

    /// A spot pool: one instance type in one availability zone, reclaimed as a unit.
    public struct SpotPool: Sendable, Equatable, Codable {
        /// EC2 instance type.
        public var instanceType: String
        /// Availability zone ID, `use1-az4`.
        public var zone: String
        /// Accelerators per instance.
        public var gpusPerInstance: Int
        /// USD per instance-hour.
        public var hourlyPrice: Double

        /// A pool of `instanceType` in `zone` at `hourlyPrice`.
        public init(instanceType: String, zone: String, gpusPerInstance: Int, hourlyPrice: Double) {
            self.instanceType = instanceType
            self.zone = zone
            self.gpusPerInstance = gpusPerInstance
            self.hourlyPrice = hourlyPrice
        }
    }

    /// GPUs that must be available in each hour (already at the quantile the SLO asks for).
    public var demand: [Int]
    /// On-demand options, bought per hour.
    public var onDemand: [Offer]
    /// The reserved option: a constant count over every hour; nil for none.
    public var reserved: Offer?
    /// Spot pools, bought per hour.
    public var spot: [SpotPool]
    /// Spot GPUs may be at most this share of all GPUs in an hour; nil for no cap.
    public var maxSpotShare: Double?
    /// Whether coverage must hold after losing the largest spot pool (default true).
    public var survivesPoolLoss: Bool

    /// A problem over `demand.count` hours.
    public init(
        demand: [Int], onDemand: [Offer], reserved: Offer? = nil, spot: [SpotPool] = [],
        maxSpotShare: Double? = nil, survivesPoolLoss: Bool = true
    ) {
        self.demand = demand
        self.onDemand = onDemand
        self.reserved = reserved
        self.spot = spot
        self.maxSpotShare = maxSpotShare
        self.survivesPoolLoss = survivesPoolLoss
    }
}
