import FleetformDSL
import FleetformModel
import FleetformPlans
import FleetformTestSupport
import Foundation
import Testing

@testable import FleetformAWS

/// The catalog is the one list of managed types: the provider's handlers, the planner's schemas
/// and the coverage `validate` checks all come from it, and every shipped stack stays inside it.
@Suite struct ResourceCatalogTests {
    @Test func handlersSchemasAndCoverageComeFromTheDeclarations() throws {
        let transport = ScriptedTransport([])
        let client = AWSClient(
            credentials: StaticCredentialProvider(.init(accessKeyId: "AKID", secretAccessKey: "secret")),
            endpoints: EndpointResolver(
                environment: AWSEnvironment(variables: [:], homeDirectory: "/nonexistent", readFile: { _ in nil })),
            transport: transport)
        let provider = AWSProvider(client: client)
        let types = AWSResourceCatalog.declarations.map(\.type)
        #expect(Set(types).count == types.count, "a type is declared twice")
        #expect(provider.supportedTypes == types.sorted())
        #expect(AWSResourceCatalog.coverage.managedTypes == Set(types))
        for type in types {
            #expect(provider.schema(for: type) == AWSResourceCatalog.byType[type]?.schema, "\(type)")
        }
        // The schemas the planner used before the declarations, unchanged.
        #expect(provider.schema(for: "aws_subnet")?.forceNew == ["cidr_block", "availability_zone", "vpc_id"])
        #expect(provider.schema(for: "aws_vpc")?.computed == ["id", "arn", "tags_all"])
        #expect(
            provider.schema(for: "aws_launch_template")?.computed == [
                "id", "arn", "tags_all", "latest_version", "default_version",
            ])
        #expect(provider.schema(for: "aws_autoscaling_schedule")?.computed == ["id", "arn"])
        #expect(provider.schema(for: "aws_s3_bucket_versioning")?.computed == ["id"])
        #expect(provider.schema(for: "aws_s3_bucket")?.computed == ["id", "arn", "tags_all", "bucket_domain_name"])
    }

    @Test func everyShippedStackDeclaresOnlyManagedTypes() {
        for stack in allStacks {
            let synthesis = stack.synthesize(Environment(name: "dev"), coverage: AWSResourceCatalog.coverage)
            #expect(!synthesis.hasErrors, "\(stack.name): \(synthesis.diagnostics.map { $0.render() })")
        }
    }

    /// What apply says when it meets a type nobody declared (a manifest file bypassing validate).
    @Test func anUnmanagedTypeAtApplyNamesTheManagedOnes() async throws {
        let provider = AWSProvider(
            client: AWSClient(
                credentials: StaticCredentialProvider(.init(accessKeyId: "AKID", secretAccessKey: "secret")),
                endpoints: EndpointResolver(
                    environment: AWSEnvironment(variables: [:], homeDirectory: "/nonexistent", readFile: { _ in nil })),
                transport: ScriptedTransport([])))
        await #expect {
            _ = try await provider.create(makeRequest("aws_cloudwatch_log_group", "logs", ["name": "x"]))
        } throws: { error in
            "\(error)".hasPrefix(
                "the AWS provider does not manage 'aws_cloudwatch_log_group'; it manages: aws_autoscaling_attachment, "
                    + "aws_autoscaling_group")
        }
    }
}
