/// The parameters of a capacity recommendation; every one is printed with the plan.
public struct CapacityAssumptions: Sendable, Equatable {
    /// The probability that available capacity covers demand in an hour (default 0.99).
    public var serviceLevel: Double
    /// Discount of reserved / savings-plan capacity against on-demand (default 0.40).
    public var reservedDiscount: Double
    /// Spot GPUs may be at most this share of all GPUs in an hour; nil for no cap.
    public var maxSpotShare: Double?
    /// Monthly interruption frequency assumed for the advisor's open-ended `>20%` bucket, in
    /// percent (default 40); the closed buckets use their upper bound (5, 10, 15, 20).
    public var openBucketInterruptionPercent: Double
    /// Hours in the month the advisor's frequencies refer to (730).
    public var hoursPerMonth: Double

    /// Assumptions with the documented defaults.
    public init(
        serviceLevel: Double = 0.99, reservedDiscount: Double = 0.40, maxSpotShare: Double? = nil,
        openBucketInterruptionPercent: Double = 40, hoursPerMonth: Double = 730
    ) {
        self.serviceLevel = serviceLevel
        self.reservedDiscount = reservedDiscount
        self.maxSpotShare = maxSpotShare
        self.openBucketInterruptionPercent = openBucketInterruptionPercent
        self.hoursPerMonth = hoursPerMonth
    }

    /// Checks the ranges; the message names the flag to fix.
    public func validate() throws(CapacityError) {
        guard serviceLevel > 0.5 && serviceLevel < 1 else {
            throw .invalidAssumption("--slo must lie strictly between 0.5 and 1, got \(serviceLevel)")
        }
        guard reservedDiscount >= 0 && reservedDiscount < 1 else {
            throw .invalidAssumption("--reserved-discount must lie in [0, 1), got \(reservedDiscount)")
        }
        if let share = maxSpotShare, !(share >= 0 && share <= 1) {
            throw .invalidAssumption("--max-spot-share must lie in [0, 1], got \(share)")
        }
    }

    /// The monthly interruption frequency (a fraction) assumed for an advisor bucket.
    public func monthlyInterruption(bucketMaxPercent: Double) -> Double {
        (bucketMaxPercent >= 100 ? openBucketInterruptionPercent : bucketMaxPercent) / 100
    }
}
