import FleetformDSL
import FleetformModel
import FleetformPlans
import Foundation
import Testing

@testable import FleetformAWS

/// What Fleetform declares conforms to the real hashicorp/aws schema it carries: every managed
/// type is covered, every shipped stack in every environment validates without a diagnostic, the
/// three shapes that had drifted (Auto Scaling group tags, lifecycle rule filters, inline IAM
/// policies) are the provider's, and the escape hatch is checked at its line.
@Suite struct TerraformSchemaConformanceTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let environments = ["dev", "staging", "prod"]

    @Test func theCommittedSchemaCoversEveryManagedType() {
        let schema = AWSProviderSchema.schema
        #expect(schema.providerDescription == "hashicorp/aws 5.100.0")
        let missing = AWSResourceCatalog.managedTypes.filter { schema.resourceTypes[$0] == nil }
        #expect(missing.isEmpty, "not in the committed schema: \(missing); run scripts/gen-terraform-schema")
        // Format-4 states need each type's schema_version: the provider's, not a guess.
        #expect(schema.resourceTypes["aws_autoscaling_group"]?.version == 1)
        #expect(schema.resourceTypes["aws_iam_role"]?.version == 0)
    }

    @Test(arguments: allStacks.map(\.name))
    func everyShippedStackConformsInEveryEnvironment(_ name: String) throws {
        let stack = try #require(allStacks.first { $0.name == name })
        // With the variables a team gives it: `inference` serves HTTPS with its certificate, so its
        // HTTPS and redirect listeners are checked against the provider's schema too.
        let variables =
            name == "inference"
            ? ["certificate": "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"]
            : [:]
        for env in Self.environments {
            let synthesis = stack.synthesize(
                Environment(name: env, variables: variables, root: Self.root), coverage: AWSResourceCatalog.coverage)
            #expect(synthesis.diagnostics.isEmpty, "\(name)/\(env): \(synthesis.diagnostics.map { $0.render() })")
        }
    }

    @Test func autoScalingGroupsCarryTheProvidersTagBlocks() throws {
        let manifest = preview.synthesize(Environment(name: "pr-7"), coverage: AWSResourceCatalog.coverage).manifest
        let group = try #require(manifest.resources.first { $0.type == "aws_autoscaling_group" })
        #expect(group.attributes["tags"] == nil)
        let tags = try #require(group.attributes["tag"]?.listValue)
        #expect(
            tags == [
                ["key": "fleetform:address", "value": "aws_autoscaling_group.workers", "propagate_at_launch": true],
                ["key": "fleetform:env", "value": "pr-7", "propagate_at_launch": true],
                ["key": "fleetform:stack", "value": "preview", "propagate_at_launch": true],
            ])
    }

    @Test func lifecycleRulesHaveAFilterAndInlinePoliciesAreRolePolicies() throws {
        let manifest = training.synthesize(Environment(name: "dev"), coverage: AWSResourceCatalog.coverage).manifest
        let lifecycle = try #require(manifest.resources.first { $0.type == "aws_s3_bucket_lifecycle_configuration" })
        #expect(lifecycle.attributes["rule"]?.listValue?.allSatisfy { $0.mapValue?["filter"] == [:] } == true)
        let role = try #require(manifest.resources.first { $0.type == "aws_iam_role" })
        #expect(role.attributes["inline_policy"] == nil)
        let policy = try #require(manifest.resources.first { $0.type == "aws_iam_role_policy" })
        #expect(policy.attributes["role"] == .reference(ResourceReference(role.address, "id")))
        let replication = try #require(
            manifest.resources.first { $0.type == "aws_s3_bucket_replication_configuration" })
        #expect(replication.allDependencies.contains(policy.address))
    }

    @Test func theEscapeHatchIsCheckedAtItsLineWithADidYouMean() {
        nonisolated(unsafe) var lines: [Int] = []
        let stack = Stack("hatch", region: .usEast1) { _ in
            let unknown = #line + 1
            Resource("aws_security_group", "web", attributes: ["name": "web", "ingres": []])
            let wrong = #line + 1
            Resource("aws_vpc", "edge", attributes: ["cidr_block": "10.9.0.0/16", "enable_dns_support": "yes"])
            let missing = #line + 1
            Resource("aws_autoscaling_group", "bare", attributes: ["max_size": 1], taggable: false)
            let _ = (lines = [unknown, wrong, missing])
        }
        let rendered = stack.synthesize(Environment(name: "dev"), coverage: AWSResourceCatalog.coverage).diagnostics
            .map { $0.render() }
        #expect(
            rendered == [
                "\(#filePath):\(lines[0]): error: aws_security_group.web: unknown attribute 'ingres' — did you mean ingress?",
                "\(#filePath):\(lines[1]): error: aws_vpc.edge: 'enable_dns_support' must be true or false, not a string (\"yes\") — the provider's type is bool",
                "\(#filePath):\(lines[2]): error: aws_autoscaling_group.bare: missing required attribute 'min_size' — set \"min_size\" to a number",
            ])
    }

    @Test func tagsOnATypeWithoutThemSayToTurnTaggingOff() {
        let stack = Stack("hatch", region: .usEast1) { _ in
            Resource(
                "aws_autoscaling_schedule", "up",
                attributes: ["scheduled_action_name": "up", "autoscaling_group_name": "g", "recurrence": "0 8 * * *"])
        }
        let diagnostics = stack.synthesize(Environment(name: "dev"), coverage: AWSResourceCatalog.coverage).diagnostics
        #expect(diagnostics.map(\.message) == ["aws_autoscaling_schedule.up: unknown attribute 'tags'"])
        #expect(
            diagnostics.first?.hint
                == "aws_autoscaling_schedule has no tags; declare it with Resource(…, taggable: false)")
    }
}
