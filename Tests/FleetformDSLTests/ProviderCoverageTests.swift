import FleetformDSL
import Testing

/// A resource type the provider does not manage is refused at synthesis, at the line that
/// declared it, together with every other problem.
@Suite struct ProviderCoverageTests {
    static let coverage = ProviderCoverage(
        provider: "AWS",
        managedTypes: [
            "aws_security_group", "aws_subnet", "aws_vpc", "aws_autoscaling_group", "aws_launch_template",
            "aws_internet_gateway", "aws_eip", "aws_nat_gateway", "aws_route_table", "aws_route",
            "aws_route_table_association", "aws_vpc_endpoint", "aws_iam_role", "aws_iam_role_policy_attachment",
            "aws_iam_instance_profile", "aws_default_security_group", "aws_flow_log", "aws_s3_bucket",
            "aws_s3_bucket_versioning", "aws_s3_bucket_server_side_encryption_configuration",
            "aws_s3_bucket_lifecycle_configuration", "aws_s3_bucket_public_access_block",
            "aws_s3_bucket_ownership_controls", "aws_s3_bucket_policy", "aws_s3_bucket_notification",
        ])
    static let managed =
        "aws_autoscaling_group, aws_default_security_group, aws_eip, aws_flow_log, aws_iam_instance_profile, "
        + "aws_iam_role, aws_iam_role_policy_attachment, aws_internet_gateway, aws_launch_template, aws_nat_gateway, "
        + "aws_route, aws_route_table, aws_route_table_association, aws_s3_bucket, "
        + "aws_s3_bucket_lifecycle_configuration, aws_s3_bucket_notification, aws_s3_bucket_ownership_controls, "
        + "aws_s3_bucket_policy, aws_s3_bucket_public_access_block, aws_s3_bucket_server_side_encryption_configuration, "
        + "aws_s3_bucket_versioning, aws_security_group, aws_subnet, aws_vpc, aws_vpc_endpoint"

    @Test func eachUnmanagedTypeIsAnErrorAtItsLineNamingWhatIsManaged() {
        nonisolated(unsafe) var lines: [Int] = []
        let stack = Stack("s", region: .usEast1) { _ in
            Network("core", cidr: "10.0.0.0/16", zones: 2)
            Resource("aws_cloudwatch_log_group", "logs", attributes: ["name": "x"]); let logsLine = #line
            Resource("aws_sns_topic", "alerts", attributes: ["name": "y"]); let topicLine = #line
            GPUNodePool("p", network: Network("n", cidr: "10.1.0.0/16")).instanceTypes("g6.xlarg"); let typoLine = #line
            let _ = (lines = [logsLine, topicLine, typoLine])
        }
        let diagnostics = stack.synthesize(Environment(name: "dev"), coverage: Self.coverage).diagnostics
        let rendered = diagnostics.map { $0.render() }
        #expect(diagnostics.count == 3, "\(rendered)")
        #expect(
            rendered.contains(
                "\(#filePath):\(lines[0]): error: the AWS provider does not manage 'aws_cloudwatch_log_group'; "
                    + "it manages: \(Self.managed)"))
        #expect(
            rendered.contains(
                "\(#filePath):\(lines[1]): error: the AWS provider does not manage 'aws_sns_topic'; it manages: \(Self.managed)"
            ))
        // Reported together with the other mistakes, not instead of them.
        #expect(diagnostics.contains { $0.location?.line == lines[2] && $0.message.contains("g6.xlarg") })
    }

    @Test func aTypeDeclaredInALoopIsReportedOncePerLine() {
        let stack = Stack("s", region: .usEast1) { _ in
            for i in 0..<5 { Resource("aws_cloudwatch_log_group", "logs\(i)", attributes: ["name": .string("l\(i)")]) }
        }
        let diagnostics = stack.synthesize(Environment(name: "dev"), coverage: Self.coverage).diagnostics
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.address?.description == "aws_cloudwatch_log_group.logs0")
    }

    @Test func withoutACoverageEveryTypeIsAccepted() {
        let stack = Stack("s", region: .usEast1) { _ in
            Resource("aws_cloudwatch_log_group", "logs", attributes: ["name": "x"])
        }
        #expect(stack.synthesize(Environment(name: "dev")).diagnostics.isEmpty)
        #expect(stack.synthesize(Environment(name: "dev"), coverage: Self.coverage).hasErrors)
    }
}
