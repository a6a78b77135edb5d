import FleetformDSL

/// A training cluster: a spot-heavy GPU pool plus the two buckets training needs, datasets and
/// checkpoints, with checkpoints replicated to the DR region and tiered to Glacier IR.
///
/// ```swift
/// TrainingCluster("llm", network: net, gpus: ["p5.48xlarge", "p4d.24xlarge"], desired: 4, max: 32)
/// ```
public struct TrainingCluster: Module {
    public let name: String
    let network: Network
    let gpus: [String]
    let desired: Int
    let max: Int
    let onDemandBase: Int
    let datasetTerabytes: Double

    public init(
        _ name: String, network: Network, gpus: [String], desired: Int, max: Int, onDemandBase: Int = 0,
        datasetTerabytes: Double = 10
    ) {
        self.name = name
        self.network = network
        self.gpus = gpus
        self.desired = desired
        self.max = max
        self.onDemandBase = onDemandBase
        self.datasetTerabytes = datasetTerabytes
    }

    public var body: [any Construct] {
        GPUNodePool("pool", network: network)
            .instanceTypesList(gpus)
            .capacity(min: 0, desired: desired, max: max)
            .purchase(.spot(onDemandBase: onDemandBase))
            .labels(["workload": "training", "cluster": name])
        ReplicatedBucket("checkpoints", storedTerabytes: datasetTerabytes / 4, coldAfterDays: 30)
        Bucket("datasets").versioned().encrypted().usage(storedTerabytes: datasetTerabytes)
    }
}
