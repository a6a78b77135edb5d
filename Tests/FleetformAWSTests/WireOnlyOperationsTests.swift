import FleetformAWS
import FleetformModel
import FleetformTestSupport
import Foundation
import Testing

/// Updates moto 5.2.1 cannot carry out (ModifyFleet answers 500, UpdateClusterVersion 404) are
/// still sent, recorded on the client side (moto's recorder never sees a route it does not know)
/// and checked against botocore's models like every other request; node group labels (which moto
/// does apply) ride along.
@Suite(.serialized) struct WireOnlyOperationsTests {
    @Test func updatesTheEmulatorLacksStillMatchTheAPIDefinitions() async throws {
        try await withMoto { moto, transport in
            let recorder = RecordingTransport(wrapping: transport)
            let provider = AWSProvider(
                client: moto.client(transport: recorder, retryPolicy: .none),
                waiter: Waiter(maxAttempts: 20, interval: .milliseconds(100)))
            let vpc = try await provider.create(makeRequest("aws_vpc", "net", ["cidr_block": "10.4.0.0/16"]))
            var subnets: [String] = []
            for (i, zone) in ["us-east-1a", "us-east-1b"].enumerated() {
                subnets.append(
                    try await provider.create(
                        makeRequest(
                            "aws_subnet", "net\(i)",
                            [
                                "vpc_id": .string(vpc.id), "cidr_block": .string("10.4.\(i).0/24"),
                                "availability_zone": .string(zone),
                            ])
                    ).id)
            }
            let template = try await provider.create(
                makeRequest("aws_launch_template", "t", ["name": "wire-template", "image_id": "ami-12c6146b"]))
            let fleetRequest = makeRequest(
                "aws_ec2_fleet", "burst",
                [
                    "target_capacity_specification": [
                        "total_target_capacity": 1, "default_target_capacity_type": "spot",
                    ],
                    "launch_template_config": [
                        "launch_template_specification": ["launch_template_id": .string(template.id), "version": "1"],
                        "override": [["instance_type": "g5.xlarge", "subnet_id": .string(subnets[0])]],
                    ],
                ])
            let fleet = try await provider.create(fleetRequest)
            var larger = fleetRequest
            larger.attributes["target_capacity_specification"] = [
                "total_target_capacity": 3, "default_target_capacity_type": "spot",
            ]
            await #expect(throws: AWSError.self) {
                _ = try await provider.update(fleet, to: larger, changed: ["target_capacity_specification"])
            }

            let trust =
                #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"eks.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#
            let role = try await provider.create(
                makeRequest("aws_iam_role", "eks", ["name": "wire-eks", "assume_role_policy": .string(trust)]))
            let clusterRequest = makeRequest(
                "aws_eks_cluster", "main",
                [
                    "name": "wire", "role_arn": role.attributes["arn"]!, "version": "1.29",
                    "vpc_config": ["subnet_ids": .strings(subnets)],
                ])
            let cluster = try await provider.create(clusterRequest)
            var upgraded = clusterRequest
            upgraded.attributes["version"] = "1.30"
            await #expect(throws: AWSError.self) {
                _ = try await provider.update(cluster, to: upgraded, changed: ["version"])
            }
            let groupRequest = makeRequest(
                "aws_eks_node_group", "gpu",
                [
                    "cluster_name": "wire", "node_group_name": "gpu", "node_role_arn": role.attributes["arn"]!,
                    "subnet_ids": .strings(subnets), "labels": ["pool": "gpu", "tier": "a"],
                    "scaling_config": ["desired_size": 1, "min_size": 0, "max_size": 2],
                ])
            let group = try await provider.create(groupRequest)
            var relabelled = groupRequest
            relabelled.attributes["labels"] = ["pool": "gpu", "zone": "b"]
            let group2 = try await provider.update(group, to: relabelled, changed: ["labels"])
            #expect(group2.attributes["labels"] == ["pool": "gpu", "zone": "b"])

            let report = try WireCheck.run(recordings: [recorder.path])
            for operation in ["ec2:ModifyFleet", "eks:UpdateClusterVersion", "eks:UpdateNodegroupConfig"] {
                #expect(report.operations[operation] == 1, "\(operation) was not sent: \(report.operations)")
            }
            #expect(report.problems.isEmpty, "\(report)")
        }
    }
}
