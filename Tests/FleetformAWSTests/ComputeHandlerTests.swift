import FleetformAWS
import FleetformModel
import FleetformTestSupport
import Foundation
import Testing

/// Security groups, launch templates, auto scaling groups (+ schedules) and EC2 fleets against
/// moto with signature checking on.
@Suite(.serialized) struct ComputeHandlerTests {
    /// A VPC and a subnet to put things in.
    func network(_ provider: AWSProvider) async throws -> (vpc: ResourceState, subnet: ResourceState) {
        let vpc = try await provider.create(makeRequest("aws_vpc", "net", ["cidr_block": "10.1.0.0/16"]))
        let subnet = try await provider.create(
            makeRequest(
                "aws_subnet", "net",
                ["vpc_id": .string(vpc.id), "cidr_block": "10.1.1.0/24", "availability_zone": "us-east-1a"]))
        return (vpc, subnet)
    }

    @Test func securityGroupWithRules() async throws {
        try await withMotoProvider { _, provider in
            let (vpc, _) = try await network(provider)
            let request = makeRequest(
                "aws_security_group", "nodes",
                [
                    "name": "training-nodes", "description": "GPU nodes", "vpc_id": .string(vpc.id),
                    "ingress": [
                        [
                            "from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["10.0.0.0/8"],
                            "self": false,
                        ],
                        ["from_port": 0, "to_port": 0, "protocol": "-1", "cidr_blocks": [], "self": true],
                    ],
                    "egress": [
                        ["from_port": 0, "to_port": 0, "protocol": "-1", "cidr_blocks": ["0.0.0.0/0"], "self": false]
                    ],
                    "tags": ["role": "nodes"],
                ])
            let group = try await provider.create(request)
            #expect(group.id.hasPrefix("sg-"))
            #expect(group.attributes["name"] == "training-nodes")
            let ingress = group.attributes["ingress"]?.listValue ?? []
            #expect(ingress.count == 2)
            #expect(
                ingress.contains([
                    "from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["10.0.0.0/8"], "self": false,
                ]))
            #expect(
                ingress.contains(["from_port": 0, "to_port": 0, "protocol": "-1", "cidr_blocks": [], "self": true]))
            #expect(group.tags == ["role": "nodes"])

            var changed = request
            changed.attributes["ingress"] = [
                ["from_port": 443, "to_port": 443, "protocol": "tcp", "cidr_blocks": ["10.0.0.0/8"], "self": false]
            ]
            let updated = try await provider.update(group, to: changed, changed: ["ingress"])
            #expect(
                updated.attributes["ingress"] == [
                    ["from_port": 443, "to_port": 443, "protocol": "tcp", "cidr_blocks": ["10.0.0.0/8"], "self": false]
                ])
            #expect(try await provider.findCreated(request)?.id == group.id)

            try await provider.delete(updated)
            #expect(try await provider.read([updated])[updated.address] == .some(nil))
            try await provider.delete(updated)
        }
    }

    /// AWS merges rules with the same protocol and ports into one permission; the declared
    /// grouping must come back unchanged (no perpetual diff), and the rules must not be re-applied.
    @Test func mergedPermissionsReadBackAsDeclared() async throws {
        try await withMotoProvider { _, provider in
            let (vpc, _) = try await network(provider)
            let ingress: AttributeValue = [
                ["from_port": 0, "to_port": 0, "protocol": "-1", "self": true, "cidr_blocks": []],
                ["from_port": 0, "to_port": 0, "protocol": "-1", "self": false, "cidr_blocks": ["10.0.0.0/8"]],
                ["from_port": 0, "to_port": 0, "protocol": "-1", "self": false, "cidr_blocks": ["172.16.0.0/12"]],
            ]
            let request = makeRequest(
                "aws_security_group", "core", ["name": "core-nodes", "vpc_id": .string(vpc.id), "ingress": ingress])
            let group = try await provider.create(request)
            #expect(group.attributes["ingress"] == ingress)
            let refreshed = try #require(try await provider.read([group])[group.address] ?? nil)
            #expect(refreshed.attributes["ingress"] == ingress)
            // Seen without the declaration's grouping, the same access is one rule per source.
            var bare = group
            bare.attributes["ingress"] = nil
            let canonical = try #require(try await provider.read([bare])[bare.address] ?? nil)
            #expect(canonical.attributes["ingress"]?.listValue?.count == 3)
            provider.client.metrics.reset()
            _ = try await provider.update(group, to: request, changed: [])
            #expect(provider.client.metrics.count(.ec2, action: "AuthorizeSecurityGroupIngress") == 0)
            #expect(provider.client.metrics.count(.ec2, action: "RevokeSecurityGroupIngress") == 0)
        }
    }

    func launchTemplateRequest(name: String, instanceType: String, securityGroups: [String] = []) -> ResourceRequest {
        makeRequest(
            "aws_launch_template", name,
            [
                "name": .string(name), "image_id": "ami-12c6146b", "instance_type": .string(instanceType),
                "block_device_mappings": [
                    ["device_name": "/dev/xvda", "ebs": ["volume_size": 200, "volume_type": "gp3"]]
                ],
                "vpc_security_group_ids": .strings(securityGroups), "tags": ["pool": "trainers"],
            ])
    }

    @Test func launchTemplateVersionsOnUpdate() async throws {
        try await withMotoProvider { _, provider in
            let request = launchTemplateRequest(name: "training-trainers", instanceType: "p4d.24xlarge")
            let template = try await provider.create(request)
            #expect(template.id.hasPrefix("lt-"))
            #expect(template.attributes["instance_type"] == "p4d.24xlarge")
            #expect(
                template.attributes["block_device_mappings"]
                    == [["device_name": "/dev/xvda", "ebs": ["volume_size": 200, "volume_type": "gp3"]]])
            #expect(template.tags == ["pool": "trainers"])
            #expect(template.allTags["fleetform:env"] == "test")

            var changed = request
            changed.attributes["instance_type"] = "p5.48xlarge"
            let updated = try await provider.update(template, to: changed, changed: ["instance_type"])
            #expect(updated.attributes["instance_type"] == "p5.48xlarge")
            #expect(updated.attributes["default_version"] == 2)
            #expect(try await provider.findCreated(request)?.id == template.id)

            try await provider.delete(updated)
            #expect(try await provider.read([updated])[updated.address] == .some(nil))
            try await provider.delete(updated)
        }
    }

    @Test func autoScalingGroupWithMixedInstancesAndSchedule() async throws {
        try await withMotoProvider { _, provider in
            let (_, subnet) = try await network(provider)
            let template = try await provider.create(
                launchTemplateRequest(name: "asg-template", instanceType: "g5.xlarge"))
            let request = makeRequest(
                "aws_autoscaling_group", "trainers",
                [
                    "name": "training-test-trainers", "min_size": 0, "max_size": 4, "desired_capacity": 1,
                    "vpc_zone_identifier": .strings([subnet.id]), "capacity_rebalance": true,
                    "tag": [["key": "pool", "value": "trainers", "propagate_at_launch": true]],
                    "mixed_instances_policy": [
                        "instances_distribution": [
                            "on_demand_base_capacity": 0, "on_demand_percentage_above_base_capacity": 0,
                            "spot_allocation_strategy": "price-capacity-optimized",
                        ],
                        "launch_template": [
                            "launch_template_specification": [
                                "launch_template_id": .string(template.id), "version": "$Latest",
                            ],
                            "override": [
                                ["instance_type": "g5.xlarge", "weighted_capacity": "1"],
                                ["instance_type": "g5.2xlarge", "weighted_capacity": "2"],
                            ],
                        ],
                    ],
                ])
            let group = try await provider.create(request)
            #expect(group.id == "training-test-trainers")
            #expect(group.attributes["max_size"] == 4)
            #expect(group.attributes["vpc_zone_identifier"] == .strings([subnet.id]))
            // The provider's shape: `tag` blocks of every tag, sorted by key, and no tags map.
            #expect(group.attributes["tags"] == nil && group.attributes["tags_all"] == nil)
            let tags: [(String, String)] = [
                ("fleetform:address", "aws_autoscaling_group.trainers"), ("fleetform:env", "test"),
                ("fleetform:stack", "training"), ("pool", "trainers"),
            ]
            #expect(
                group.attributes["tag"]
                    == .list(tags.map { ["key": .string($0.0), "value": .string($0.1), "propagate_at_launch": true] }))
            let policy = group.attributes["mixed_instances_policy"]?.mapValue
            let overrides = policy?["launch_template"]?.mapValue?["override"]?.listValue
            #expect(overrides?.count == 2)
            #expect(
                policy?["instances_distribution"]?.mapValue?["spot_allocation_strategy"] == "price-capacity-optimized")

            var changed = request
            changed.attributes["desired_capacity"] = 2
            changed.attributes["tag"] = [["key": "tier", "value": "gpu", "propagate_at_launch": true]]
            let updated = try await provider.update(group, to: changed, changed: ["desired_capacity", "tag"])
            #expect(updated.attributes["desired_capacity"] == 2)
            let keys = updated.attributes["tag"]?.listValue?.compactMap { $0.mapValue?["key"]?.stringValue }
            #expect(keys == ["fleetform:address", "fleetform:env", "fleetform:stack", "tier"])

            let scheduleRequest = makeRequest(
                "aws_autoscaling_schedule", "nightly",
                [
                    "scheduled_action_name": "scale-down-nightly", "autoscaling_group_name": .string(group.id),
                    "min_size": 0,
                    "max_size": 4, "desired_capacity": 0, "recurrence": "0 22 * * *", "time_zone": "Europe/Berlin",
                ])
            let schedule = try await provider.create(scheduleRequest)
            #expect(schedule.id == "training-test-trainers/scale-down-nightly")
            #expect(schedule.attributes["recurrence"] == "0 22 * * *")
            var later = scheduleRequest
            later.attributes["recurrence"] = "0 23 * * *"
            let moved = try await provider.update(schedule, to: later, changed: ["recurrence"])
            #expect(moved.attributes["recurrence"] == "0 23 * * *")
            try await provider.delete(moved)
            #expect(try await provider.read([moved])[moved.address] == .some(nil))
            try await provider.delete(moved)

            try await provider.delete(updated)
            #expect(try await provider.read([updated])[updated.address] == .some(nil))
            try await provider.delete(updated)
            #expect(try await provider.findCreated(request) == nil)
        }
    }

    @Test func ec2FleetFoundByTagsAfterALostAnswer() async throws {
        try await withMotoProvider { _, provider in
            let (_, subnet) = try await network(provider)
            let template = try await provider.create(
                launchTemplateRequest(name: "fleet-template", instanceType: "g5.xlarge"))
            let request = makeRequest(
                "aws_ec2_fleet", "burst",
                [
                    "type": "maintain",
                    "target_capacity_specification": [
                        "total_target_capacity": 2, "on_demand_target_capacity": 0, "spot_target_capacity": 2,
                        "default_target_capacity_type": "spot",
                    ],
                    "launch_template_config": [
                        "launch_template_specification": ["launch_template_id": .string(template.id), "version": "1"],
                        "override": [
                            ["instance_type": "g5.xlarge", "weighted_capacity": 1, "subnet_id": .string(subnet.id)]
                        ],
                    ],
                    "spot_options": ["allocation_strategy": "capacity-optimized"],
                    "on_demand_options": ["allocation_strategy": "lowest-price"],
                    "tags": ["pool": "burst"],
                ])
            #expect(try await provider.findCreated(request) == nil)
            let fleet = try await provider.create(request)
            #expect(fleet.id.hasPrefix("fleet-"))
            #expect(fleet.attributes["type"] == "maintain")
            #expect(fleet.attributes["target_capacity_specification"]?.mapValue?["total_target_capacity"] == 2)
            #expect(fleet.attributes["spot_options"] == ["allocation_strategy": "capacity-optimized"])
            #expect(fleet.tags == ["pool": "burst"])
            // What an interrupted create resolves to: the same fleet, found by its ownership tags.
            #expect(try await provider.findCreated(request)?.id == fleet.id)
            var other = request
            other.ownershipTags["fleetform:address"] = "aws_ec2_fleet.other"
            #expect(try await provider.findCreated(other) == nil)

            var changed = request
            changed.attributes["tags"] = ["pool": "burst", "owner": "ml"]
            let updated = try await provider.update(fleet, to: changed, changed: ["tags"])
            #expect(updated.tags == ["pool": "burst", "owner": "ml"])

            try await provider.delete(updated)
            #expect(try await provider.read([updated])[updated.address] == .some(nil))
            try await provider.delete(updated)
        }
    }
}
