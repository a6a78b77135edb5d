import FleetformDSL
import FleetformModules

/// Online inference: a mixed on-demand/spot L4/A10G pool in the platform network's private
/// subnets, serving on port 8080 behind an internal load balancer, reading its model artifacts.
public let inference = Stack(
    "inference", region: .usEast1, drRegion: .usWest2,
    summary: "mixed on-demand/spot L4/A10G serving pool behind a load balancer"
) { env in
    let net = Network("core", cidr: "10.40.0.0/16", zones: 3)
    let artifacts = Bucket("model-artifacts").versioned().encrypted().usage(storedTerabytes: 2)
    InferenceService(
        "ranking", network: net, baseline: env.isProduction ? 4 : 1, desired: env.isProduction ? 6 : 1,
        peak: env.isProduction ? 24 : 4, onDemandPercentage: 50, port: 8080, reads: [artifacts])
}
