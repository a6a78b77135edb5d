import FleetformDSL
import FleetformPlans
import Foundation
import Testing

/// Buckets in production are encrypted with the stack's customer-managed key (SSE-KMS, S3 Bucket
/// Keys, rotated yearly) unless the stack says otherwise, and everything that reaches them is
/// granted the key: pools that read or write them, their replication (whose replica uses the key
/// of its own region) and a Lustre file system linked to one.
@Suite struct BucketEncryptionTests {
    func resource(_ m: Manifest, _ address: String) throws -> ManifestResource {
        try #require(m.resources.first { $0.address.description == address }, "no \(address)")
    }

    func synthesize(_ stack: Stack, _ environment: String) throws -> Manifest {
        let synthesis = stack.synthesize(Environment(name: environment, root: TestRoot.path))
        #expect(synthesis.diagnostics.isEmpty, "\(synthesis.diagnostics.map { $0.render() })")
        return synthesis.manifest
    }

    /// The bucket's default-encryption rule.
    func rule(_ m: Manifest, _ bucket: String) throws -> [String: AttributeValue] {
        let encryption = try resource(m, "aws_s3_bucket_server_side_encryption_configuration." + bucket)
        return try #require(encryption.attributes["rule"]?.listValue?.first?.mapValue)
    }

    static let stack = Stack("vault", region: .usEast1, drRegion: .usWest2) { _ in
        Bucket("data").usage(storedTerabytes: 3)
        Bucket("declared").encrypted()
        Bucket("relaxed").encrypted(.s3Managed)
        Bucket("always").encrypted(.stackKey)
    }

    @Test func productionBucketsUseTheStackKeyUnlessTheStackSaysOtherwise() throws {
        let m = try synthesize(Self.stack, "prod")
        let key = try resource(m, "aws_kms_key.fleetform_data")
        #expect(key.attributes["enable_key_rotation"] == true && key.attributes["deletion_window_in_days"] == 7)
        #expect(key.attributes["description"] == "Encrypts the buckets of stack vault (prod) in us-east-1")
        let alias = try resource(m, "aws_kms_alias.fleetform_data")
        #expect(alias.attributes["name"] == "alias/vault-prod-fleetform-data")
        let encryption = try resource(m, "aws_s3_bucket_server_side_encryption_configuration.data")
        #expect(
            Set(encryption.dependsOn).isSuperset(
                of: [alias.address, ResourceAddress(type: "aws_kms_key_policy", name: "fleetform_data")]))
        for bucket in ["data", "declared", "always"] {
            let rule = try rule(m, bucket)
            #expect(
                rule["apply_server_side_encryption_by_default"]
                    == [
                        "sse_algorithm": "aws:kms",
                        "kms_master_key_id": .reference(ResourceReference(key.address, "arn")),
                    ],
                "\(bucket)")
            #expect(rule["bucket_key_enabled"] == true, "\(bucket)")
        }
        // The relaxation shows in the plan as what it is; the log bucket can only be SSE-S3.
        for bucket in ["relaxed", "fleetform_logs"] {
            #expect(try rule(m, bucket) == ["apply_server_side_encryption_by_default": ["sse_algorithm": "AES256"]])
        }
        // One key per region serves every bucket there.
        #expect(
            m.resources.filter { $0.type == "aws_kms_key" && $0.address.name.hasPrefix("fleetform_data") }.count == 1)
    }

    @Test func outsideProductionBucketsKeepSSES3UnlessTheyAskForTheKey() throws {
        let m = try synthesize(Self.stack, "dev")
        #expect(
            !m.resources.contains {
                $0.address.description == "aws_s3_bucket_server_side_encryption_configuration.data"
            })
        #expect(try rule(m, "declared") == ["apply_server_side_encryption_by_default": ["sse_algorithm": "AES256"]])
        #expect(try rule(m, "always")["bucket_key_enabled"] == true)
        #expect(m.resources.filter { $0.type == "aws_kms_key" }.map(\.address.name) == ["fleetform_data"])
    }

    @Test func aReplicaIsEncryptedWithTheKeyOfItsRegionAndItsRoleMayUseBoth() throws {
        let stack = Stack("dr", region: .usEast1, drRegion: .usWest2) { _ in
            Bucket("checkpoints").replicated(to: .drRegion)
        }
        let m = try synthesize(stack, "prod")
        let drKey = try resource(m, "aws_kms_key.fleetform_data_us_west_2")
        #expect(drKey.provider.region == "us-west-2")
        #expect(
            try rule(m, "checkpoints_replica")["apply_server_side_encryption_by_default"]?.mapValue?[
                "kms_master_key_id"]
                == .reference(ResourceReference(drKey.address, "arn")))
        let replication = try resource(m, "aws_s3_bucket_replication_configuration.checkpoints")
        let rule = try #require(replication.attributes["rule"]?.listValue?.first?.mapValue)
        #expect(rule["source_selection_criteria"] == ["sse_kms_encrypted_objects": ["status": "Enabled"]])
        #expect(
            rule["destination"]?.mapValue?["encryption_configuration"]
                == ["replica_kms_key_id": .reference(ResourceReference(drKey.address, "arn"))])
        let policy = try #require(
            try resource(m, "aws_iam_role_policy.checkpoints_replication").attributes["policy"]?.stringValue)
        #expect(
            policy.contains(
                #"{"Effect":"Allow","Action":["kms:Decrypt"],"Resource":["arn:aws:kms:us-east-1:*:key/*"],"Condition":{"ForAnyValue:StringEquals":{"kms:ResourceAliases":"alias/dr-prod-fleetform-data"}}}"#
            ))
        #expect(
            policy.contains(
                #"{"Effect":"Allow","Action":["kms:Encrypt","kms:GenerateDataKey"],"Resource":["arn:aws:kms:us-west-2:*:key/*"],"Condition":{"ForAnyValue:StringEquals":{"kms:ResourceAliases":"alias/dr-prod-fleetform-data-us-west-2"}}}"#
            ))
        // Unencrypted by a KMS key (outside production), the rule asks for nothing more.
        let dev = try synthesize(stack, "dev")
        let devRule = try #require(
            try resource(dev, "aws_s3_bucket_replication_configuration.checkpoints").attributes["rule"]?.listValue?
                .first?.mapValue)
        #expect(devRule["source_selection_criteria"] == nil)
        #expect(!dev.resources.contains { $0.type == "aws_kms_key" })
    }

    @Test func poolsAreGrantedTheKeyThroughItsAliasAndALustreFileSystemThroughS3() throws {
        let m = try synthesize(training, "prod")
        let document = try #require(try resource(m, "aws_iam_policy.trainers").attributes["policy"]?.stringValue)
        let byAlias =
            #""Resource":["arn:aws:kms:us-east-1:*:key/*"],"Condition":{"ForAnyValue:StringEquals":{"kms:ResourceAliases":"alias/training-prod-fleetform-data"}}"#
        #expect(document.contains(#"{"Effect":"Allow","Action":["kms:Decrypt"],\#(byAlias)}"#))
        #expect(document.contains(#"{"Effect":"Allow","Action":["kms:GenerateDataKey"],\#(byAlias)}"#))

        let keyPolicy = try resource(m, "aws_kms_key_policy.fleetform_data")
        let text = try #require(keyPolicy.attributes["policy"]?.stringValue)
        let policy = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let statements = policy["Statement"] as? [[String: Any]] ?? []
        #expect(statements.count == 2)
        let datasets = try #require(try resource(m, "aws_s3_bucket.datasets").attributes["bucket"]?.stringValue)
        let lustre = try #require(statements.last)
        let condition = lustre["Condition"] as? [String: [String: Any]] ?? [:]
        #expect(
            condition["StringLike"]?["kms:EncryptionContext:aws:s3:arn"] as? [String]
                == ["arn:aws:s3:::\(datasets)", "arn:aws:s3:::\(datasets)/*"])
        #expect(condition["StringEquals"]?["kms:ViaService"] as? String == "s3.us-east-1.amazonaws.com")
        #expect(lustre["Principal"] as? [String: String] == ["AWS": "*"])
        // The file system waits for the grant.
        #expect(try resource(m, "aws_fsx_lustre_file_system.scratch").dependsOn.contains(keyPolicy.address))
    }

    @Test func aKeyNamedByAliasIsGrantedThroughTheAliasNotAnAliasARN() throws {
        let stack = Stack("k", region: .usEast1) { _ in
            let net = Network("n", cidr: "10.3.0.0/16", zones: 1)
            GPUNodePool("p", network: net).instanceTypes("g6.xlarge")
                .reads(Bucket("data").encrypted(.kms(keyID: "alias/team-data")))
        }
        let document = try #require(
            try resource(try synthesize(stack, "dev"), "aws_iam_policy.p").attributes["policy"]?.stringValue)
        #expect(
            document.contains(
                #"{"Effect":"Allow","Action":["kms:Decrypt"],"Resource":["arn:aws:kms:us-east-1:*:key/*"],"Condition":{"ForAnyValue:StringEquals":{"kms:ResourceAliases":"alias/team-data"}}}"#
            ))
        #expect(!document.contains(":alias/"))
    }
}
