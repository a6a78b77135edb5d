import FleetformTestSupport
import Foundation
import Testing

/// `env list` and `env reap` against moto (signature checking on), through the real binary.
@Suite(.serialized) struct EnvironmentReapTests {
    /// What one `preview` environment declares (`fleetform synth`), and the part of it
    /// `scripts/cloud-inventory` lists by tag (routes, associations and companions carry none).
    static func preview(_ cli: CLIRunner, _ environment: String) throws -> CLIRunner.Declared {
        try cli.declared(stack: "preview", env: environment)
    }

    func stateExists(_ cli: CLIRunner, _ environment: String) -> Bool {
        FileManager.default.fileExists(
            atPath: cli.workingDirectory.appendingPathComponent(".fleetform/state/preview/\(environment).json").path)
    }

    @Test func expiredPreviewsAreReapedAndTheRestSurvive() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let cli = try CLIRunner()
        defer { cli.remove() }
        let env = moto.processEnvironment
        // A TTL of 0s expires at once: nothing to wait for.
        for (name, ttl) in [("pr-1", "0s"), ("pr-2", "0s"), ("pr-3", "8h"), ("prod", "0s")] {
            let apply = try cli.run(
                ["apply", "--stack", "preview", "--env", name, "--ttl", ttl, "--auto-approve"], environment: env)
            #expect(apply.status == 0, "\(name): \(apply.stderr)")
            let found = try CLIRunner.inventory(stack: "preview", env: name, environment: env)
            #expect(found.byType == (try Self.preview(cli, name).listed), "\(name)")
        }
        // pr-2 was partly deleted by hand: its group and its bucket are already gone.
        _ = try PythonScript.json(
            """
            import boto3
            boto3.client("autoscaling", region_name="us-east-1").delete_auto_scaling_group(AutoScalingGroupName="preview-pr-2-workers", ForceDelete=True)
            s3 = boto3.client("s3", region_name="us-east-1")
            for bucket in s3.list_buckets()["Buckets"]:
                if bucket["Name"].startswith("preview-pr-2-scratch"):
                    s3.delete_bucket(Bucket=bucket["Name"])
            print("{}")
            """, environment: env, purpose: "delete part of pr-2 by hand")

        let listed = try cli.run(["env", "list", "--stack", "preview"], environment: env)
        #expect(listed.status == 0, "\(listed.stderr)")
        let rows = listed.stdout.split(separator: "\n")
        for (name, status) in [("pr-1", "expired"), ("pr-2", "expired"), ("pr-3", "live"), ("prod", "production")] {
            #expect(rows.contains { $0.contains(" \(name) ") && $0.hasSuffix(status) }, "\(name): \(listed.stdout)")
        }

        let dryRun = try cli.run(["env", "reap", "--stack", "preview", "--dry-run"], environment: env)
        #expect(dryRun.status == 0, "\(dryRun.stderr)")
        #expect(
            dryRun.stdout.contains("Would reap 2 environment(s): preview/pr-1 (dry run), preview/pr-2 (dry run)."),
            "\(dryRun.stdout)")
        #expect(
            try CLIRunner.inventory(stack: "preview", env: "pr-1", environment: env).total
                == Self.preview(cli, "pr-1").listedTotal)
        #expect(stateExists(cli, "pr-1") && stateExists(cli, "pr-2"))

        let reap = try cli.run(["env", "reap", "--stack", "preview"], environment: env)
        #expect(reap.status == 0, "\(reap.stdout)\(reap.stderr)")
        #expect(reap.stdout.contains("Reaped 2 environment(s): preview/pr-1, preview/pr-2."), "\(reap.stdout)")
        #expect(reap.stdout.contains("preview/prod (production)"), "\(reap.stdout)")
        for name in ["pr-1", "pr-2"] {
            #expect(try CLIRunner.inventory(stack: "preview", env: name, environment: env).total == 0, "\(name)")
            #expect(!stateExists(cli, name))
        }
        for name in ["pr-3", "prod"] {
            #expect(
                try CLIRunner.inventory(stack: "preview", env: name, environment: env).total
                    == Self.preview(cli, name).listedTotal,
                "\(name)")
            #expect(stateExists(cli, name))
        }

        let survivors = try cli.run(["env", "list", "--stack", "preview", "--json"], environment: env)
        #expect(survivors.status == 0, "\(survivors.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(survivors.stdout.utf8)) as? [String: Any]
        let environments = document?["environments"] as? [[String: Any]] ?? []
        #expect(environments.compactMap { $0["name"] as? String } == ["pr-3", "prod"], "\(survivors.stdout)")
        #expect(
            environments.allSatisfy { environment in
                (environment["resources"] as? Int)
                    == (try? Self.preview(cli, environment["name"] as? String ?? "").total)
                    && ((environment["cost_per_hour"] as? Double) ?? 0) > 0
            })

        // Nothing left to reap: a second run changes nothing and succeeds.
        let again = try cli.run(["env", "reap", "--stack", "preview"], environment: env)
        #expect(again.status == 0 && again.stdout.contains("Reaped 0 environment(s)."), "\(again.stdout)")
    }

    @Test func orphansOfALostStateAreListedAndDeletedOnlyWithYes() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let cli = try CLIRunner()
        defer { cli.remove() }
        let env = moto.processEnvironment
        let previewTagged = try Self.preview(cli, "pr-9").listedTotal
        for name in ["pr-8", "pr-9"] {
            let apply = try cli.run(["apply", "--stack", "preview", "--env", name, "--auto-approve"], environment: env)
            #expect(apply.status == 0, "\(name): \(apply.stderr)")
        }
        // pr-9's run "crashed" and its state and journal were lost.
        let root = cli.workingDirectory.appendingPathComponent(".fleetform")
        try FileManager.default.removeItem(at: root.appendingPathComponent("state/preview/pr-9.json"))
        try? FileManager.default.removeItem(at: root.appendingPathComponent("journal/preview/pr-9.jsonl"))

        for flags in [["--dry-run"], []] {
            let listed = try cli.run(["env", "reap", "--orphans"] + flags, environment: env)
            #expect(listed.status == 0, "\(listed.stderr)")
            #expect(listed.stdout.contains("\(previewTagged) not in any state"), "\(listed.stdout)")
            #expect(
                listed.stdout.contains("aws_vpc.preview") && listed.stdout.contains("preview-pr-9-workers"),
                "\(listed.stdout)")
            #expect(!listed.stdout.contains(" pr-8 "), "\(listed.stdout)")
            #expect(try CLIRunner.inventory(stack: "preview", env: "pr-9", environment: env).total == previewTagged)
        }
        let refused = try cli.run(["env", "reap", "--yes"], environment: env)
        #expect(refused.status != 0 && refused.stderr.contains("--orphans"), "\(refused.stderr)")

        let swept = try cli.run(["env", "reap", "--orphans", "--yes"], environment: env)
        #expect(swept.status == 0, "\(swept.stdout)\(swept.stderr)")
        #expect(swept.stdout.contains("Orphans: \(previewTagged) found, \(previewTagged) deleted."), "\(swept.stdout)")
        #expect(try CLIRunner.inventory(stack: "preview", env: "pr-9", environment: env).total == 0)
        #expect(try CLIRunner.inventory(stack: "preview", env: "pr-8", environment: env).total == previewTagged)
        #expect(stateExists(cli, "pr-8"))
    }
}
