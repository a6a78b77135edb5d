import FleetformDSL

/// The training platform: a routable network (NAT per zone in production, an S3 gateway endpoint),
/// a spot-heavy H100/A100 pool (sized in production by the committed capacity recommendation)
/// that reads the datasets bucket, writes the checkpoints bucket (replicated to the DR region),
/// mounts a Lustre scratch file system linked to the datasets and pulls from the images registry.
public let training = Stack(
    "training", region: .usEast1, drRegion: .usWest2,
    summary: "spot-heavy H100/A100 training pool, datasets, Lustre scratch, image registry, DR-replicated checkpoints"
) { env in
    let net = Network("core", cidr: "10.40.0.0/16", zones: 3)
        .usage(natProcessedGigabytesPerMonth: env.isProduction ? 2_000 : 200)
    let datasets = Bucket("datasets").versioned().encrypted().usage(storedTerabytes: 120, monthlyRequests: 5_000_000)
    let checkpoints = Bucket("checkpoints").versioned().encrypted()
        .lifecycle(.transition(after: .days(30), to: .glacierInstantRetrieval))
        .usage(storedTerabytes: 40, monthlyWriteTerabytes: 6)
        .replicated(to: .drRegion)
    let scratch = FileSystem("scratch", .lustre(capacityGiB: env.isProduction ? 2400 : 1200, linkedTo: datasets))
    let images = Registry("images").usage(storedGigabytes: 150)

    let trainers = GPUNodePool("trainers", network: net)
        .instanceTypes("p5.48xlarge", "p4d.24xlarge")
        .purchase(.spot())
        .volumeSize(gigabytes: 500)
        .labels(["workload": "training"])
        .reads(datasets).writes(checkpoints).pulls(images).mounts(scratch)
    if env.isProduction {
        // Production follows the forecast: `fleetform recommend … --write plans/capacity/trainers.json`.
        trainers.capacity(.recommended(from: env.variable("capacity", default: "plans/capacity/trainers.json")))
    } else {
        trainers.capacity(min: 0, desired: env.variable("trainers", default: 2), max: 32)
    }
}
