import FleetformModel
import FleetformTestSupport
import Foundation
import Testing

@testable import FleetformAWS

/// S3 buckets and their configurations, IAM roles, and EKS clusters / node groups against moto
/// with signature checking on.
@Suite(.serialized) struct StorageAndIdentityHandlerTests {
    static let trust =
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#
    static let readPolicy =
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#
    static let writePolicy =
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"*"}]}"#

    func role(_ provider: AWSProvider, name: String, trust: String = trust) async throws -> ResourceState {
        try await provider.create(
            makeRequest("aws_iam_role", name, ["name": .string(name), "assume_role_policy": .string(trust)]))
    }

    static let clusterPolicy = "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"
    static let workerPolicy = "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy"
    static let registryPolicy = "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"

    @Test func iamRoleWithInlineAndManagedPolicies() async throws {
        try await withMotoProvider { _, provider in
            let request = makeRequest(
                "aws_iam_role", "replication",
                [
                    "name": "training-test-replication", "assume_role_policy": .string(Self.trust),
                    "inline_policy": [["name": "read", "policy": .string(Self.readPolicy)]], "tags": ["purpose": "dr"],
                    "managed_policy_arns": [.string(Self.clusterPolicy)],
                ])
            let role = try await provider.create(request)
            #expect(role.id == "training-test-replication")
            #expect(role.attributes["arn"]?.stringValue?.hasSuffix(":role/training-test-replication") == true)
            #expect(role.attributes["assume_role_policy"] == .string(Self.trust))
            #expect(role.attributes["inline_policy"] == [["name": "read", "policy": .string(Self.readPolicy)]])
            #expect(role.tags == ["purpose": "dr"])
            #expect(role.attributes["managed_policy_arns"] == [.string(Self.clusterPolicy)])

            var changed = request
            changed.attributes["inline_policy"] = [["name": "write", "policy": .string(Self.writePolicy)]]
            changed.attributes["tags"] = ["purpose": "replication"]
            changed.attributes["managed_policy_arns"] = [.string(Self.workerPolicy), .string(Self.registryPolicy)]
            let updated = try await provider.update(
                role, to: changed, changed: ["inline_policy", "tags", "managed_policy_arns"])
            // Read back in the declared order (IAM does not keep one).
            #expect(
                updated.attributes["managed_policy_arns"] == [.string(Self.workerPolicy), .string(Self.registryPolicy)])
            #expect(updated.attributes["inline_policy"] == [["name": "write", "policy": .string(Self.writePolicy)]])
            #expect(updated.tags == ["purpose": "replication"])
            #expect(try await provider.findCreated(request)?.id == role.id)

            try await provider.delete(updated)
            #expect(try await provider.read([updated])[updated.address] == .some(nil))
            try await provider.delete(updated)
        }
    }

    /// An inline policy as its own resource (the provider's current form): created, read back in
    /// the declared formatting, rewritten, and left alone by an update of its role, which declares
    /// no `inline_policy`.
    @Test func iamRolePolicyAsItsOwnResource() async throws {
        try await withMotoProvider { _, provider in
            let role = try await role(provider, name: "training-test-policy-holder")
            let request = makeRequest(
                "aws_iam_role_policy", "replication",
                ["role": .string(role.id), "name": "replication", "policy": .string(Self.readPolicy)])
            let policy = try await provider.create(request)
            #expect(policy.id == "training-test-policy-holder:replication")
            #expect(policy.attributes["policy"] == .string(Self.readPolicy))
            #expect(policy.attributes["role"] == .string(role.id) && policy.attributes["name"] == "replication")

            var changed = request
            changed.attributes["policy"] = .string(Self.writePolicy)
            let updated = try await provider.update(policy, to: changed, changed: ["policy"])
            #expect(updated.attributes["policy"] == .string(Self.writePolicy))

            var retagged = makeRequest(
                "aws_iam_role", role.address.name,
                ["name": .string(role.id), "assume_role_policy": .string(Self.trust), "tags": ["purpose": "dr"]])
            retagged.address = role.address
            _ = try await provider.update(role, to: retagged, changed: ["tags"])
            let still = try #require(try await provider.read([updated])[updated.address] ?? nil)
            #expect(still.attributes["policy"] == .string(Self.writePolicy))

            try await provider.delete(updated)
            #expect(try await provider.read([updated])[updated.address] == .some(nil))
            try await provider.delete(updated)
            try await provider.delete(role)
        }
    }

    @Test func bucketWithVersioningEncryptionLifecycleAndReplication() async throws {
        try await withMotoProvider { _, provider in
            let bucketRequest = makeRequest(
                "aws_s3_bucket", "checkpoints",
                ["bucket": "training-test-checkpoints-3f2a", "force_destroy": true, "tags": ["data": "ckpt"]])
            let bucket = try await provider.create(bucketRequest)
            #expect(bucket.id == "training-test-checkpoints-3f2a")
            #expect(bucket.tags == ["data": "ckpt"])
            #expect(bucket.allTags["fleetform:address"] == "aws_s3_bucket.checkpoints")
            let replica = try await provider.create(
                makeRequest(
                    "aws_s3_bucket", "replica", ["bucket": "training-test-replica-3f2a", "force_destroy": true]))

            var companions: [ResourceState] = []
            for target in [bucket.id, replica.id] {
                let versioning = try await provider.create(
                    makeRequest(
                        "aws_s3_bucket_versioning", "v-" + target,
                        ["bucket": .string(target), "versioning_configuration": ["status": "Enabled"]]))
                #expect(versioning.attributes["versioning_configuration"] == ["status": "Enabled"])
                companions.append(versioning)
            }
            let encryption = try await provider.create(
                makeRequest(
                    "aws_s3_bucket_server_side_encryption_configuration", "checkpoints",
                    [
                        "bucket": .string(bucket.id),
                        "rule": [
                            [
                                "apply_server_side_encryption_by_default": [
                                    "sse_algorithm": "aws:kms", "kms_master_key_id": "alias/ckpt",
                                ]
                            ]
                        ],
                    ]))
            #expect(
                encryption.attributes["rule"]
                    == [
                        [
                            "apply_server_side_encryption_by_default": [
                                "sse_algorithm": "aws:kms", "kms_master_key_id": "alias/ckpt",
                            ]
                        ]
                    ])
            let lifecycleRequest = makeRequest(
                "aws_s3_bucket_lifecycle_configuration", "checkpoints",
                [
                    "bucket": .string(bucket.id),
                    "rule": [
                        [
                            "id": "cold", "status": "Enabled",
                            "transition": [["days": 30, "storage_class": "GLACIER_IR"]], "expiration": ["days": 365],
                        ]
                    ],
                ])
            let lifecycle = try await provider.create(lifecycleRequest)
            // Fleetform sends every rule with a filter on all objects, and reads it back so.
            #expect(
                lifecycle.attributes["rule"]
                    == [
                        [
                            "id": "cold", "status": "Enabled", "filter": [:],
                            "transition": [["days": 30, "storage_class": "GLACIER_IR"]], "expiration": ["days": 365],
                        ]
                    ])
            var shorter = lifecycleRequest
            shorter.attributes["rule"] = [
                ["id": "cold", "status": "Enabled", "transition": [["days": 7, "storage_class": "GLACIER_IR"]]]
            ]
            let lifecycle2 = try await provider.update(lifecycle, to: shorter, changed: ["rule"])
            #expect(
                lifecycle2.attributes["rule"] == [
                    [
                        "id": "cold", "status": "Enabled", "filter": [:],
                        "transition": [["days": 7, "storage_class": "GLACIER_IR"]],
                    ]
                ])

            let replicationRole = try await role(provider, name: "training-test-s3-replication")
            let replication = try await provider.create(
                makeRequest(
                    "aws_s3_bucket_replication_configuration", "checkpoints",
                    [
                        "bucket": .string(bucket.id), "role": replicationRole.attributes["arn"]!,
                        "rule": [
                            [
                                "id": "dr", "status": "Enabled",
                                "destination": [
                                    "bucket": .string("arn:aws:s3:::" + replica.id), "storage_class": "STANDARD_IA",
                                ],
                            ]
                        ],
                    ]))
            #expect(replication.attributes["role"] == replicationRole.attributes["arn"])
            let rule = replication.attributes["rule"]?.listValue?.first?.mapValue
            #expect(rule?["priority"] == 1 && rule?["filter"] == [:])
            #expect(rule?["delete_marker_replication"] == ["status": "Disabled"])
            #expect(
                replication.attributes["rule"]?.listValue?.first?.mapValue?["destination"]
                    == ["bucket": .string("arn:aws:s3:::" + replica.id), "storage_class": "STANDARD_IA"])

            var retagged = bucketRequest
            retagged.attributes["tags"] = ["data": "checkpoints"]
            let bucket2 = try await provider.update(bucket, to: retagged, changed: ["tags"])
            #expect(bucket2.tags == ["data": "checkpoints"])
            #expect(try await provider.findCreated(bucketRequest)?.id == bucket.id)

            for resource in [replication, lifecycle2, encryption] {
                try await provider.delete(resource)
                #expect(try await provider.read([resource])[resource.address] == .some(nil), "\(resource.address)")
                try await provider.delete(resource)
            }
            for versioning in companions {
                try await provider.delete(versioning)
                #expect(
                    try await provider.read([versioning])[versioning.address]??.attributes["versioning_configuration"]
                        == ["status": "Suspended"])
            }
            try await provider.delete(bucket2)
            try await provider.delete(replica)
            let gone = try await provider.read([bucket2, replica])
            #expect(gone[bucket2.address] == .some(nil))
            #expect(gone[replica.address] == .some(nil))
            try await provider.delete(bucket2)
            try await provider.delete(replicationRole)
        }
    }

    /// force_destroy empties the bucket first. DeleteObjects can answer 200 and still refuse the
    /// keys: a bucket policy that denies the deletes is removed (the bucket goes with everything in
    /// it) and the bucket deleted; a refusal that outlasts that (here the caller's own IAM policy)
    /// stops delete at once naming it, instead of listing and deleting the same keys again and again.
    @Test func forceDestroyRemovesADenyingBucketPolicyAndStopsAtAnyOtherRefusal() async throws {
        try await withMotoProvider { _, provider in
            let client = provider.client
            func bucketWithObjects(_ name: String) async throws -> ResourceState {
                let bucket = try await provider.create(
                    makeRequest("aws_s3_bucket", name, ["bucket": .string(name), "force_destroy": true]))
                for key in ["a", "b", "c"] {
                    _ = try await client.send(
                        AWSRequest(
                            service: .s3, action: "PutObject", method: "PUT", path: "/" + key, body: Array(key.utf8),
                            bucket: bucket.id), region: "us-east-1")
                }
                return bucket
            }
            func isGone(_ bucket: ResourceState) async -> Bool {
                let gone = await #expect(throws: AWSError.self) {
                    _ = try await client.s3("HeadBucket", method: "HEAD", bucket: bucket.id, region: "us-east-1")
                }
                return gone?.statusCode == 404
            }

            let logs = try await bucketWithObjects("training-test-logs-77aa")
            let deny =
                #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:DeleteObject","#
                + #""Resource":"arn:aws:s3:::training-test-logs-77aa/*"}]}"#
            _ = try await client.s3(
                "PutBucketPolicy", method: "PUT", bucket: logs.id, subresource: "policy", jsonBody: deny,
                region: "us-east-1")
            try await provider.delete(logs)
            #expect(await isGone(logs))

            let data = try await bucketWithObjects("training-test-data-77aa")
            let userPolicy = { (action: String, document: String?) in
                var input: [String: AttributeValue] = ["UserName": "fleetform-test", "PolicyName": "no-deletes"]
                if let document { input["PolicyDocument"] = .string(document) }
                _ = try await client.call(APIOperation(.iam, action), input, region: "us-east-1")
            }
            try await userPolicy(
                "PutUserPolicy",
                #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"}]}"#)
            let error = await #expect(throws: AWSError.self) { try await provider.delete(data) }
            #expect(error?.code == "AccessDenied", "\(String(describing: error))")
            try await userPolicy("DeleteUserPolicy", nil)
            try await provider.delete(data)
            #expect(await isGone(data))
        }
    }

    @Test func eksClusterAndNodeGroup() async throws {
        try await withMotoProvider { _, provider in
            let eksTrust =
                #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"eks.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#
            let clusterRole = try await role(provider, name: "training-test-eks", trust: eksTrust)
            let nodeRole = try await role(provider, name: "training-test-nodes", trust: eksTrust)
            let vpc = try await provider.create(makeRequest("aws_vpc", "eks", ["cidr_block": "10.2.0.0/16"]))
            var subnets: [String] = []
            for (i, zone) in ["us-east-1a", "us-east-1b"].enumerated() {
                subnets.append(
                    try await provider.create(
                        makeRequest(
                            "aws_subnet", "eks\(i)",
                            [
                                "vpc_id": .string(vpc.id), "cidr_block": .string("10.2.\(i).0/24"),
                                "availability_zone": .string(zone),
                            ])
                    ).id)
            }
            let clusterRequest = makeRequest(
                "aws_eks_cluster", "main",
                [
                    "name": "training-test", "role_arn": clusterRole.attributes["arn"]!, "version": "1.29",
                    "vpc_config": ["subnet_ids": .strings(subnets)], "tags": ["team": "ml"],
                ])
            let cluster = try await provider.create(clusterRequest)
            #expect(cluster.id == "training-test")
            #expect(cluster.attributes["status"] == "ACTIVE")
            #expect(cluster.attributes["vpc_config"] == ["subnet_ids": .strings(subnets)])
            #expect(cluster.tags == ["team": "ml"])
            #expect(cluster.allTags["fleetform:address"] == "aws_eks_cluster.main")

            let groupRequest = makeRequest(
                "aws_eks_node_group", "gpu",
                [
                    "cluster_name": "training-test", "node_group_name": "gpu",
                    "node_role_arn": nodeRole.attributes["arn"]!,
                    "subnet_ids": .strings(subnets), "instance_types": ["g5.xlarge"], "capacity_type": "SPOT",
                    "scaling_config": ["desired_size": 1, "min_size": 0, "max_size": 3], "disk_size": 200,
                    "labels": ["accelerator": "a10g"], "tags": ["pool": "gpu"],
                ])
            let group = try await provider.create(groupRequest)
            #expect(group.id == "training-test:gpu")
            #expect(group.attributes["capacity_type"] == "SPOT")
            #expect(group.attributes["scaling_config"] == ["desired_size": 1, "min_size": 0, "max_size": 3])
            #expect(group.attributes["labels"] == ["accelerator": "a10g"])
            #expect(group.tags == ["pool": "gpu"])

            var scaled = groupRequest
            scaled.attributes["scaling_config"] = ["desired_size": 2, "min_size": 0, "max_size": 5]
            let group2 = try await provider.update(group, to: scaled, changed: ["scaling_config"])
            #expect(group2.attributes["scaling_config"] == ["desired_size": 2, "min_size": 0, "max_size": 5])

            // moto 5.2.1 cannot check the signature of EKS TagResource (the ARN's '/' in the path is
            // decoded before it re-signs; boto3 fails the same way), so a tag change is expected to
            // fail there, and to say so clearly: the XML error a JSON service sends is decoded too.
            var retagged = clusterRequest
            retagged.attributes["tags"] = ["team": "platform"]
            await #expect {
                _ = try await provider.update(cluster, to: retagged, changed: ["tags"])
            } throws: { error in
                (error as? AWSError)?.code == "SignatureDoesNotMatch"
                    && "\(error)".contains("eks TagResource at http://127.0.0.1:")
            }
            let cluster2 = try await provider.update(cluster, to: clusterRequest, changed: [])
            #expect(cluster2.tags == ["team": "ml"])
            #expect(try await provider.findCreated(clusterRequest)?.id == "training-test")

            try await provider.delete(group2)
            #expect(try await provider.read([group2])[group2.address] == .some(nil))
            try await provider.delete(group2)
            try await provider.delete(cluster2)
            #expect(try await provider.read([cluster2])[cluster2.address] == .some(nil))
            try await provider.delete(cluster2)
        }
    }
}
