import FleetformDSL

/// The training platform: a network, a spot-heavy H100/A100 pool, a datasets bucket and a
/// checkpoints bucket replicated to the DR region.
public let training = Stack(
    "training", region: .usEast1, drRegion: .usWest2,
    summary: "spot-heavy H100/A100 training pool, datasets and DR-replicated checkpoints"
) { env in
    let net = Network("core", cidr: "10.40.0.0/16", zones: 3)

    GPUNodePool("trainers", network: net)
        .instanceTypes("p5.48xlarge", "p4d.24xlarge")
        .capacity(min: 0, desired: env.isProduction ? 8 : env.variable("trainers", default: 2), max: 32)
        .purchase(.spot(onDemandBase: env.isProduction ? 2 : 0))
        .volumeSize(gigabytes: 500)
        .labels(["workload": "training"])

    Bucket("datasets").versioned().encrypted().usage(storedTerabytes: 120, monthlyRequests: 5_000_000)

    Bucket("checkpoints").versioned().encrypted()
        .lifecycle(.transition(after: .days(30), to: .glacierInstantRetrieval))
        .usage(storedTerabytes: 40, monthlyWriteTerabytes: 6)
        .replicated(to: .drRegion)
}
