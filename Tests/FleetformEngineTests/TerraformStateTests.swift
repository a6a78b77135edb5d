import FleetformEngine
import FleetformModel
import Foundation
import Testing

/// Terraform's state format 4: reading what Terraform wrote, refusing other formats, and writing
/// a Fleetform state in it. (That real `terraform plan` finds no changes against such a state is
/// tested in the CLI tests, against moto.)
@Suite struct TerraformStateTests {
    static let written = #"""
        {
          "version": 4, "terraform_version": "1.11.4", "serial": 7, "lineage": "tf-lineage",
          "outputs": {},
          "resources": [
            {"mode": "data", "type": "aws_caller_identity", "name": "me",
             "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]", "instances": [{"attributes": {"id": "1"}}]},
            {"mode": "managed", "type": "aws_subnet", "name": "core",
             "provider": "provider[\"registry.terraform.io/hashicorp/aws\"].us-east-1",
             "instances": [
               {"index_key": "us-east-1a", "schema_version": 1, "attributes": {"id": "subnet-1", "vpc_id": "vpc-1"},
                "sensitive_attributes": [], "dependencies": ["aws_vpc.core"]},
               {"index_key": 0, "schema_version": 1, "attributes": {"id": "subnet-2"}}
             ]},
            {"module": "module.a.module.b", "mode": "managed", "type": "aws_vpc", "name": "core",
             "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
             "instances": [{"schema_version": 1, "attributes": {"id": "vpc-1", "cidr_block": "10.0.0.0/16"}}]}
          ],
          "check_results": null
        }
        """#

    @Test func readsManagedInstancesWithTheirAddresses() throws {
        let state = try TerraformState.decode(Array(Self.written.utf8), file: "terraform.tfstate")
        #expect(state.serial == 7 && state.lineage == "tf-lineage")
        let instances = state.instances
        #expect(
            instances.map(\.address) == [
                "aws_subnet.core[\"us-east-1a\"]", "aws_subnet.core[0]", "module.a.module.b.aws_vpc.core",
            ])
        #expect(
            instances.map(\.fleetformAddress.description) == [
                "aws_subnet.core[\"us-east-1a\"]", "aws_subnet.core[\"0\"]", "module.a.module.b.aws_vpc.core",
            ])
        #expect(instances.map(\.id) == ["subnet-1", "subnet-2", "vpc-1"])
        #expect(instances.first?.instance.dependencies == ["aws_vpc.core"])
    }

    @Test(arguments: [
        (3, "before 0.12"), (5, "newer than format 4"),
    ])
    func refusesOtherFormatsSayingWhatToDo(version: Int, says: String) {
        let text = #"{"version": \#(version), "serial": 1, "lineage": "x", "resources": []}"#
        #expect {
            try TerraformState.decode(Array(text.utf8), file: "old.tfstate")
        } throws: { error in
            "\(error)".contains("old.tfstate is a Terraform state of format \(version)") && "\(error)".contains(says)
        }
    }

    @Test func refusesWhatIsNotAState() {
        #expect {
            try TerraformState.decode(Array("{\"resources\": [".utf8), file: "x.tfstate")
        } throws: { error in
            "\(error)".hasPrefix("x.tfstate is not a Terraform state Fleetform can read")
        }
        #expect {
            try TerraformState.decode(
                Array(
                    #"{"version": 4, "resources": [{"module": "module.a[\"k\"]", "type": "aws_vpc", "name": "x"}]}"#
                        .utf8), file: "k.tfstate")
        } throws: { error in
            "\(error)".contains("module instance keys")
        }
    }

    static let state = Fixtures.state([
        Fixtures.recorded(
            "aws_vpc.core", id: "vpc-1", ["id": "vpc-1", "cidr_block": "10.40.0.0/16", "tags": ["a": "b"], "extra": 1]),
        Fixtures.recorded(
            "aws_subnet.core[\"us-east-1a\"]", id: "subnet-1",
            ["vpc_id": "vpc-1", "cidr_block": "10.40.0.0/20", "map_public_ip_on_launch": "false"],
            dependencies: ["aws_vpc.core"]),
        Fixtures.recorded(
            "module.ranking.aws_autoscaling_group.servers", id: "servers",
            [
                "name": "servers", "min_size": "0", "max_size": 2,
                "tag": [["key": "team", "value": "ml", "propagate_at_launch": true]],
                "mixed_instances_policy": ["launch_template": ["version": "$Latest"]],
            ], dependencies: ["aws_subnet.core[\"us-east-1a\"]", "aws_subnet.core[\"us-east-1b\"]"]),
    ])

    @Test func exportsEveryAttributeOfTheSchemaShapedAndTyped() throws {
        let exported = try TerraformState(exporting: Self.state, schema: TerraformFixtures.schema) { $0.id }
        #expect(exported.lineage == "6f1c2d9e-lineage" && exported.serial == 3)
        #expect(exported.terraformVersion == TerraformState.writtenTerraformVersion)
        let vpc = try #require(exported.resources.first { $0.type == "aws_vpc" })
        #expect(vpc.provider == #"provider["registry.terraform.io/hashicorp/aws"].us-east-1"#)
        #expect(
            vpc.instances == [
                TerraformState.Instance(
                    schemaVersion: 1,
                    attributes: [
                        "id": "vpc-1", "arn": nil, "cidr_block": "10.40.0.0/16", "instance_tenancy": "default",
                        "tags": ["a": "b"], "tags_all": nil,
                    ])
            ])
        let subnet = try #require(exported.resources.first { $0.type == "aws_subnet" }?.instances.first)
        #expect(subnet.key == .string("us-east-1a"))
        #expect(subnet.attributes["map_public_ip_on_launch"] == false)
        #expect(subnet.dependencies == ["aws_vpc.core"])
        let group = try #require(exported.resources.first { $0.type == "aws_autoscaling_group" })
        #expect(group.modulePath == ["ranking"])
        let values = try #require(group.instances.first?.attributes)
        #expect(values["min_size"] == 0)
        #expect(values["force_delete"] == false)
        #expect(values["vpc_zone_identifier"] == .null)
        #expect(values["mixed_instances_policy"] == [["launch_template": [["version": "$Latest"]]]])
        #expect(group.instances.first?.dependencies == ["aws_subnet.core"])
    }

    @Test func writesFormat4ThatReadsBack() throws {
        let exported = try TerraformState(exporting: Self.state, schema: TerraformFixtures.schema) { "tf-" + $0.id }
        let text = String(decoding: exported.encode(), as: UTF8.self)
        #expect(text.contains("\"version\": 4"))
        #expect(text.contains("\"sensitive_attributes\": []"))
        let read = try TerraformState.decode(exported.encode(), file: "exported.tfstate")
        #expect(read == exported)
        #expect(read.instances.map(\.id) == ["tf-subnet-1", "tf-vpc-1", "tf-servers"])
        #expect(
            read.instances.map(\.address) == [
                "aws_subnet.core[\"us-east-1a\"]", "aws_vpc.core", "module.ranking.aws_autoscaling_group.servers",
            ])
    }
}
