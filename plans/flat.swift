import FleetformDSL

/// A synthetic stack of independent resources for the apply benchmark (`scripts/bench-apply`):
/// `--var units=N` declares N security groups in the default VPC, none depending on another,
/// so an apply's parallelism and its state writes per resource show undisturbed.
public let flat = Stack(
    "flat", region: .usEast1, summary: "benchmark stack: --var units=N gives N independent security groups"
) { env in
    let units = env.variable("units", default: 10)
    for i in 0..<units {
        Resource(
            "aws_security_group", "sg\(i)",
            attributes: [
                "name": .string("fleetform-flat-\(env.name)-\(i)"), "description": .string("bench-apply group \(i)"),
            ])
    }
}
