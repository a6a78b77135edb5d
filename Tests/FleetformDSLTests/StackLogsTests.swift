import FleetformDSL
import FleetformPlans
import Testing

/// What a stack logs: a production stack's log buckets, with every setting of theirs, are
/// retained on destroy (the logs outlive the stack; nothing else is, and outside production
/// nothing is), and a network's flow log carries the usage hint its cost is priced from.
@Suite struct StackLogsTests {
    @Test func productionLogBucketsAndTheirSettingsAreRetainedOnDestroy() {
        let prod = training.synthesize(Environment(name: "prod", root: TestRoot.path)).manifest
        let retained = Set(prod.resources.filter(\.lifecycle.retainOnDestroy).map(\.address.description))
        let logBuckets = ["fleetform_logs", "fleetform_logs_us_west_2"]
        let expected = Set(
            logBuckets.flatMap { name in
                [
                    "aws_s3_bucket", "aws_s3_bucket_versioning", "aws_s3_bucket_server_side_encryption_configuration",
                    "aws_s3_bucket_public_access_block", "aws_s3_bucket_ownership_controls", "aws_s3_bucket_policy",
                    "aws_s3_bucket_lifecycle_configuration", "aws_s3_bucket_notification",
                ].map { "\($0).\(name)" }
            })
        #expect(retained == expected)
        let dev = training.synthesize(Environment(name: "dev", root: TestRoot.path)).manifest
        #expect(dev.resources.filter(\.lifecycle.retainOnDestroy).isEmpty)
    }

    @Test func aNetworksFlowLogCarriesItsUsageHint() throws {
        let stack = Stack("u", region: .usEast1) { _ in
            Network("core", cidr: "10.9.0.0/16", zones: 1).usage(natProcessedGigabytesPerMonth: 100)
                .usage(flowLogGigabytesPerMonth: 12)
        }
        let m = stack.synthesize(Environment(name: "dev")).manifest
        let flowLog = try #require(m.resources.first { $0.type == "aws_flow_log" })
        #expect(flowLog.usage == ["delivered_gb_per_month": 12])
        // The earlier hint stays.
        let nat = try #require(m.resources.first { $0.type == "aws_nat_gateway" })
        #expect(nat.usage["processed_gb_per_month"] == 100)
    }
}
