import FleetformModel
import Testing

@testable import FleetformEngine

/// The pull-request comment form of a plan.
struct PlanMarkdownRendererTests {
    @Test func everyChangeIsARowAndTheFullPlanIsFolded() throws {
        let markdown = PlanMarkdownRenderer().render(try SamplePlan.plan())
        #expect(
            markdown.hasPrefix(
                "### Fleetform plan: `training` / `dev`\n\n**Plan: 3 to add, 1 to change, 2 to destroy.**"),
            "\(markdown)")
        #expect(
            markdown.contains(
                "| `~` | `aws_autoscaling_group.trainers` | update in place | desired_capacity, instance_types |"),
            "\(markdown)")
        #expect(
            markdown.contains("| `-/+` | `aws_vpc.core` | replace (destroy first) | forces replacement: cidr_block |"),
            "\(markdown)")
        #expect(markdown.contains("| `-` | `aws_s3_bucket.old` | destroy |"), "\(markdown)")
        #expect(markdown.contains("<details><summary>Full plan</summary>\n\n```diff\n"))
        // Symbols move to the first column so the diff block colours them.
        #expect(markdown.contains("\n+    resource \"aws_subnet\" \"a\" {"), "\(markdown)")
        #expect(markdown.contains("\n!        desired_capacity = 2 -> 4"), "\(markdown)")
        // Sensitive values stay masked here too.
        #expect(!markdown.contains("hunter2"))
    }

    @Test func noChangesSaysSoWithoutATable() throws {
        let plan = try Planner().plan(
            manifest: Fixtures.manifest([]), state: Fixtures.state([]), schemas: Fixtures.schemas)
        let markdown = PlanMarkdownRenderer().render(plan)
        #expect(markdown.contains("**No changes.**"))
        #expect(!markdown.contains("| Resource |") && !markdown.contains("Full plan"))
    }

    @Test func pipesInValuesDoNotBreakTheTable() {
        #expect(MarkdownText.cell("a|b\nc") == "a\\|b c")
    }
}
