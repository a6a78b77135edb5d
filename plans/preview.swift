import FleetformDSL
import FleetformModules

/// A small ephemeral environment per pull request: one spot L4 node and a scratch bucket,
/// reaped after 8 hours unless `apply --ttl` says otherwise.
public let preview = Stack(
    "preview", region: .usEast1, defaultTTLHours: 8,
    summary: "per-PR preview: one spot L4 node and a scratch bucket (TTL 8h)"
) { env in
    let net = Network("preview", cidr: "10.60.0.0/16", zones: 2)

    GPUNodePool("workers", network: net)
        .instanceTypes("g6.xlarge", "g6.2xlarge", "g5.xlarge")
        .capacity(min: 0, desired: 1, max: 2)
        .purchase(.spot())
        .volumeSize(gigabytes: 100)

    Bucket("scratch").versioned().forceDestroy()
        .lifecycle(.expire(after: .days(7)), .expireNoncurrentVersions(after: .days(1)))
        .usage(storedTerabytes: 0.5)
}
