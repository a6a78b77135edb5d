import FleetformModel
import FleetformTestSupport
import Foundation
import Testing

@testable import FleetformAWS

extension PlatformStacksTests {
    /// `training` in production keeps its data under the stack's own keys, as S3 and KMS report
    /// them: `datasets` and `checkpoints` encrypt with the key in us-east-1 with S3 Bucket Keys,
    /// the checkpoints' replica with the key in us-west-2; replication asks for KMS-encrypted
    /// objects and names the replica key; both keys rotate; the data key's policy lets FSx's
    /// service-linked role use it for `datasets` only, through S3, in this account; the log
    /// bucket stays on SSE-S3 (S3 delivers access logs to nothing else).
    static func expectDataUnderTheStackKeys(_ state: State, _ client: AWSClient, account: String) async throws {
        let key = try one(state, "aws_kms_key.fleetform_data")
        let replicaKey = try one(state, "aws_kms_key.fleetform_data_us_west_2")
        let keyARN = try #require(key.attributes["arn"]?.stringValue)
        let replicaKeyARN = try #require(replicaKey.attributes["arn"]?.stringValue)
        #expect(keyARN.hasPrefix("arn:aws:kms:us-east-1:\(account):key/"))
        #expect(replicaKeyARN.hasPrefix("arn:aws:kms:us-west-2:\(account):key/"))

        let expected: [(bucket: String, region: String, algorithm: String, key: String?)] = [
            ("aws_s3_bucket.datasets", "us-east-1", "aws:kms", keyARN),
            ("aws_s3_bucket.checkpoints", "us-east-1", "aws:kms", keyARN),
            ("aws_s3_bucket.checkpoints_replica", "us-west-2", "aws:kms", replicaKeyARN),
            ("aws_s3_bucket.fleetform_logs", "us-east-1", "AES256", nil),
        ]
        for (address, region, algorithm, keyID) in expected {
            let bucket = try one(state, address)
            let encryption = try XMLTree.parse(
                try await client.s3(
                    "GetBucketEncryption", method: "GET", bucket: bucket.id, subresource: "encryption", region: region
                ).body)
            let rule = try #require(encryption.first("Rule"), "\(address)")
            #expect(rule.string("ApplyServerSideEncryptionByDefault/SSEAlgorithm") == algorithm, "\(address)")
            #expect(rule.string("ApplyServerSideEncryptionByDefault/KMSMasterKeyID") == keyID, "\(address)")
            #expect(rule.string("BucketKeyEnabled") == (keyID == nil ? "false" : "true"), "\(address)")
        }

        let checkpoints = try one(state, "aws_s3_bucket.checkpoints")
        let replication = try XMLTree.parse(
            try await client.s3(
                "GetBucketReplication", method: "GET", bucket: checkpoints.id, subresource: "replication",
                region: "us-east-1"
            ).body)
        let rule = try #require(replication.first("Rule"))
        #expect(rule.string("SourceSelectionCriteria/SseKmsEncryptedObjects/Status") == "Enabled")
        #expect(rule.string("Destination/EncryptionConfiguration/ReplicaKmsKeyID") == replicaKeyARN)

        for (id, region) in [(key.id, "us-east-1"), (replicaKey.id, "us-west-2")] {
            let rotation = try await client.call(
                APIOperation(.kms, "GetKeyRotationStatus"), ["KeyId": .string(id)], region: region)
            #expect(rotation.string("KeyRotationEnabled") == "true")
        }
        let policy = try await client.call(
            APIOperation(.kms, "GetKeyPolicy"), ["KeyId": .string(key.id), "PolicyName": "default"],
            region: "us-east-1")
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data((policy.string("Policy") ?? "").utf8)) as? [String: Any])
        let statements = document["Statement"] as? [[String: Any]] ?? []
        let lustre = try #require(
            statements.first { (($0["Condition"] as? [String: Any])?["ArnLike"]) != nil }, "\(statements)")
        let condition = lustre["Condition"] as? [String: [String: Any]] ?? [:]
        #expect(condition["StringEquals"]?["kms:CallerAccount"] as? String == account)
        #expect(condition["StringEquals"]?["kms:ViaService"] as? String == "s3.us-east-1.amazonaws.com")
        #expect(
            condition["ArnLike"]?["aws:PrincipalArn"] as? String
                == "arn:aws:iam::\(account):role/aws-service-role/s3.data-source.lustre.fsx.amazonaws.com/AWSServiceRoleForFSxS3Access_*"
        )
        let datasets = try one(state, "aws_s3_bucket.datasets")
        #expect(
            condition["StringLike"]?["kms:EncryptionContext:aws:s3:arn"] as? [String]
                == ["arn:aws:s3:::\(datasets.id)", "arn:aws:s3:::\(datasets.id)/*"])
    }
}
