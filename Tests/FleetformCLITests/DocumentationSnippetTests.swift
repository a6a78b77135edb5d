import Foundation
import Testing

/// The DocC catalog's examples are slices of `Snippets/PlatformTour.swift`, which SwiftPM builds
/// as an executable beside `fleetform`: these run it, so an example that stops compiling or
/// validating fails the suite.
@Suite struct DocumentationSnippetTests {
    static var tour: URL { CLIRunner.binary.deletingLastPathComponent().appendingPathComponent("PlatformTour") }

    @Test func thePlatformTourSynthesizesWithoutDiagnosticsInEveryEnvironment() throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        #expect(
            FileManager.default.isExecutableFile(atPath: Self.tour.path),
            "\(Self.tour.path) is missing: `swift build` builds Snippets/PlatformTour.swift")
        var counts: [String: Int] = [:]
        for env in ["dev", "prod"] {
            let run = try cli.start([env], executable: Self.tour).finish()
            #expect(run.status == 0, "PlatformTour \(env) exited \(run.status):\n\(run.stdout.prefix(2000))")
            let lines = run.stdout.split(separator: "\n").map(String.init)
            let header = try #require(lines.first { $0.hasPrefix("tour/\(env): ") }, "\(run.stdout.prefix(500))")
            #expect(!run.stdout.contains("error:") && !run.stdout.contains("warning:"), "\(run.stdout.prefix(2000))")
            let addresses = Set(lines.filter { $0.hasPrefix("  ") }.map { $0.trimmingCharacters(in: .whitespaces) })
            counts[env] = addresses.count
            #expect(header == "tour/\(env): \(addresses.count) resources")
            for address in [
                "aws_autoscaling_group.trainers", "aws_ec2_fleet.batch", "aws_eks_node_group.notebooks",
                "aws_fsx_lustre_file_system.scratch", "aws_ecr_repository.images", "module.ranking.aws_lb.http",
                "aws_s3_bucket_replication_configuration.checkpoints", "aws_autoscaling_group.trainers_standby",
                "aws_autoscaling_schedule.trainers-nightly",
            ] {
                #expect(addresses.contains(address), "\(env): \(address) missing")
            }
            #expect(addresses.contains("module.audit.aws_s3_bucket.trail") == (env == "prod"))
        }
        // Production adds the audit bucket and a NAT gateway per zone.
        #expect((counts["prod"] ?? 0) > (counts["dev"] ?? 0))
    }
}
