import FleetformTestSupport
import Foundation
import Testing

/// Fidelity to Terraform proven with the real Terraform and hashicorp/aws 5.100.0 provider, against
/// moto with signature checking on: every shipped stack's export validates; a stack exported and
/// applied by Terraform is imported by Fleetform with nothing left to change; a hand-written
/// Terraform configuration imports with only Fleetform's ownership tags to add; and a stack applied
/// by Fleetform and handed to Terraform (configuration plus exported state) shows no changes.
@Suite(.serialized) struct TerraformRoundTripTests {
    static let stacks = ["training", "inference", "preview", "scale", "flat"]
    static let environments = ["dev", "staging", "prod"]
    /// `training`'s override: moto for both regions, and the moto quirks its resources meet (its
    /// launch template's tags, and what moto does not report for its NAT gateway and file system).
    static let trainingOverride = TerraformCLI.motoOverride(
        regions: ["us-east-1", "us-west-2"], ignoringLaunchTemplateTags: ["trainers"],
        unreportedByMoto: ["aws_nat_gateway.core", "aws_fsx_lustre_file_system.scratch"])
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// All fifteen exports checked by one `terraform validate` (one provider start instead of
    /// fifteen): each export's root is a module of a root that calls them all.
    @Test func everyShippedStackAndEnvironmentExportsToAConfigurationThatValidatesClean() throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        let terraform = try TerraformCLI()
        defer { terraform.remove() }
        var calls: [String: [String: String]] = [:]
        for stack in Self.stacks {
            for env in Self.environments {
                let name = "\(stack)-\(env)"
                let out = terraform.directory.appendingPathComponent("exports/\(name)").path
                // The repository is the stacks' root: `training` reads its committed capacity in prod.
                let export = try cli.run(
                    ["export", "terraform", "--stack", stack, "--env", env, "--out", out, "--root", Self.repository])
                #expect(export.status == 0, "\(name): \(export.stderr)")
                calls[name] = ["source": "./exports/\(name)"]
            }
        }
        let root = try JSONSerialization.data(withJSONObject: ["module": calls], options: [.sortedKeys])
        try terraform.write(String(decoding: root, as: UTF8.self), to: "main.tf.json")
        let initialized = try terraform.run(["init", "-backend=false", "-no-color"])
        try #require(initialized.status == 0, "terraform init: \(initialized.stdout)\(initialized.stderr)")
        let validate = try terraform.run(["validate", "-json", "-no-color"])
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(validate.stdout.utf8)) as? [String: Any],
            "terraform validate: \(validate.stdout)\(validate.stderr)")
        let diagnostics = (report["diagnostics"] as? [[String: Any]] ?? []).map { diagnostic in
            let file = (diagnostic["range"] as? [String: Any])?["filename"] as? String ?? ""
            return
                "\(diagnostic["severity"] ?? ""): \(file): \(diagnostic["summary"] ?? "") \(diagnostic["detail"] ?? "")"
        }
        #expect(report["error_count"] as? Int == 0 && report["warning_count"] as? Int == 0, "\(diagnostics)")
        #expect(report["valid"] as? Bool == true)
    }

    /// Terraform applies Fleetform's export; Fleetform adopts Terraform's state (never changing it)
    /// and has nothing to do: the resources match the stack, ownership tags included.
    @Test func aStackExportedAndAppliedByTerraformImportsWithNothingToChange() async throws {
        try await withMotoAndTerraform { cli, terraform, env in
            let training = ["--stack", "training", "--env", "tf-in"]
            let declared = try cli.declared(stack: "training", env: "tf-in").total

            let export = try cli.run(["export", "terraform"] + training + ["--out", terraform.directory.path])
            try #require(export.status == 0, "\(export.stderr)")
            #expect(export.stdout.contains("\(declared) resources in us-east-1, us-west-2"))
            try terraform.write(Self.trainingOverride, to: "moto_override.tf.json")
            try #require(try terraform.run(["init", "-no-color"]).status == 0)
            // moto 5.2.1 reports no Lifecycle for an FSx file system, so the provider's wait for
            // AVAILABLE fails right after CreateFileSystem succeeded: the file system exists and
            // Terraform holds it as tainted. Exactly that error is expected; the file system is then
            // untainted and the rest applied.
            let first = try terraform.run(["apply", "-auto-approve", "-no-color"], timeout: 420)
            let errors = (first.stdout + first.stderr).components(separatedBy: "Error: ").dropFirst()
            try #require(
                first.status == 1 && errors.count == 1
                    && errors.allSatisfy { $0.hasPrefix("waiting for FSx for Lustre File System") },
                "terraform apply: \(first.stdout.suffix(2000))\(first.stderr)")
            let untaint = try terraform.run(["untaint", "-no-color", "aws_fsx_lustre_file_system.scratch"])
            try #require(untaint.status == 0, "\(untaint.stderr)")
            let apply = try terraform.run(["apply", "-auto-approve", "-no-color"], timeout: 420)
            try #require(apply.status == 0, "terraform apply: \(apply.stdout.suffix(2000))\(apply.stderr)")
            #expect(apply.stdout.contains(" 0 changed, 0 destroyed."), "\(apply.stdout.suffix(2000))")
            let listed = try terraform.run(["state", "list", "-no-color"])
            #expect(listed.stdout.split(separator: "\n").count == declared, "\(listed.stdout)")

            let tfstate = terraform.directory.appendingPathComponent("terraform.tfstate").path
            let digest = { FileManager.default.contents(atPath: tfstate) }
            let before = digest()
            let dryRun = try cli.run(
                ["import"] + training + ["--from-terraform", tfstate, "--dry-run"], environment: env)
            #expect(dryRun.status == 0, "\(dryRun.stderr)")
            #expect(
                dryRun.stdout.contains("Matched \(declared) of the Terraform state's \(declared) resources:"),
                "\(dryRun.stdout)")
            #expect(dryRun.stdout.contains("Dry run: nothing was read from the cloud or written."))
            #expect(
                !FileManager.default.fileExists(
                    atPath: cli.workingDirectory.path + "/.fleetform/state/training/tf-in.json")
            )

            let imported = try cli.run(["import"] + training + ["--from-terraform", tfstate], environment: env)
            #expect(imported.status == 0, "\(imported.stdout)\(imported.stderr)")
            #expect(
                imported.stdout.contains("Imported \(declared) resources into .fleetform/state/training/tf-in.json"))
            #expect(imported.stdout.contains("not declared by the stack (Fleetform leaves them alone): 0"))
            #expect(digest() == before, "the Terraform state must not change")
            let again = try cli.run(["import"] + training + ["--from-terraform", tfstate], environment: env)
            #expect(
                again.status == 1 && again.stderr.contains("already has a state with \(declared) resources"),
                "\(again.stderr)")

            let plan = try cli.run(["plan"] + training + ["--detailed-exitcode"], environment: env)
            #expect(plan.status == 0, "\(plan.stdout.suffix(3000))\(plan.stderr)")
            #expect(plan.stdout.contains("No changes."))
        }
    }

    /// A configuration written by hand for the `inference` stack's resources, without Fleetform's
    /// tags, one resource under another name (`--map`) and one the stack does not declare: it
    /// imports, the plan adds exactly the ownership tags, and after apply nothing is left.
    @Test func aHandWrittenConfigurationImportsAndThePlanOnlyAddsOwnershipTags() async throws {
        try await withMotoAndTerraform { cli, terraform, env in
            let inference = ["--stack", "inference", "--env", "handmade"]

            let synth = try cli.run(["synth"] + inference)
            let manifest = try #require(
                try JSONSerialization.jsonObject(with: Data(synth.stdout.utf8)) as? [String: Any])
            let resources = try #require(manifest["resources"] as? [[String: Any]])
            let handWritten = try HandWrittenInference(manifest: resources)
            try terraform.write(handWritten.root, to: "main.tf")
            try terraform.write(handWritten.module, to: "modules/ranking/main.tf")
            try #require(try terraform.run(["init", "-no-color"]).status == 0)
            let apply = try terraform.run(["apply", "-auto-approve", "-no-color"], timeout: 420)
            try #require(apply.status == 0, "terraform apply: \(apply.stdout.suffix(2000))\(apply.stderr)")

            let tfstate = terraform.directory.appendingPathComponent("terraform.tfstate").path
            let imported = try cli.run(
                ["import"] + inference + [
                    "--from-terraform", tfstate, "--map", "aws_s3_bucket.artifacts=aws_s3_bucket.model-artifacts",
                ], environment: env)
            #expect(imported.status == 0, "\(imported.stdout)\(imported.stderr)")
            // Every declared resource, one of them renamed; the state also holds a bucket the stack lacks.
            #expect(
                imported.stdout.contains(
                    "Matched \(resources.count) of the Terraform state's \(resources.count + 1) resources:"),
                "\(imported.stdout)")
            #expect(imported.stdout.contains("aws_s3_bucket.model-artifacts (--map)"))
            #expect(imported.stdout.contains("the next apply creates them): 0\n"))
            #expect(imported.stdout.contains("(Fleetform leaves them alone): 1\n  aws_s3_bucket.logs\n"))

            let plan = try cli.run(["plan"] + inference + ["--json"], environment: env)
            try #require(plan.status == 0, "\(plan.stderr)")
            let document = try #require(
                try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any])
            var updated: [String: [String]] = [:]
            for change in document["resource_changes"] as? [[String: Any]] ?? [] {
                let body = change["change"] as? [String: Any] ?? [:]
                let actions = body["actions"] as? [String] ?? []
                guard actions != ["no-op"] else { continue }
                let address = change["address"] as? String ?? ""
                #expect(actions == ["update"], "\(address): \(actions)")
                updated[address] = Self.addedOwnershipTags(
                    before: body["before"], after: body["after"], address: address)
            }
            // Every resource the stack tags (a `tags` map or Auto Scaling `tag` blocks) gains the
            // ownership tags; routes, associations, attachments and bucket settings have none.
            let taggable = resources.filter { resource in
                let attributes = resource["attributes"] as? [String: Any] ?? [:]
                return attributes["tags"] != nil || attributes["tag"] != nil
            }.compactMap { $0["address"] as? String }
            #expect(taggable.count == 30)
            #expect(Set(updated.keys) == Set(taggable))
            for (address, added) in updated {
                #expect(added == ["fleetform:address", "fleetform:env", "fleetform:stack"], "\(address)")
            }

            let applied = try cli.run(["apply"] + inference + ["--auto-approve"], environment: env)
            #expect(applied.status == 0, "\(applied.stdout.suffix(2000))\(applied.stderr)")
            #expect(
                applied.stdout.contains("Resources: 0 added, \(taggable.count) changed, 0 destroyed."),
                "\(applied.stdout.suffix(600))"
            )
            // Nothing is left to change, but for a moto quirk: CreateTags on a launch template reaches
            // DescribeTags, not DescribeLaunchTemplates (AWS reports the new tags in both).
            let after = try cli.run(["plan"] + inference + ["--json"], environment: env)
            let left = try #require(try JSONSerialization.jsonObject(with: Data(after.stdout.utf8)) as? [String: Any])
            let changed = (left["resource_changes"] as? [[String: Any]] ?? []).filter {
                ($0["change"] as? [String: Any])?["actions"] as? [String] != ["no-op"]
            }
            #expect(
                Set(changed.compactMap { $0["address"] as? String }).isSubset(of: [
                    "module.ranking.aws_launch_template.servers"
                ]),
                "\(changed)")
        }
    }

    /// Fleetform applies; its state, exported as a Terraform state beside the exported
    /// configuration, makes `terraform plan` (which refreshes every resource through the provider)
    /// find no changes.
    @Test func aStackAppliedByFleetformHandsOverToTerraformWithNoChanges() async throws {
        try await withMotoAndTerraform { cli, terraform, env in
            let training = ["--stack", "training", "--env", "tf-out"]

            let apply = try cli.run(["apply"] + training + ["--auto-approve"], environment: env)
            try #require(apply.status == 0, "\(apply.stdout.suffix(2000))\(apply.stderr)")
            let export = try cli.run(["export", "terraform"] + training + ["--out", terraform.directory.path])
            try #require(export.status == 0, "\(export.stderr)")
            let tfstate = terraform.directory.appendingPathComponent("terraform.tfstate").path
            let stateExport = try cli.run(["state", "export"] + training + ["--terraform", "--out", tfstate])
            try #require(stateExport.status == 0, "\(stateExport.stderr)")
            try terraform.write(Self.trainingOverride, to: "moto_override.tf.json")
            try #require(try terraform.run(["init", "-no-color"]).status == 0)
            let plan = try terraform.run(["plan", "-detailed-exitcode", "-no-color"], timeout: 300)
            #expect(plan.status == 0, "terraform plan: \(plan.stdout.suffix(4000))\(plan.stderr)")
            #expect(plan.stdout.contains("No changes. Your infrastructure matches the configuration."))
        }
    }

    /// Runs `body` with a fresh moto (signature checking on), a CLI runner and a Terraform working
    /// directory whose runs talk to that moto; stops and removes all three after it.
    private func withMotoAndTerraform(
        _ body: (_ cli: CLIRunner, _ terraform: TerraformCLI, _ env: [String: String]) async throws -> Void
    ) async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let cli = try CLIRunner()
        defer { cli.remove() }
        let terraform = try TerraformCLI(environment: moto.processEnvironment)
        defer { terraform.remove() }
        try await body(cli, terraform, moto.processEnvironment)
    }

    /// The `fleetform:` tag keys an update adds (tags maps, or Auto Scaling `tag` blocks); any other
    /// difference between `before` and `after` is recorded as an issue.
    static func addedOwnershipTags(before: Any?, after: Any?, address: String) -> [String] {
        let old = before as? [String: Any] ?? [:], new = after as? [String: Any] ?? [:]
        func canonical(_ value: Any) -> Data? {
            try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
        }
        func tags(_ values: [String: Any]) -> [String: String] {
            if let map = values["tags"] as? [String: String] { return map }
            var found: [String: String] = [:]
            for block in values["tag"] as? [[String: Any]] ?? [] {
                if let key = block["key"] as? String { found[key] = block["value"] as? String }
            }
            return found
        }
        for (key, value) in new where key != "tags" && key != "tag" {
            if canonical(value) != canonical(old[key] as Any) {
                Issue.record("\(address): \(key) changes from \(old[key] ?? "nothing") to \(value)")
            }
        }
        let oldTags = tags(old), newTags = tags(new)
        for (key, value) in oldTags where newTags[key] != value {
            Issue.record("\(address): tag \(key) changes from \(value) to \(newTags[key] ?? "nil")")
        }
        return newTags.keys.filter { oldTags[$0] == nil }.sorted()
    }
}
