import FleetformCost
import FleetformModel

/// What can carry one accelerator class in one region: the instance types with their GPU
/// counts and on-demand prices, and the spot pools with their prices and reclaim risk.
public struct AcceleratorMarket: Sendable, Equatable {
    /// One instance type that carries the accelerator.
    public struct InstanceChoice: Sendable, Equatable {
        /// EC2 instance type.
        public var instanceType: String
        /// Accelerators per instance.
        public var gpusPerInstance: Int
        /// On-demand USD per instance-hour.
        public var onDemandHourly: Double
        /// Zones offering the type (AZ IDs), sorted.
        public var zones: [String]
        /// Spot USD per instance-hour per zone (zones without a quote are absent).
        public var spotHourly: [String: Double]
        /// The spot advisor's monthly interruption bucket upper bound in percent; nil when unlisted.
        public var interruptionBucketMaxPercent: Double?
        /// The advisor's bucket label, `>20%`.
        public var interruptionLabel: String?

        /// A choice with its prices.
        public init(
            instanceType: String, gpusPerInstance: Int, onDemandHourly: Double, zones: [String],
            spotHourly: [String: Double], interruptionBucketMaxPercent: Double?, interruptionLabel: String?
        ) {
            self.instanceType = instanceType
            self.gpusPerInstance = gpusPerInstance
            self.onDemandHourly = onDemandHourly
            self.zones = zones
            self.spotHourly = spotHourly
            self.interruptionBucketMaxPercent = interruptionBucketMaxPercent
            self.interruptionLabel = interruptionLabel
        }
    }

    /// The accelerator, `H100`.
    public var accelerator: String
    /// The region, `us-east-1`.
    public var region: String
    /// The instance types, sorted by name.
    public var choices: [InstanceChoice]

    /// A market from explicit choices (tests, benchmarks).
    public init(accelerator: String, region: String, choices: [InstanceChoice]) {
        self.accelerator = accelerator
        self.region = region
        self.choices = choices.sorted { $0.instanceType < $1.instanceType }
    }

    /// The market of `accelerator` in `region` from the instance and price catalogs. Types
    /// without an on-demand price are left out (nothing could guarantee their capacity).
    public init(
        accelerator: String, region: String, instances: InstanceCatalog, prices: PriceCatalog
    ) throws(CapacityError) {
        var choices: [InstanceChoice] = []
        var known = Set<String>()
        for type in instances.allTypes where type.regions.contains(region) && type.acceleratorCount > 0 {
            known.insert(type.accelerator)
            guard type.accelerator.lowercased() == accelerator.lowercased(),
                let offer = prices.offer(type: type.name, region: region), let hourly = offer.onDemandHourly
            else { continue }
            let risk = prices.interruption(type: type.name, region: region)
            choices.append(
                InstanceChoice(
                    instanceType: type.name, gpusPerInstance: type.acceleratorCount, onDemandHourly: hourly,
                    zones: offer.zones.sorted(), spotHourly: offer.spotHourly,
                    interruptionBucketMaxPercent: risk?.maxPercent, interruptionLabel: risk?.label))
        }
        guard !choices.isEmpty else {
            throw .noInstanceTypes(accelerator: accelerator, region: region, known: known.sorted())
        }
        self.init(accelerator: accelerator, region: region, choices: choices)
    }

    /// The on-demand choice with the lowest price per GPU (ties: fewer GPUs, then name); it
    /// is the reserved type and the baselines' type.
    public var cheapestPerGPU: InstanceChoice {
        let cheapest = choices.min {
            ($0.onDemandHourly / Double($0.gpusPerInstance), $0.gpusPerInstance, $0.instanceType)
                < ($1.onDemandHourly / Double($1.gpusPerInstance), $1.gpusPerInstance, $1.instanceType)
        }
        guard let cheapest else { preconditionFailure("a market is built with at least one instance choice") }
        return cheapest
    }
}
