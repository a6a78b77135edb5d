/// What one instance type costs in one region: the on-demand price and the spot price per zone.
///
/// Zones are AZ IDs (`use1-az4`), which name the same physical zone in every account.
public struct InstanceOffer: Hashable, Sendable {
    public var type: String
    public var region: String
    /// On-demand USD per hour; nil when the snapshot has no price (p5e.48xlarge, for one).
    public var onDemandHourly: Double?
    /// Every zone offering the type, sorted, including zones without a spot price.
    public var zones: [String]
    /// Spot USD per hour by zone; zones without a quoted spot price are absent.
    public var spotHourly: [String: Double]

    public init(type: String, region: String, onDemandHourly: Double?, zones: [String], spotHourly: [String: Double]) {
        self.type = type
        self.region = region
        self.onDemandHourly = onDemandHourly
        self.zones = zones
        self.spotHourly = spotHourly
    }
}

/// How often the spot market reclaims a type in a region, as the Spot Instance Advisor buckets it.
public struct SpotInterruption: Hashable, Sendable {
    /// Bucket index: 0 `<5%`, 1 `5-10%`, 2 `10-15%`, 3 `15-20%`, 4 `>20%`.
    public var bucket: Int
    /// The bucket's label, `<5%`.
    public var label: String
    /// The bucket's upper bound in percent of instances interrupted per month.
    public var maxPercent: Double
    /// The advisor's savings of spot over on-demand, in percent.
    public var savingsPercent: Double

    public init(bucket: Int, label: String, maxPercent: Double, savingsPercent: Double) {
        self.bucket = bucket
        self.label = label
        self.maxPercent = maxPercent
        self.savingsPercent = savingsPercent
    }
}

/// A (type, region) pair: the index key of instance prices.
struct InstanceRegionKey: Hashable, Sendable {
    var type: String
    var region: String
}
