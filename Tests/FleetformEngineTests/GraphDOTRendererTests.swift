import FleetformEngine
import FleetformModel
import Testing

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
            Fixtures.declared("aws_subnet.az[\"use1-az1\"]", dependsOn: ["aws_vpc.core"]),
            Fixtures.declared("aws_vpc.core"),
        ])
        let dot = GraphDOTRenderer().render(manifest: manifest)
        #expect(dot.contains("  \"aws_subnet.az[\\\"use1-az1\\\"]\" -> \"aws_vpc.core\";\n"))
        #expect(dot.contains("  \"aws_vpc.core\" [label = \"aws_vpc.core\"];\n"))
    }
}
