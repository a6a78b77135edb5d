import FleetformCost
import FleetformModel
import Testing

/// In a state, a bucket's companions carry the bucket's name as their id: the lookup must still
/// find the bucket itself, so the state prices the same as the manifest it came from.
@Suite struct StateLookupTests {
    @Test func companionsSharingTheBucketNameDoNotHideTheBucket() throws {
        let region = ProviderConfig(region: "us-east-1")
        let name = "training-dev-checkpoints-1234abcd"
        let lifecycle = ResourceState(
            address: ResourceAddress(type: "aws_s3_bucket_lifecycle_configuration", name: "checkpoints"),
            provider: region,
            id: name,
            attributes: [
                "bucket": .string(name),
                "rule": [
                    ["id": "t", "status": "Enabled", "transition": [["days": 30, "storage_class": "GLACIER_IR"]]]
                ],
            ])
        let versioning = ResourceState(
            address: ResourceAddress(type: "aws_s3_bucket_versioning", name: "checkpoints"), provider: region, id: name,
            attributes: ["bucket": .string(name), "versioning_configuration": ["status": "Enabled"]])
        let bucket = ResourceState(
            address: ResourceAddress(type: "aws_s3_bucket", name: "checkpoints"), provider: region, id: name,
            attributes: ["bucket": .string(name)], usage: ["stored_tb": 40])
        // Companions first, as a state sorted by address lists them after the bucket only by luck.
        for order in [[lifecycle, versioning, bucket], [bucket, versioning, lifecycle]] {
            let state = State(
                lineage: "l", stack: "s", environment: "dev",
                resources: Dictionary(uniqueKeysWithValues: order.map { ($0.address, $0) }))
            let report = CostEstimator(catalog: try PriceCatalog.load(from: nil)).estimate(state)
            let priced = try #require(report.resources.first { $0.address == bucket.address })
            #expect(priced.components.contains { $0.name.contains("GLACIER_IR") }, "\(priced.components.map(\.name))")
        }
    }
}
