import FleetformTestSupport
import Foundation
import Testing

/// `fleetform init` as a team would use it: scaffold a package beside nothing, build it with
/// SwiftPM against this checkout, and run its own `fleetform` (validate, plan, apply, destroy)
/// against moto with signature checking.
///
/// The package is built in this build's own scratch folder (`--ignore-lock`: the running
/// `swift test` holds its lock), so every Fleetform module and dependency is reused and only
/// the team's two targets compile. Its `fleetform` lands where this repository's does: the test
/// moves it aside and puts this repository's binary back. So no other test may start the binary
/// meanwhile (it would find it missing, or busy being written): the suite runs only when
/// `FLEETFORM_SCAFFOLD_ALONE=1` says it runs alone, as scripts/test runs it after the others. A
/// plain `swift test` skips it instead of failing the CLI tests around it.
@Suite(
    .serialized, .timeLimit(.minutes(40)),
    .enabled(
        if: ProcessInfo.processInfo.environment["FLEETFORM_SCAFFOLD_ALONE"] == "1",
        "replaces the built fleetform while it builds: run alone, FLEETFORM_SCAFFOLD_ALONE=1 swift test --filter InitScaffoldTests"
    ))
struct InitScaffoldTests {
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

        // The build folder of this test run: the ancestor of the built binary named .build….
        let repositoryBinary = CLIRunner.binary
        var scratch = repositoryBinary.deletingLastPathComponent()
        while !scratch.lastPathComponent.hasPrefix(".build"), scratch.path != "/" {
            scratch = scratch.deletingLastPathComponent()
        }
        let ours = cli.workingDirectory.appendingPathComponent("fleetform-of-this-repository")
        let binary = cli.workingDirectory.appendingPathComponent("fleetform-of-the-team").path
        try FileManager.default.copyItem(at: repositoryBinary, to: ours)
        let started = Date()
        let build = try Self.run(
            cli, Self.swift, ["build", "--ignore-lock", "--scratch-path", scratch.path, "--product", "fleetform"],
            in: team)
        let seconds = Int(Date().timeIntervalSince(started))
        try? FileManager.default.moveItem(atPath: repositoryBinary.path, toPath: binary)
        try? FileManager.default.removeItem(at: repositoryBinary)
        try FileManager.default.moveItem(at: ours, to: repositoryBinary)
        #expect(
            build.status == 0,
            "swift build failed after \(seconds)s:\n\(build.stdout.suffix(3000))\(build.stderr.suffix(3000))")
        guard build.status == 0 else { return }
        print("InitScaffoldTests: the scaffolded package built in \(seconds)s")

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
