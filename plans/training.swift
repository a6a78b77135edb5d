import FleetformDSL

/// The training platform: a network, a spot-heavy H100/A100 pool (sized in production by the
/// committed capacity recommendation), a datasets bucket and a checkpoints bucket replicated to
/// the DR region.
public let training = Stack(
    "training", region: .usEast1, drRegion: .usWest2,
    summary: "spot-heavy H100/A100 training pool, datasets and DR-replicated checkpoints"
) { env in
    let net = Network("core", cidr: "10.40.0.0/16", zones: 3)

    let trainers = GPUNodePool("trainers", network: net)
        .instanceTypes("p5.48xlarge", "p4d.24xlarge")
        .purchase(.spot())
        .volumeSize(gigabytes: 500)
        .labels(["workload": "training"])
    if env.isProduction {
        // Production follows the forecast: `fleetform recommend … --write plans/capacity/trainers.json`.
        trainers.capacity(.recommended(from: env.variable("capacity", default: "plans/capacity/trainers.json")))
    } else {
        trainers.capacity(min: 0, desired: env.variable("trainers", default: 2), max: 32)
    }

    Bucket("datasets").versioned().encrypted().usage(storedTerabytes: 120, monthlyRequests: 5_000_000)

    Bucket("checkpoints").versioned().encrypted()
        .lifecycle(.transition(after: .days(30), to: .glacierInstantRetrieval))
        .usage(storedTerabytes: 40, monthlyWriteTerabytes: 6)
        .replicated(to: .drRegion)
}
