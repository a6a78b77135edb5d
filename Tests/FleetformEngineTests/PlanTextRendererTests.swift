import FleetformEngine
import FleetformModel
import Foundation
import Testing

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
        let plan = try Planner().plan(
            manifest: manifest,
            state: Fixtures.state([SamplePlan.state.resources.values.first { $0.type == "aws_s3_bucket" }!]),
            schemas: Fixtures.schemas)
        #expect(
            PlanTextRenderer().render(plan) == """
                No changes. \(plan.stack)/\(plan.environment) in the cloud is what the stack declares.

                Every declared resource was compared with its recorded (and, unless --refresh=false, read) state; \
                there is nothing to create, change or destroy.

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
            DriftedAttribute(
                address: Fixtures.address("aws_autoscaling_group.trainers"), attribute: "desired_capacity", recorded: 2,
                actual: 3),
            DriftedAttribute(
                address: Fixtures.address("aws_autoscaling_group.trainers"), attribute: "tags", recorded: nil,
                actual: ["owner": "bob"]),
            DriftedAttribute(
                address: Fixtures.address("aws_s3_bucket.old"), attribute: "bucket", recorded: "old-bucket", actual: nil
            ),
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
        let manifest = Fixtures.manifest([
            Fixtures.declared("aws_s3_bucket.b", ["tags": ["a": "1", "b": "2", "c": "new"]])
        ])
        let state = Fixtures.state([
            Fixtures.recorded("aws_s3_bucket.b", id: "b", ["tags": ["a": "1", "b": "3", "d": "gone"]])
        ])
        let text = PlanTextRenderer().render(
            try Planner().plan(manifest: manifest, state: state, schemas: Fixtures.schemas))
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
