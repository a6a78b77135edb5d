import FleetformTestSupport
import Foundation
import Testing

/// `fleetform init` as a team would use it: scaffold a package beside nothing, build it with
/// SwiftPM against this checkout, and run its own `fleetform` (validate, plan, apply, destroy)
/// against moto with signature checking. The build dominates the time; its folder,
/// `.build-init` in this checkout, is kept so later runs build incrementally (scripts/test runs
/// this suite on its own, after the others, so the build does not slow them).
@Suite(.serialized, .timeLimit(.minutes(40))) struct InitScaffoldTests {
    static let checkout = TestData.repositoryRoot.standardizedFileURL

    /// Runs `executable args…` in `directory`.
    static func run(
        _ cli: CLIRunner, _ executable: String, _ args: [String], in directory: URL, environment: [String: String] = [:]
    ) throws -> CLIRunner.Result {
        try cli.start(args, environment: environment, executable: URL(fileURLWithPath: executable), in: directory)
            .finish()
    }

    static var swift: String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"
        for dir in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(dir)/swift") {
            return "\(dir)/swift"
        }
        return "/usr/bin/swift"
    }

    @Test func aScaffoldedPackageBuildsAndRunsItsOwnStacksAgainstTheCloud() async throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        let team = cli.workingDirectory.appendingPathComponent("infra")
        let created = try cli.run(["init", "infra", "--fleetform-path", Self.checkout.path])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("plans/platform.swift"))
        let again = try cli.run(["init", "infra", "--fleetform-path", Self.checkout.path])
        #expect(again.status == 1 && again.stderr.contains("is not empty"), "\(again.stderr)")

        let scratch = Self.checkout.appendingPathComponent(".build-init").path
        let started = Date()
        let build = try Self.run(
            cli, Self.swift, ["build", "--scratch-path", scratch, "--product", "fleetform"], in: team)
        let seconds = Int(Date().timeIntervalSince(started))
        #expect(
            build.status == 0,
            "swift build failed after \(seconds)s:\n\(build.stdout.suffix(3000))\(build.stderr.suffix(3000))")
        guard build.status == 0 else { return }
        print("InitScaffoldTests: the scaffolded package built in \(seconds)s")
        let binary = scratch + "/debug/fleetform"

        let stacks = try Self.run(cli, binary, ["stacks"], in: team)
        #expect(
            stacks.stdout.contains("platform") && stacks.stdout.contains("plans/platform.swift:"), "\(stacks.stdout)")
        let validate = try Self.run(cli, binary, ["validate", "--stack", "platform"], in: team)
        #expect(validate.status == 0, "\(validate.stderr)")
        #expect(validate.stdout.contains("platform/dev is valid"), "\(validate.stdout)")
        let version = try Self.run(cli, binary, ["--version"], in: team)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)

        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let env = moto.processEnvironment
        let plan = try Self.run(
            cli, binary, ["plan", "--stack", "platform", "--detailed-exitcode"], in: team, environment: env)
        #expect(plan.status == 2, "\(plan.stdout)\(plan.stderr)")
        #expect(plan.stdout.contains("to add, 0 to change, 0 to destroy."), "\(plan.stdout)")
        let apply = try Self.run(
            cli, binary, ["apply", "--stack", "platform", "--auto-approve"], in: team, environment: env)
        #expect(apply.status == 0, "\(apply.stdout)\(apply.stderr)")
        #expect(
            FileManager.default.fileExists(
                atPath: team.appendingPathComponent(".fleetform/state/platform/dev.json").path))
        let clean = try Self.run(
            cli, binary, ["plan", "--stack", "platform", "--detailed-exitcode"], in: team, environment: env)
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        let destroy = try Self.run(
            cli, binary, ["destroy", "--stack", "platform", "--auto-approve"], in: team, environment: env)
        #expect(destroy.status == 0, "\(destroy.stdout)\(destroy.stderr)")
        #expect(destroy.stdout.contains("Destroy complete!"), "\(destroy.stdout)")
        let left = try CLIRunner.inventory(stack: "platform", environment: env)
        #expect(left.total == 0, "\(left.byType)")
    }
}
