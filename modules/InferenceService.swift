import FleetformDSL

/// A GPU inference service: a pool of small-GPU instances (L4 / A10G by default) with an
/// on-demand base that keeps the service up and spot capacity above it, behind a load balancer
/// (an `InferenceEndpoint` on `port`, HTTPS when given a certificate), reading the buckets it is given.
///
/// ```swift
/// InferenceService("ranking", network: net, baseline: 2, peak: 12, port: 8080, reads: [artifacts])
/// ```
public struct InferenceService: Module {
    public let name: String
    let network: Network
    let instanceTypes: [String]
    let baseline: Int
    let desired: Int
    let peak: Int
    let onDemandPercentage: Int
    let port: Int
    let healthCheckPath: String
    let reads: [Bucket]
    let image: String?
    let rollout: Rollout?
    let surge: Int?
    let gates: [String]
    let certificate: String?

    /// - Parameters:
    ///   - baseline: nodes always on-demand (and the pool's minimum).
    ///   - desired: nodes to run now (defaults to the baseline).
    ///   - peak: the most nodes the pool may scale to.
    ///   - onDemandPercentage: share of nodes above the baseline bought on-demand.
    ///   - port: the port the nodes serve on, behind the load balancer.
    ///   - reads: buckets the nodes read (model artifacts).
    ///   - image: the nodes' AMI (nil: the pool's default image); changing it rolls out where the
    ///     pool rolls out (canary in production).
    ///   - rollout: how node changes roll out (nil: the pool's default, canary in production);
    ///     `surge`: extra nodes a rollout may run; `gates`: alarm names that must not be in ALARM
    ///     during its pauses.
    ///   - certificate: an ACM certificate ARN: clients connect over HTTPS (443) and HTTP redirects
    ///     to it (nil: plain HTTP on 80, a warning in production).
    public init(
        _ name: String, network: Network,
        instanceTypes: [String] = ["g6.2xlarge", "g6.4xlarge", "g5.2xlarge", "g5.4xlarge"],
        baseline: Int, desired: Int? = nil, peak: Int, onDemandPercentage: Int = 50, port: Int = 8080,
        healthCheckPath: String = "/health", reads: [Bucket] = [], image: String? = nil,
        rollout: Rollout? = nil, surge: Int? = nil, gates: [String] = [], certificate: String? = nil
    ) {
        self.gates = gates
        self.certificate = certificate
        self.image = image
        self.rollout = rollout
        self.surge = surge
        self.name = name
        self.network = network
        self.instanceTypes = instanceTypes
        self.baseline = baseline
        self.desired = desired ?? baseline
        self.peak = peak
        self.onDemandPercentage = onDemandPercentage
        self.port = port
        self.healthCheckPath = healthCheckPath
        self.reads = reads
    }

    public var body: [any Construct] {
        let servers = GPUNodePool("servers", network: network)
            .instanceTypesList(instanceTypes)
            .capacity(min: baseline, desired: desired, max: peak)
            .purchase(.spot(onDemandBase: baseline, onDemandPercentageAboveBase: onDemandPercentage))
            .labels(["workload": "inference", "service": name])
            .reads(reads)
            .ami(image ?? GPUNodePool.defaultImage)
            .rolloutIfDeclared(rollout, surge: surge, gates: gates)
        let endpoint = InferenceEndpoint(name, pool: servers, port: port).healthCheck(path: healthCheckPath)
        certificate.map { endpoint.tls(certificate: $0) } ?? endpoint
    }
}
