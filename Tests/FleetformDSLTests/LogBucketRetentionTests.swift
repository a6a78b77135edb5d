import FleetformDSL
import FleetformPlans
import Testing

/// A production stack's log buckets, with every setting of theirs, are retained on destroy (the
/// logs outlive the stack); nothing else is, and outside production nothing is.
@Suite struct LogBucketRetentionTests {
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
}
