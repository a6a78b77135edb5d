import FleetformDSL

/// A synthetic stack for benchmarks: `--var units=N` declares N units of 19 resources each
/// (a 2-zone network without NAT gateways: subnets, route tables and the S3 endpoint; a GPU pool
/// with its role and instance profile; a versioned encrypted bucket whose objects expire after a
/// week), all of types the AWS provider manages, so the stack applies as well as it plans.
public let scale = Stack(
    "scale", region: .usEast1, summary: "benchmark stack: --var units=N gives 19×N resources"
) { env in
    let units = env.variable("units", default: 10)
    for i in 0..<units {
        let net = Network("net\(i)", cidr: "10.\(i / 256 % 256).\(i % 256).0/24", zones: 2).nat(.none)
            .region(i >= 65_536 ? .region(.usEast2) : .primary)
        GPUNodePool("pool\(i)", network: net)
            .instanceTypes("g6.xlarge", "g5.xlarge")
            .capacity(min: 0, desired: 1, max: 4)
            .purchase(.spot())
        Bucket("data\(i)").versioned().encrypted().lifecycle(.expire(after: .days(7)))
    }
}
