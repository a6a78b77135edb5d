import FleetformAWS
import FleetformModel
import FleetformTestSupport
import Foundation
import Testing

/// A training-like stack through `AWSProvider.live`, configured only by environment variables
/// (`AWS_ENDPOINT_URL` and the IAM user's key), as the CLI will be: create everything, verify it
/// through the API with its tags, delete in reverse order, and verify nothing tagged remains.
@Suite(.serialized) struct LiveProviderStackTests {
    @Test func applyAndDestroyATrainingStack() async throws {
        try await withMoto { moto, transport in
            let environment = AWSEnvironment(
                variables: [
                    "AWS_ENDPOINT_URL": moto.endpointURL, "AWS_ACCESS_KEY_ID": moto.credentials.accessKeyId,
                    "AWS_SECRET_ACCESS_KEY": moto.credentials.secretAccessKey, "AWS_REGION": "us-east-1",
                ], homeDirectory: "/nonexistent", readFile: { _ in nil })
            let provider = try AWSProvider.live(
                environment: environment, waiter: Waiter(maxAttempts: 20, interval: .milliseconds(100)))
            do {
                try await applyAndDestroy(provider, moto: moto, transport: transport)
            } catch {
                try? await provider.shutdown()
                throw error
            }
            try await provider.shutdown()
        }
    }

    private func applyAndDestroy(_ provider: AWSProvider, moto: MotoServer, transport: AsyncHTTPClientTransport)
        async throws
    {
        var created: [ResourceState] = []
        func create(_ type: String, _ name: String, _ attributes: [String: AttributeValue]) async throws
            -> ResourceState
        {
            let state = try await provider.create(makeRequest(type, name, attributes, stack: "training", env: "ci-42"))
            created.append(state)
            return state
        }
        // The DSL declares the ownership tags in `tags` itself; they must read back there.
        let vpc = try await create(
            "aws_vpc", "core",
            [
                "cidr_block": "10.40.0.0/16", "enable_dns_hostnames": true,
                "tags": [
                    "fleetform:stack": "training", "fleetform:env": "ci-42", "fleetform:address": "aws_vpc.core",
                    "team": "ml",
                ],
            ])
        #expect(
            vpc.tags == [
                "fleetform:stack": "training", "fleetform:env": "ci-42", "fleetform:address": "aws_vpc.core",
                "team": "ml",
            ])
        var subnets: [String] = []
        for (i, zone) in ["us-east-1a", "us-east-1b"].enumerated() {
            subnets.append(
                try await create(
                    "aws_subnet", "core\(i)",
                    [
                        "vpc_id": .string(vpc.id), "cidr_block": .string("10.40.\(i).0/24"),
                        "availability_zone": .string(zone),
                    ]
                ).id)
        }
        let group = try await create(
            "aws_security_group", "nodes",
            [
                "name": "training-ci-42-nodes", "vpc_id": .string(vpc.id),
                "ingress": [["from_port": 0, "to_port": 0, "protocol": "-1", "cidr_blocks": [], "self": true]],
            ])
        let template = try await create(
            "aws_launch_template", "trainers",
            [
                "name": "training-ci-42-trainers", "image_id": "ami-12c6146b", "instance_type": "p4d.24xlarge",
                "vpc_security_group_ids": .strings([group.id]),
            ])
        let asg = try await create(
            "aws_autoscaling_group", "trainers",
            [
                "name": "training-ci-42-trainers", "min_size": 0, "max_size": 8, "desired_capacity": 1,
                "vpc_zone_identifier": .strings(subnets),
                "mixed_instances_policy": [
                    "instances_distribution": [
                        "on_demand_base_capacity": 0, "spot_allocation_strategy": "capacity-optimized",
                    ],
                    "launch_template": [
                        "launch_template_specification": [
                            "launch_template_id": .string(template.id), "version": "$Latest",
                        ],
                        "override": [["instance_type": "p4d.24xlarge"], ["instance_type": "p5.48xlarge"]],
                    ],
                ],
            ])
        _ = try await create(
            "aws_autoscaling_schedule", "nightly",
            [
                "scheduled_action_name": "nightly", "autoscaling_group_name": .string(asg.id), "min_size": 0,
                "max_size": 8,
                "desired_capacity": 0, "recurrence": "0 22 * * *",
            ])
        let bucket = try await create(
            "aws_s3_bucket", "datasets", ["bucket": "training-ci-42-datasets-9c1e", "force_destroy": true])
        _ = try await create(
            "aws_s3_bucket_versioning", "datasets",
            ["bucket": .string(bucket.id), "versioning_configuration": ["status": "Enabled"]])

        // Everything exists as declared, with the ownership tags where the type has tags.
        let refreshed = try await provider.read(created)
        for state in created {
            let current = try #require(refreshed[state.address] ?? nil, "\(state.address) not found")
            #expect(
                current.attributes.filter { $0.key != "tags_all" } == state.attributes.filter { $0.key != "tags_all" },
                "\(state.address)")
            if current.attributes["tags_all"] != nil {
                #expect(current.allTags["fleetform:stack"] == "training", "\(state.address)")
                #expect(current.allTags["fleetform:env"] == "ci-42", "\(state.address)")
                #expect(current.allTags["fleetform:address"] == state.address.description, "\(state.address)")
            }
        }
        #expect(refreshed[asg.address]??.attributes["vpc_zone_identifier"] == .strings(subnets))
        print("training stack: \(created.count) resources; \(provider.client.metrics.summary)")

        for state in created.reversed() { try await provider.delete(state) }
        let after = try await provider.read(created)
        for state in created { #expect(after[state.address] == .some(nil), "\(state.address) still exists") }

        // Nothing tagged with the stack remains. (moto keeps deleted resources' entries in
        // DescribeTags, so each type is described by the tag instead.)
        let client = moto.client(transport: transport)
        for (action, setName) in [
            ("DescribeVpcs", "vpcSet"), ("DescribeSubnets", "subnetSet"),
            ("DescribeSecurityGroups", "securityGroupInfo"),
            ("DescribeLaunchTemplates", "launchTemplates"), ("DescribeInstances", "reservationSet"),
        ] {
            var filter = QueryParameters()
            filter["Filter.1.Name"] = "tag:fleetform:stack"
            filter["Filter.1.Value.1"] = "training"
            if action == "DescribeInstances" {
                filter["Filter.2.Name"] = "instance-state-name"
                filter.setEC2List("Filter.2.Value", ["pending", "running", "stopping", "stopped"])
            }
            let remaining = try await client.query(.ec2, action, filter, region: "us-east-1").list(setName)
            #expect(
                remaining.isEmpty,
                "\(action) still finds \(remaining.count) resource(s) tagged fleetform:stack=training")
        }
        var asgFilter = QueryParameters()
        asgFilter["Filters.member.1.Name"] = "key"
        asgFilter["Filters.member.1.Values.member.1"] = "fleetform:stack"
        let asgTags = try await client.query(.autoScaling, "DescribeTags", asgFilter, region: "us-east-1")
        #expect(asgTags.all("ResourceId").isEmpty)
        let buckets = try XMLTree.parse(
            try await client.s3("ListBuckets", method: "GET", bucket: nil, region: "us-east-1").body)
        #expect(buckets.all("Bucket").isEmpty)
    }
}
