import FleetformAWS
import FleetformModel
import FleetformTestSupport
import Foundation
import Testing

/// Changes made outside Fleetform come back in a read, for the types the shipped stacks do not
/// use (`ShippedStacksTests` changes one of every type of `training`): EC2 fleets, Auto Scaling
/// schedules, EKS clusters and node groups. Each change goes through the API directly, as someone
/// at the console would make it.
@Suite(.serialized) struct DriftDetectionTests {
    @Test func fleetsSchedulesAndEKSShowChangesMadeOutsideFleetform() async throws {
        try await withMotoProvider { _, provider in
            let client = provider.client
            let vpc = try await provider.create(makeRequest("aws_vpc", "net", ["cidr_block": "10.3.0.0/16"]))
            var subnets: [String] = []
            for (i, zone) in ["us-east-1a", "us-east-1b"].enumerated() {
                subnets.append(
                    try await provider.create(
                        makeRequest(
                            "aws_subnet", "net\(i)",
                            [
                                "vpc_id": .string(vpc.id), "cidr_block": .string("10.3.\(i).0/24"),
                                "availability_zone": .string(zone),
                            ])
                    ).id)
            }
            let template = try await provider.create(
                makeRequest(
                    "aws_launch_template", "t",
                    ["name": "drift-template", "image_id": "ami-12c6146b", "instance_type": "g5.xlarge"]))
            let fleet = try await provider.create(
                makeRequest(
                    "aws_ec2_fleet", "burst",
                    [
                        "target_capacity_specification": [
                            "total_target_capacity": 1, "default_target_capacity_type": "spot",
                        ],
                        "launch_template_config": [
                            "launch_template_specification": [
                                "launch_template_id": .string(template.id), "version": "1",
                            ],
                            "override": [["instance_type": "g5.xlarge", "subnet_id": .string(subnets[0])]],
                        ],
                    ]))
            let group = try await provider.create(
                makeRequest(
                    "aws_autoscaling_group", "g",
                    [
                        "name": "drift-group", "min_size": 0, "max_size": 2, "vpc_zone_identifier": .strings(subnets),
                        "mixed_instances_policy": [
                            "launch_template": [
                                "launch_template_specification": [
                                    "launch_template_id": .string(template.id), "version": "$Latest",
                                ],
                                "override": [["instance_type": "g5.xlarge"]],
                            ]
                        ],
                    ]))
            let schedule = try await provider.create(
                makeRequest(
                    "aws_autoscaling_schedule", "nightly",
                    [
                        "autoscaling_group_name": .string(group.id), "scheduled_action_name": "nightly",
                        "desired_capacity": 0, "recurrence": "0 22 * * *",
                    ]))
            let trust =
                #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"eks.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#
            let role = try await provider.create(
                makeRequest("aws_iam_role", "eks", ["name": "drift-eks", "assume_role_policy": .string(trust)]))
            let cluster = try await provider.create(
                makeRequest(
                    "aws_eks_cluster", "main",
                    [
                        "name": "drift", "role_arn": role.attributes["arn"]!,
                        "vpc_config": ["subnet_ids": .strings(subnets)],
                    ]))
            let nodeGroup = try await provider.create(
                makeRequest(
                    "aws_eks_node_group", "gpu",
                    [
                        "cluster_name": "drift", "node_group_name": "gpu", "node_role_arn": role.attributes["arn"]!,
                        "subnet_ids": .strings(subnets),
                        "scaling_config": ["desired_size": 1, "min_size": 0, "max_size": 2],
                    ]))

            // Outside Fleetform: the fleet deleted, the schedule moved, the cluster narrowed to one
            // subnet, the node group scaled.
            var deleteFleet = QueryParameters()
            deleteFleet["FleetId.1"] = fleet.id
            deleteFleet["TerminateInstances"] = "true"
            _ = try await client.query(.ec2, "DeleteFleets", deleteFleet, region: "us-east-1")
            var move = QueryParameters()
            move["AutoScalingGroupName"] = group.id
            move["ScheduledActionName"] = "nightly"
            move["Recurrence"] = "0 5 * * *"
            _ = try await client.query(.autoScaling, "PutScheduledUpdateGroupAction", move, region: "us-east-1")
            _ = try await client.restJSON(
                .eks, "UpdateClusterConfig", method: "POST", path: "/clusters/drift/update-config",
                body: ["resourcesVpcConfig": ["subnetIds": .strings([subnets[0]])]], region: "us-east-1")
            _ = try await client.restJSON(
                .eks, "UpdateNodegroupConfig", method: "POST", path: "/clusters/drift/node-groups/gpu/update-config",
                body: ["scalingConfig": ["desiredSize": 2, "minSize": 0, "maxSize": 4]], region: "us-east-1")

            let read = try await provider.read([fleet, schedule, cluster, nodeGroup])
            #expect(read[fleet.address] == .some(nil), "a deleted fleet reads as gone")
            #expect(read[schedule.address]??.attributes["recurrence"] == "0 5 * * *")
            #expect(read[cluster.address]??.attributes["vpc_config"] == ["subnet_ids": .strings([subnets[0]])])
            #expect(
                read[nodeGroup.address]??.attributes["scaling_config"] == [
                    "desired_size": 2, "min_size": 0, "max_size": 4,
                ])

            for resource in [nodeGroup, cluster, role, schedule, group, template] {
                try await provider.delete(resource)
            }
        }
    }
}
