import FleetformEngine
import FleetformModel
import Foundation
import Testing

struct PlanJSONRendererTests {
    func rendered() throws -> [String: Any] {
        let json = PlanJSONRenderer().render(try SamplePlan.plan(), priorState: SamplePlan.state)
        return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    func change(_ document: [String: Any], _ address: String) throws -> [String: Any] {
        let changes = try #require(document["resource_changes"] as? [[String: Any]])
        return try #require(changes.first { $0["address"] as? String == address })
    }

    @Test func hasTheTopLevelFieldsConsumersRead() throws {
        let document = try rendered()
        #expect(document["format_version"] as? String == "1.2")
        #expect(document["terraform_version"] as? String == "fleetform-0.1.0")
        #expect(document["errored"] as? Bool == false)
        let planned = try #require((document["planned_values"] as? [String: Any])?["root_module"] as? [String: Any])
        let plannedAddresses = (planned["resources"] as? [[String: Any]])?.compactMap { $0["address"] as? String }
        #expect(
            plannedAddresses == [
                "aws_autoscaling_group.trainers", "aws_iam_role.replication", "aws_subnet.a", "aws_vpc.core",
            ])
        let prior = try #require(
            ((document["prior_state"] as? [String: Any])?["values"] as? [String: Any])?["root_module"] as? [String: Any]
        )
        #expect((prior["resources"] as? [[String: Any]])?.count == 3)
        let changes = try #require(document["resource_changes"] as? [[String: Any]])
        #expect(
            changes.map { $0["address"] as? String ?? "" }.sorted() == changes.map { $0["address"] as? String ?? "" })
        #expect(document["configuration"] is [String: Any])
    }

    @Test func resourceChangeCarriesActionsValuesAndUnknowns() throws {
        let document = try rendered()
        let vpc = try change(document, "aws_vpc.core")
        #expect(vpc["mode"] as? String == "managed")
        #expect(vpc["type"] as? String == "aws_vpc")
        #expect(vpc["name"] as? String == "core")
        #expect(vpc["provider_name"] as? String == "registry.terraform.io/hashicorp/aws")
        #expect(vpc["action_reason"] as? String == "replace_because_cannot_update")
        let body = try #require(vpc["change"] as? [String: Any])
        #expect(body["actions"] as? [String] == ["delete", "create"])
        #expect((body["before"] as? [String: Any])?["id"] as? String == "vpc-1")
        let after = try #require(body["after"] as? [String: Any])
        #expect(after["id"] == nil && after["cidr_block"] as? String == "10.50.0.0/16")
        #expect(body["after_unknown"] as? [String: Bool] == ["id": true, "arn": true])
        #expect(body["replace_paths"] as? [[String]] == [["cidr_block"]])

        let subnet = try change(document, "aws_subnet.a")
        let subnetBody = try #require(subnet["change"] as? [String: Any])
        #expect(subnetBody["before"] is NSNull)
        #expect(subnetBody["before_sensitive"] as? Bool == false)

        let role = try change(document, "aws_iam_role.replication")
        #expect((role["change"] as? [String: Any])?["after_sensitive"] as? [String: Bool] == ["secret": true])

        let bucket = try change(document, "aws_s3_bucket.old")
        let bucketBody = try #require(bucket["change"] as? [String: Any])
        #expect(bucketBody["actions"] as? [String] == ["delete"])
        #expect(bucketBody["after"] is NSNull)
        #expect(bucket["action_reason"] as? String == "delete_because_no_resource_config")
    }

    @Test func nestedUnknownsAreMarkedAndModulesNest() throws {
        let manifest = Fixtures.manifest([
            Fixtures.declared("module.training.aws_vpc.core[\"a\"]", ["cidr_block": "10.0.0.0/16"]),
            Fixtures.declared(
                "aws_autoscaling_group.pool",
                [
                    "zones": [Fixtures.ref("module.training.aws_vpc.core[\"a\"].id"), "x"],
                    "lt": ["id": Fixtures.ref("module.training.aws_vpc.core[\"a\"].arn"), "v": 1],
                ]),
        ])
        let plan = try Planner().plan(manifest: manifest, state: Fixtures.state([]), schemas: Fixtures.schemas)
        let json = PlanJSONRenderer().render(plan, priorState: nil)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(document["prior_state"] == nil)
        let pool = try change(document, "aws_autoscaling_group.pool")
        let body = try #require(pool["change"] as? [String: Any])
        let unknown = try #require(body["after_unknown"] as? [String: Any])
        #expect(unknown["zones"] as? [Bool] == [true, false])
        #expect(unknown["lt"] as? [String: Bool] == ["id": true])
        #expect(unknown["id"] as? Bool == true)
        let after = try #require(body["after"] as? [String: Any])
        #expect((after["zones"] as? [Any])?.count == 2)
        #expect((after["lt"] as? [String: Any])?["id"] == nil)

        let vpc = try change(document, "module.training.aws_vpc.core[\"a\"]")
        #expect(vpc["module_address"] as? String == "module.training")
        #expect(vpc["index"] as? String == "a")
        let root = try #require((document["planned_values"] as? [String: Any])?["root_module"] as? [String: Any])
        let child = try #require((root["child_modules"] as? [[String: Any]])?.first)
        #expect(child["address"] as? String == "module.training")
        #expect(
            (child["resources"] as? [[String: Any]])?.first?["address"] as? String
                == "module.training.aws_vpc.core[\"a\"]")

        let configuration = try #require(document["configuration"] as? [String: Any])
        let configRoot = try #require(configuration["root_module"] as? [String: Any])
        let poolConfig = try #require((configRoot["resources"] as? [[String: Any]])?.first)
        let expressions = try #require(poolConfig["expressions"] as? [String: [String: Any]])
        #expect(
            expressions["zones"]?["references"] as? [String] == [
                "module.training.aws_vpc.core[\"a\"].id", "module.training.aws_vpc.core[\"a\"]",
                "module.training.aws_vpc.core",
            ])
        #expect(configRoot["module_calls"] is [String: Any])
    }

    @Test func driftBecomesResourceDrift() throws {
        var plan = try SamplePlan.plan()
        plan.drift = [
            DriftedAttribute(
                address: Fixtures.address("aws_autoscaling_group.trainers"), attribute: "desired_capacity",
                recorded: 2, actual: 3),
            DriftedAttribute(
                address: Fixtures.address("aws_s3_bucket.old"), attribute: "bucket", recorded: "old-bucket", actual: nil
            ),
        ]
        let json = PlanJSONRenderer().render(plan, priorState: SamplePlan.state)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let drift = try #require(document["resource_drift"] as? [[String: Any]])
        #expect(drift.map { $0["address"] as? String } == ["aws_autoscaling_group.trainers", "aws_s3_bucket.old"])
        let pool = try #require(drift[0]["change"] as? [String: Any])
        #expect(pool["actions"] as? [String] == ["update"])
        #expect((pool["before"] as? [String: Int])?["desired_capacity"] == 2)
        #expect((pool["after"] as? [String: Int])?["desired_capacity"] == 3)
        #expect(drift[0]["provider_name"] as? String == "registry.terraform.io/hashicorp/aws")
        #expect((drift[1]["change"] as? [String: Any])?["actions"] as? [String] == ["delete"])
    }
}
