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
    let blueGreen = env.variable("rollout", default: "canary") == "blue_green"
    InferenceService(
        "ranking", network: net, baseline: env.isProduction ? 4 : 1, desired: env.isProduction ? 6 : 1,
        peak: env.isProduction ? 24 : 4, onDemandPercentage: 50, port: 8080, reads: [artifacts],
        image: nonEmpty(env.variable("image", default: "")),
        // A node change reaches production in halves: 3 of 6 nodes, five minutes watched, then the rest;
        // `--var rollout=blue_green` brings up all 6 beside blue and bakes them ten minutes instead.
        // (blue/green needs the whole pool's surge: 3 is the canary's).
        rollout: blueGreen ? .blueGreen(bake: .minutes(10)) : .canary(steps: [50], pause: .minutes(5)),
        surge: blueGreen ? nil : 3,
        // `--var rollout_gate=ALARM` names a CloudWatch alarm that must stay out of ALARM in the pause.
        gates: nonEmpty(env.variable("rollout_gate", default: "")).map { [$0] } ?? [],
        // `--var certificate=ARN` (an ACM certificate in us-east-1): HTTPS on 443, HTTP redirected to it.
        certificate: nonEmpty(env.variable("certificate", default: "")))
}

/// A `--var` given as empty means not given (`image`: the pool's default image).
private func nonEmpty(_ value: String) -> String? { value.isEmpty ? nil : value }
