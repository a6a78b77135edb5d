import FleetformTestSupport
import Foundation
import Testing

/// The apply story against moto (signature checking on), through the real binary.
@Suite(.serialized) struct ApplyLifecycleTests {
    @Test func applyReplanChangeApplyDestroy() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let cli = try CLIRunner()
        defer { cli.remove() }
        let env = moto.processEnvironment
        let training = ["--stack", "training", "--env", "dev"]
        let declared = try cli.declared(stack: "training", env: "dev")

        let apply = try cli.run(["apply"] + training + ["--auto-approve"], environment: env)
        #expect(apply.status == 0, "\(apply.stderr)")
        #expect(apply.stdout.contains("Apply complete! Resources: \(declared.total) added, 0 changed, 0 destroyed."))
        let inventory = try CLIRunner.inventory(stack: "training", environment: env)
        #expect(inventory.byType == declared.listed)
        #expect(inventory.duplicates.isEmpty)

        let clean = try cli.run(["plan"] + training + ["--detailed-exitcode"], environment: env)
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        #expect(clean.stdout.contains("No changes."))

        let resized = try cli.run(
            ["plan"] + training + ["--var", "trainers=5", "--detailed-exitcode"], environment: env)
        #expect(resized.status == 2, "\(resized.stderr)")
        #expect(resized.stdout.contains("Plan: 0 to add, 1 to change, 0 to destroy."))
        #expect(resized.stdout.contains("~ desired_capacity = 2 -> 5"))

        let applyResize = try cli.run(
            ["apply"] + training + ["--var", "trainers=5", "--auto-approve"], environment: env)
        #expect(applyResize.status == 0, "\(applyResize.stderr)")
        let after = try cli.run(["plan"] + training + ["--var", "trainers=5", "--detailed-exitcode"], environment: env)
        #expect(after.status == 0, "\(after.stdout)")

        let destroy = try cli.run(["destroy"] + training + ["--auto-approve"], environment: env)
        #expect(destroy.status == 0, "\(destroy.stderr)")
        #expect(destroy.stdout.contains("\(declared.total) destroyed"))
        #expect(try CLIRunner.inventory(stack: "training", environment: env).total == 0)
    }

    @Test func savedPlanAppliesOnceAndWrongSecretFailsCleanly() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let cli = try CLIRunner()
        defer { cli.remove() }
        var env = moto.processEnvironment
        let preview = ["--stack", "preview", "--env", "pr-1"]

        var wrong = env
        wrong["AWS_SECRET_ACCESS_KEY"] = "not-the-secret"
        let denied = try cli.run(["apply"] + preview + ["--auto-approve"], environment: wrong)
        #expect(denied.status == 1)
        #expect(denied.stderr.contains(moto.endpointURL), "\(denied.stderr)")
        #expect(denied.stderr.contains("AuthFailure") || denied.stderr.contains("SignatureDoesNotMatch"))
        #expect(!denied.stderr.contains("not-the-secret") && !denied.stdout.contains("not-the-secret"))
        #expect(try CLIRunner.inventory(stack: "preview", environment: env).total == 0)
        // Stopped at the first authentication failure; no state file was written.
        #expect(denied.stderr.components(separatedBy: "Error: ").count - 1 == 1, "\(denied.stderr)")
        #expect(
            !FileManager.default.fileExists(
                atPath: cli.workingDirectory.appendingPathComponent(".fleetform/state/preview/pr-1.json").path))

        let plan = try cli.run(["plan"] + preview + ["--out", "p.plan"], environment: env)
        #expect(plan.status == 0, "\(plan.stderr)")
        let first = try cli.run(["apply", "p.plan"], environment: env)
        #expect(first.status == 0, "\(first.stderr)")
        let second = try cli.run(["apply", "p.plan"], environment: env)
        #expect(second.status == 1)
        #expect(second.stderr.contains("p.plan"), "\(second.stderr)")

        env["AWS_REGION"] = "us-east-1"
        let destroy = try cli.run(["destroy"] + preview + ["--auto-approve"], environment: env)
        #expect(destroy.status == 0, "\(destroy.stderr)")
    }

    @Test func secondConcurrentApplyIsRefusedNamingTheHolder() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let cli = try CLIRunner()
        defer { cli.remove() }
        let env = moto.processEnvironment
        let args = ["apply", "--stack", "training", "--env", "race", "--auto-approve"]
        let started = [try cli.start(args, environment: env), try cli.start(args, environment: env)]
        let outputs = started.map { run in
            let result = run.finish()
            return (result.status, result.stdout, result.stderr)
        }
        let statuses = outputs.map(\.0).sorted()
        #expect(statuses == [0, 1], "\(outputs)")
        let loser = try #require(outputs.first { $0.0 == 1 })
        #expect(loser.2.contains("locked by"), "\(loser.2)")
        #expect(loser.2.contains("fleetform state unlock"), "\(loser.2)")
        let inventory = try CLIRunner.inventory(stack: "training", environment: env)
        #expect(inventory.byType == (try cli.declared(stack: "training", env: "race").listed))
        #expect(inventory.duplicates.isEmpty)
    }

    /// Ten applies killed with SIGKILL at steps spread over the apply (right after journal entry
    /// N, by the journal's test hook, so the step is chosen rather than timed), each followed by a
    /// normal apply: the cloud ends with exactly the declared resources, no duplicates, no orphans.
    @Test func crashedAppliesRecoverWithoutDuplicatesOrOrphans() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let cli = try CLIRunner()
        defer { cli.remove() }
        let env = moto.processEnvironment
        let training = ["--stack", "training", "--env", "crash"]
        let declared = try cli.declared(stack: "training", env: "crash")
        var log: [String] = []
        // A training apply journals 38 entries: an intent and a result per resource.
        for (run, entry) in stride(from: 1, through: 37, by: 4).enumerated() {
            var crashing = env
            crashing["FLEETFORM_TEST_CRASH_AFTER_JOURNAL_ENTRY"] = String(entry)
            let killed = try cli.run(["apply"] + training + ["--auto-approve"], environment: crashing)
            #expect(killed.status == 9 || killed.status == 137, "run \(run): exit \(killed.status), not killed")
            let recover = try cli.run(["apply"] + training + ["--auto-approve"], environment: env)
            #expect(recover.status == 0, "run \(run) (killed after entry \(entry)): \(recover.stderr)")
            let inventory = try CLIRunner.inventory(stack: "training", environment: env)
            #expect(inventory.byType == declared.listed, "run \(run) (killed after entry \(entry))")
            #expect(inventory.duplicates.isEmpty, "run \(run): \(inventory.duplicates)")
            let replan = try cli.run(["plan"] + training + ["--detailed-exitcode"], environment: env)
            #expect(replan.status == 0, "run \(run): \(replan.stdout.suffix(800))")
            let adopted = recover.stdout.components(separatedBy: "adopted it into state").count - 1
            let created = recover.stdout.components(separatedBy: "Creation complete").count - 1
            log.append(
                "killed after journal entry \(entry): recovery adopted \(adopted), created \(created); "
                    + "\(inventory.total) tagged resources")
            let destroy = try cli.run(["destroy"] + training + ["--auto-approve"], environment: env)
            #expect(destroy.status == 0, "run \(run): \(destroy.stderr)")
            let left = try CLIRunner.inventory(stack: "training", environment: env)
            #expect(
                left.total == 0,
                "run \(run) (killed after entry \(entry)): left after destroy: \(left.byType) \(destroy.stdout.suffix(1500))"
            )
        }
        print("crash test:\n" + log.joined(separator: "\n"))
    }
}
