import FleetformEngine
import FleetformModel
import Foundation
import Testing

/// A small plan touching every action: a create with nested values, an in-place update, a
/// forced replacement, a delete, and a sensitive attribute.
enum SamplePlan {
    static let state = Fixtures.state([
        Fixtures.recorded(
            "aws_vpc.core", id: "vpc-1",
            ["cidr_block": "10.40.0.0/16", "tags": ["Name": "core", "team": "ml"], "arn": "arn:vpc-1"]),
        Fixtures.recorded(
            "aws_autoscaling_group.trainers", id: "trainers",
            [
                "name": "trainers", "desired_capacity": 2, "max_size": 32, "min_size": 0,
                "instance_types": ["p5.48xlarge", "p4d.24xlarge"],
            ]),
        Fixtures.recorded("aws_s3_bucket.old", id: "old-bucket", ["bucket": "old-bucket", "force_destroy": false]),
    ])

    static let manifest = Fixtures.manifest([
        Fixtures.declared("aws_vpc.core", ["cidr_block": "10.50.0.0/16", "tags": ["Name": "core", "team": "ml"]]),
        Fixtures.declared(
            "aws_subnet.a",
            ["vpc_id": Fixtures.ref("aws_vpc.core.id"), "cidr_block": "10.50.0.0/20", "tags": ["Name": "a"]]),
        Fixtures.declared(
            "aws_autoscaling_group.trainers",
            [
                "name": "trainers", "desired_capacity": 4, "max_size": 32,
                "instance_types": ["p5.48xlarge", "p4de.24xlarge"],
            ]),
        Fixtures.declared("aws_iam_role.replication", ["name": "replication", "secret": "hunter2", "path": "/"]),
    ])

    static func plan() throws -> Plan {
        try Planner().plan(manifest: manifest, state: state, schemas: Fixtures.schemas)
    }
}

struct PlanTextRendererTests {
    @Test func smallPlanRendersExactly() throws {
        let text = PlanTextRenderer().render(try SamplePlan.plan())
        #expect(
            text == """
                Resource actions are indicated with the following symbols:
                  + create
                  ~ update in-place
                  - destroy
                -/+ destroy and then create replacement

                Fleetform will perform the following actions:

                  # aws_autoscaling_group.trainers will be updated in-place
                  ~ resource "aws_autoscaling_group" "trainers" {
                      ~ desired_capacity = 2 -> 4
                        id               = "trainers"
                      ~ instance_types   = [
                          - "p4d.24xlarge",
                          + "p4de.24xlarge",
                            # (1 unchanged element hidden)
                        ]
                        name             = "trainers"
                        # (2 unchanged attributes hidden)
                    }

                  # aws_iam_role.replication will be created
                  + resource "aws_iam_role" "replication" {
                      + arn    = (known after apply)
                      + id     = (known after apply)
                      + name   = "replication"
                      + path   = "/"
                      + secret = (sensitive value)
                    }

                  # aws_s3_bucket.old will be destroyed
                  # (because the stack no longer declares it)
                  - resource "aws_s3_bucket" "old" {
                      - bucket        = "old-bucket" -> null
                      - force_destroy = false -> null
                      - id            = "old-bucket" -> null
                    }

                  # aws_subnet.a will be created
                  + resource "aws_subnet" "a" {
                      + cidr_block = "10.50.0.0/20"
                      + id         = (known after apply)
                      + tags       = {
                          + "Name" = "a"
                        }
                      + vpc_id     = (known after apply)
                    }

                  # aws_vpc.core must be replaced
                -/+ resource "aws_vpc" "core" {
                      ~ arn        = "arn:vpc-1" -> (known after apply)
                      ~ cidr_block = "10.40.0.0/16" -> "10.50.0.0/16" # forces replacement
                      ~ id         = "vpc-1" -> (known after apply)
                        # (1 unchanged attribute hidden)
                    }

                Plan: 3 to add, 1 to change, 2 to destroy.

                """)
    }

    @Test func matchingStateSaysNoChanges() throws {
        let manifest = Fixtures.manifest([Fixtures.declared("aws_s3_bucket.old", ["bucket": "old-bucket"])])
        let plan = try Planner().plan(manifest: manifest, state: Fixtures.state([SamplePlan.state.resources.values.first { $0.type == "aws_s3_bucket" }!]), schemas: Fixtures.schemas)
        #expect(
            PlanTextRenderer().render(plan) == """
                No changes. Your infrastructure matches the configuration.

                Fleetform has compared your real infrastructure against your configuration and found no differences, \
                so no changes are needed.

                """)
    }

    @Test func replacementRequestedAndCreateBeforeDestroyHeadings() throws {
        var manifest = SamplePlan.manifest
        manifest.resources[0].lifecycle.createBeforeDestroy = true
        manifest.resources[0].attributes["cidr_block"] = "10.40.0.0/16"
        let plan = try Planner().plan(
            manifest: manifest, state: SamplePlan.state, schemas: Fixtures.schemas,
            options: PlanOptions(replace: [Fixtures.address("aws_vpc.core")]))
        let text = PlanTextRenderer().render(plan)
        #expect(text.contains("  # aws_vpc.core will be replaced, as requested\n+/- resource \"aws_vpc\" \"core\" {\n"))
        #expect(text.contains("+/- create replacement and then destroy\n"))
    }

    @Test func colourMarksSymbolsOnlyWhenAsked() throws {
        let plan = try SamplePlan.plan()
        let coloured = PlanTextRenderer(color: true).render(plan)
        #expect(coloured.contains("      \u{1B}[33m~\u{1B}[0m desired_capacity = 2 -> 4\n"))
        #expect(coloured.contains("\u{1B}[31m-\u{1B}[0m/\u{1B}[32m+\u{1B}[0m resource \"aws_vpc\" \"core\" {"))
        #expect(!PlanTextRenderer().render(plan).contains("\u{1B}"))
    }

    @Test func driftSectionListsEachDriftedAttribute() throws {
        var plan = try SamplePlan.plan()
        plan.drift = [
            DriftedAttribute(address: Fixtures.address("aws_autoscaling_group.trainers"), attribute: "desired_capacity", recorded: 2, actual: 3),
            DriftedAttribute(address: Fixtures.address("aws_autoscaling_group.trainers"), attribute: "tags", recorded: nil, actual: ["owner": "bob"]),
            DriftedAttribute(address: Fixtures.address("aws_s3_bucket.old"), attribute: "bucket", recorded: "old-bucket", actual: nil),
        ]
        let text = PlanTextRenderer().render(plan)
        #expect(
            text.hasPrefix(
                """
                Note: Objects have changed outside of Fleetform

                Fleetform detected the following changes made outside of Fleetform since the last "fleetform apply":

                  # aws_autoscaling_group.trainers has changed
                  ~ resource "aws_autoscaling_group" "trainers" {
                      ~ desired_capacity = 2 -> 3
                      + tags             = {
                          + "owner" = "bob"
                        }
                    }

                  # aws_s3_bucket.old has been deleted
                  - resource "aws_s3_bucket" "old" {
                      - bucket = "old-bucket" -> null
                    }

                Resource actions are indicated
                """))
    }

    @Test func nestedMapUpdateShowsOnlyChangedKeys() throws {
        let manifest = Fixtures.manifest([Fixtures.declared("aws_s3_bucket.b", ["tags": ["a": "1", "b": "2", "c": "new"]])])
        let state = Fixtures.state([Fixtures.recorded("aws_s3_bucket.b", id: "b", ["tags": ["a": "1", "b": "3", "d": "gone"]])])
        let text = PlanTextRenderer().render(try Planner().plan(manifest: manifest, state: state, schemas: Fixtures.schemas))
        #expect(
            text.contains(
                """
                      ~ tags = {
                          ~ "b" = "3" -> "2"
                          + "c" = "new"
                          - "d" = "gone" -> null
                            # (1 unchanged element hidden)
                        }
                """))
    }
}

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
            ((document["prior_state"] as? [String: Any])?["values"] as? [String: Any])?["root_module"] as? [String: Any])
        #expect((prior["resources"] as? [[String: Any]])?.count == 3)
        let changes = try #require(document["resource_changes"] as? [[String: Any]])
        #expect(changes.map { $0["address"] as? String ?? "" }.sorted() == changes.map { $0["address"] as? String ?? "" })
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
                ["zones": [Fixtures.ref("module.training.aws_vpc.core[\"a\"].id"), "x"], "lt": ["id": Fixtures.ref("module.training.aws_vpc.core[\"a\"].arn"), "v": 1]]),
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
        #expect((child["resources"] as? [[String: Any]])?.first?["address"] as? String == "module.training.aws_vpc.core[\"a\"]")

        let configuration = try #require(document["configuration"] as? [String: Any])
        let configRoot = try #require(configuration["root_module"] as? [String: Any])
        let poolConfig = try #require((configRoot["resources"] as? [[String: Any]])?.first)
        let expressions = try #require(poolConfig["expressions"] as? [String: [String: Any]])
        #expect(
            expressions["zones"]?["references"] as? [String] == [
                "module.training.aws_vpc.core[\"a\"].id", "module.training.aws_vpc.core[\"a\"]",
            ])
        #expect(configRoot["module_calls"] is [String: Any])
    }
}

struct GraphDOTRendererTests {
    @Test func rendersNodesEdgesAndActionColours() throws {
        let plan = try SamplePlan.plan()
        let dot = GraphDOTRenderer().render(manifest: SamplePlan.manifest, plan: plan)
        #expect(
            dot == """
                digraph fleetform {
                  rankdir = "RL";
                  node [shape = "box", style = "rounded,filled", fillcolor = "white", fontname = "Helvetica"];
                  "aws_autoscaling_group.trainers" [label = "~ aws_autoscaling_group.trainers", fillcolor = "#fbefb1"];
                  "aws_iam_role.replication" [label = "+ aws_iam_role.replication", fillcolor = "#c8f2c2"];
                  "aws_s3_bucket.old" [label = "- aws_s3_bucket.old", fillcolor = "#f6c1c1"];
                  "aws_subnet.a" [label = "+ aws_subnet.a", fillcolor = "#c8f2c2"];
                  "aws_vpc.core" [label = "-/+ aws_vpc.core", fillcolor = "#fdd4a3"];
                  "aws_subnet.a" -> "aws_vpc.core";
                }

                """)
    }

    @Test func quotesKeyedAddresses() {
        let manifest = Fixtures.manifest([
            Fixtures.declared("aws_subnet.az[\"use1-az1\"]", dependsOn: ["aws_vpc.core"]), Fixtures.declared("aws_vpc.core"),
        ])
        let dot = GraphDOTRenderer().render(manifest: manifest)
        #expect(dot.contains("  \"aws_subnet.az[\\\"use1-az1\\\"]\" -> \"aws_vpc.core\";\n"))
        #expect(dot.contains("  \"aws_vpc.core\" [label = \"aws_vpc.core\"];\n"))
    }
}
