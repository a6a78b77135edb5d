// A stack that uses every construct of FleetformDSL, cut into the slices the documentation shows.
// It runs: `swift run PlatformTour [ENV]` synthesizes it for ENV (default dev) and prints every
// resource it declares and every diagnostic; it exits 1 if the stack does not validate.

// snippet.hide
import FleetformDSL
import Foundation

// snippet.show
// snippet.module
/// A serving unit teams reuse: a pool of inference nodes behind a load balancer that serves
/// HTTPS with the team's ACM certificate (HTTP on port 80 redirects to it).
struct InferenceService: Module {
    let name: String
    let network: Network
    let port: Int
    let certificate: String

    var body: [any Construct] {
        let servers = GPUNodePool("servers", network: network)
            .instanceTypes("g6.2xlarge", "g5.2xlarge")
            .capacity(min: 1, desired: 2, max: 8)
        InferenceEndpoint("http", pool: servers, port: port).healthCheck(path: "/healthz")
            .tls(certificate: certificate)
    }
}
// snippet.end

// snippet.stack
let platform = Stack(
    "tour", region: .usEast1, drRegion: .usWest2, defaultTTLHours: 24,
    summary: "every construct of FleetformDSL"
) { env in
    // snippet.end
    // snippet.network
    let net = Network("core", cidr: "10.40.0.0/16", zones: 2)
        .nat(env.isProduction ? .perZone : .single)
        .allowIngress(from: "10.0.0.0/8")
    // snippet.end

    // snippet.buckets
    let datasets = Bucket("datasets").versioned().encrypted()
        .usage(storedTerabytes: 40, monthlyRequests: 2_000_000)
    let checkpoints = Bucket("checkpoints").versioned()
        .lifecycle(
            .transition(after: .days(30), to: .glacierInstantRetrieval),
            .expireNoncurrentVersions(after: .days(14))
        )
        .replicated(to: .drRegion, storageClass: .standardInfrequentAccess)
    // snippet.end

    // snippet.storage
    let scratch = FileSystem("scratch", .lustre(capacityGiB: 1200, linkedTo: datasets))
    let images = Registry("images").keepImages(50).usage(storedGigabytes: 200)
    // snippet.end

    // snippet.pool
    let trainers = GPUNodePool("trainers", network: net)
        .instanceTypes("p5.48xlarge", "p4d.24xlarge")
        .capacity(min: 0, desired: env.variable("trainers", default: 1), max: 16)
        .purchase(.spot(onDemandBase: 1, onDemandPercentageAboveBase: 20))
        .volumeSize(gigabytes: 500)
        .reads(datasets).writes(checkpoints).pulls(images).mounts(scratch)
        .userData(.script("#!/bin/bash\nnvidia-smi"))
        .tags(["team": "research"])
    // snippet.end
    trainers

    // snippet.fleet
    SpotFleet("batch", network: net)
        .instanceTypes("g6e.12xlarge", "g6e.24xlarge")
        .targetCapacity(gpus: 16)
        .onDemandFloor(4)
    // snippet.end

    // snippet.cluster
    let eks = KubernetesCluster("ml", network: net, version: "1.31")
    GPUNodePool("notebooks", network: net).cluster(eks).instanceTypes("g6.xlarge")
    // snippet.end

    // snippet.dr
    let drNet = Network("dr", cidr: "10.41.0.0/16", zones: 2).region(.drRegion).nat(.none)
    DRReplica(standbyFor: trainers, network: drNet, warmSize: 0)
    // snippet.end

    // snippet.serving
    InferenceService(
        name: "ranking", network: net, port: 8080,
        certificate: "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b")
    // snippet.end

    // snippet.resource
    Resource(
        "aws_autoscaling_schedule", "trainers-nightly",
        attributes: [
            "autoscaling_group_name": .reference(ResourceReference(trainers.groupAddress, "name")),
            "scheduled_action_name": "nightly-scale-down", "recurrence": "0 20 * * *",
            "min_size": 0, "max_size": 16, "desired_capacity": 0,
        ],
        taggable: false)
    // snippet.end

    // snippet.production
    if env.isProduction {
        Group("audit") {
            Bucket("trail").versioned().encrypted().preventDestroy()
        }
    }
    // snippet.end
}

// snippet.hide
let environment = Environment(name: CommandLine.arguments.dropFirst().first ?? "dev")
let synthesis = platform.synthesize(environment)
print(synthesis)
exit(synthesis.hasErrors ? 1 : 0)
