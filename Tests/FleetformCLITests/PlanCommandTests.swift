import Foundation
import Testing

@Suite struct PlanCommandTests {
    @Test func emptyStatePlansEveryResourceAndDetailedExitCodeIsTwo() throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        let r = try cli.run(["plan", "--stack", "training", "--env", "dev", "--detailed-exitcode"])
        #expect(r.status == 2, "\(r.stderr)")
        let declared = try cli.declared(stack: "training", env: "dev").total
        #expect(r.stdout.contains("Plan: \(declared) to add, 0 to change, 0 to destroy."))
        #expect(r.stdout.contains("# aws_autoscaling_group.trainers will be created"))
        #expect(r.stdout.contains("(known after apply)"))
        #expect(!r.stdout.contains("\u{1B}["), "no colour when not on a terminal")
    }

    @Test func jsonPlanHasTerraformFields() throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        let r = try cli.run(["plan", "--stack", "training", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(json["format_version"] as? String != nil)
        #expect(json["planned_values"] != nil)
        let changes = try #require(json["resource_changes"] as? [[String: Any]])
        #expect(changes.count == (try cli.declared(stack: "training", env: "dev").total))
        for change in changes {
            #expect((change["type"] as? String)?.hasPrefix("aws_") == true)
            #expect(change["address"] is String && change["name"] is String && change["provider_name"] is String)
            let body = try #require(change["change"] as? [String: Any])
            #expect(body["actions"] as? [String] == ["create"])
            #expect(body["after"] is [String: Any] && body["after_unknown"] is [String: Any])
            let cost = try #require(change["cost"] as? [String: Any], "\(change["address"] ?? "")")
            #expect(cost["monthly_before"] as? Double == 0 && cost["monthly_after"] is Double)
        }
        let pool = try #require(changes.first { $0["type"] as? String == "aws_autoscaling_group" })
        #expect(((pool["cost"] as? [String: Any])?["monthly_delta"] as? Double ?? 0) > 0)
    }

    @Test(arguments: [
        ("{\"version\": 1, \"serial\": 3, \"lin", "state"),
        (
            "{\"version\": 99, \"serial\": 1, \"lineage\": \"x\", \"stack\": \"training\", \"environment\": \"dev\", \"resources\": []}",
            "version 99"
        ),
        ("not json at all", "state"),
    ])
    func corruptOrFutureStateIsRefusedAndLeftUnchanged(content: String, mention: String) throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        let dir = cli.workingDirectory.appendingPathComponent(".fleetform/state/training")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("dev.json")
        try Data(content.utf8).write(to: file)
        let before = try Data(contentsOf: file)
        let r = try cli.run(["plan", "--stack", "training", "--env", "dev"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("dev.json"), "\(r.stderr)")
        #expect(r.stderr.contains(mention), "\(r.stderr)")
        #expect(try Data(contentsOf: file) == before)
        let listing = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(listing == ["dev.json"], "nothing else written: \(listing)")
    }

    @Test func savedPlanIsPrivate() throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        let r = try cli.run(["plan", "--stack", "preview", "--env", "pr-7", "--out", "preview.plan"])
        #expect(r.status == 0, "\(r.stderr)")
        let path = cli.workingDirectory.appendingPathComponent("preview.plan").path
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(r.stdout.contains("fleetform apply preview.plan"))
    }

    @Test func planFromSynthesizedManifestMatchesPlanFromStack() throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        let synth = try cli.run(["synth", "--stack", "inference", "--env", "staging"])
        #expect(synth.status == 0)
        try Data(synth.stdout.utf8).write(to: cli.workingDirectory.appendingPathComponent("m.json"))
        let fromFile = try cli.run(["plan", "--manifest", "m.json"])
        let fromStack = try cli.run(["plan", "--stack", "inference", "--env", "staging"])
        #expect(fromFile.status == 0 && fromStack.status == 0)
        #expect(fromFile.stdout == fromStack.stdout)
    }

    @Test func badTargetAddressIsAUsageError() throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        let r = try cli.run(["plan", "--stack", "training", "--target", "not an address"])
        #expect(r.status != 0 && r.status != 2)
        #expect(r.stderr.contains("is not a resource address"))
    }

    @Test func targetLimitsThePlanToTheResourceAndItsDependencies() throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        let r = try cli.run(["plan", "--stack", "training", "--target", "aws_autoscaling_group.trainers"])
        #expect(r.status == 0, "\(r.stderr)")
        // the group, its launch template, the VPC, three subnets, the security group; the nodes'
        // role, instance profile, policy and its three attachments; the Lustre scratch they mount
        // and the datasets bucket it imports from
        #expect(r.stdout.contains("Plan: 15 to add, 0 to change, 0 to destroy."), "\(r.stdout.suffix(300))")
        #expect(r.stdout.contains("aws_fsx_lustre_file_system.scratch will be created"))
        #expect(!r.stdout.contains("aws_s3_bucket.checkpoints"))
    }
}

@Suite struct PlanDestroyFlagTests {
    @Test func destroyPlanOfAnEmptyStateHasNothingToDo() throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        let r = try cli.run(["plan", "--stack", "training", "--destroy", "--detailed-exitcode"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("No changes."))
    }
}
