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
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let cli = try CLIRunner()
        defer { cli.remove() }
        let terraform = try TerraformCLI(environment: moto.processEnvironment)
        defer { terraform.remove() }
        let env = moto.processEnvironment
        let training = ["--stack", "training", "--env", "tf-in"]

        let export = try cli.run(["export", "terraform"] + training + ["--out", terraform.directory.path])
        try #require(export.status == 0, "\(export.stderr)")
        #expect(export.stdout.contains("20 resources in us-east-1, us-west-2"))
        try terraform.write(
            TerraformCLI.motoOverride(regions: ["us-east-1", "us-west-2"]), to: "moto_override.tf.json")
        try #require(try terraform.run(["init", "-no-color"]).status == 0)
        let apply = try terraform.run(["apply", "-auto-approve", "-no-color"], timeout: 420)
        try #require(apply.status == 0, "terraform apply: \(apply.stdout.suffix(2000))\(apply.stderr)")
        #expect(apply.stdout.contains("Apply complete! Resources: 20 added, 0 changed, 0 destroyed."))

        let tfstate = terraform.directory.appendingPathComponent("terraform.tfstate").path
        let digest = { FileManager.default.contents(atPath: tfstate) }
        let before = digest()
        let dryRun = try cli.run(["import"] + training + ["--from-terraform", tfstate, "--dry-run"], environment: env)
        #expect(dryRun.status == 0, "\(dryRun.stderr)")
        #expect(dryRun.stdout.contains("Matched 20 of the Terraform state's 20 resources:"), "\(dryRun.stdout)")
        #expect(dryRun.stdout.contains("Dry run: nothing was read from the cloud or written."))
        #expect(
            !FileManager.default.fileExists(atPath: cli.workingDirectory.path + "/.fleetform/state/training/tf-in.json")
        )

        let imported = try cli.run(["import"] + training + ["--from-terraform", tfstate], environment: env)
        #expect(imported.status == 0, "\(imported.stdout)\(imported.stderr)")
        #expect(imported.stdout.contains("Imported 20 resources into .fleetform/state/training/tf-in.json"))
        #expect(imported.stdout.contains("not declared by the stack (Fleetform leaves them alone): 0"))
        #expect(digest() == before, "the Terraform state must not change")
        let again = try cli.run(["import"] + training + ["--from-terraform", tfstate], environment: env)
        #expect(again.status == 1 && again.stderr.contains("already has a state with 20 resources"), "\(again.stderr)")

        let plan = try cli.run(["plan"] + training + ["--detailed-exitcode"], environment: env)
        #expect(plan.status == 0, "\(plan.stdout.suffix(3000))\(plan.stderr)")
        #expect(plan.stdout.contains("No changes."))
    }

    /// A configuration written by hand for the `inference` stack's resources, without Fleetform's
    /// tags, one resource under another name (`--map`) and one the stack does not declare: it
    /// imports, the plan adds exactly the ownership tags, and after apply nothing is left.
    @Test func aHandWrittenConfigurationImportsAndThePlanOnlyAddsOwnershipTags() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let cli = try CLIRunner()
        defer { cli.remove() }
        let terraform = try TerraformCLI(environment: moto.processEnvironment)
        defer { terraform.remove() }
        let env = moto.processEnvironment
        let inference = ["--stack", "inference", "--env", "handmade"]

        let synth = try cli.run(["synth"] + inference)
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(synth.stdout.utf8)) as? [String: Any])
        let resources = try #require(manifest["resources"] as? [[String: Any]])
        let bucket =
            try #require(
                resources.first { $0["address"] as? String == "aws_s3_bucket.model-artifacts" }?["attributes"]
                    as? [String: Any]
            )["bucket"] as? String
        try terraform.write(HandWrittenInference.root(bucket: try #require(bucket)), to: "main.tf")
        try terraform.write(HandWrittenInference.module, to: "modules/ranking/main.tf")
        try #require(try terraform.run(["init", "-no-color"]).status == 0)
        let apply = try terraform.run(["apply", "-auto-approve", "-no-color"], timeout: 420)
        try #require(apply.status == 0, "terraform apply: \(apply.stdout.suffix(2000))\(apply.stderr)")

        let tfstate = terraform.directory.appendingPathComponent("terraform.tfstate").path
        let imported = try cli.run(
            ["import"] + inference + [
                "--from-terraform", tfstate, "--map", "aws_s3_bucket.artifacts=aws_s3_bucket.model-artifacts",
            ], environment: env)
        #expect(imported.status == 0, "\(imported.stdout)\(imported.stderr)")
        #expect(imported.stdout.contains("Matched 10 of the Terraform state's 11 resources:"), "\(imported.stdout)")
        #expect(imported.stdout.contains("aws_s3_bucket.model-artifacts (--map)"))
        #expect(imported.stdout.contains("the next apply creates them): 0\n"))
        #expect(imported.stdout.contains("(Fleetform leaves them alone): 1\n  aws_s3_bucket.logs\n"))

        let plan = try cli.run(["plan"] + inference + ["--json"], environment: env)
        try #require(plan.status == 0, "\(plan.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any])
        var updated: [String: [String]] = [:]
        for change in document["resource_changes"] as? [[String: Any]] ?? [] {
            let body = change["change"] as? [String: Any] ?? [:]
            let actions = body["actions"] as? [String] ?? []
            guard actions != ["no-op"] else { continue }
            let address = change["address"] as? String ?? ""
            #expect(actions == ["update"], "\(address): \(actions)")
            updated[address] = Self.addedOwnershipTags(before: body["before"], after: body["after"], address: address)
        }
        let taggable = [
            "aws_vpc.core", "aws_subnet.core[\"us-east-1a\"]", "aws_subnet.core[\"us-east-1b\"]",
            "aws_subnet.core[\"us-east-1c\"]", "aws_security_group.core", "aws_s3_bucket.model-artifacts",
            "module.ranking.aws_launch_template.servers", "module.ranking.aws_autoscaling_group.servers",
        ]
        #expect(Set(updated.keys) == Set(taggable))
        for (address, added) in updated {
            #expect(added == ["fleetform:address", "fleetform:env", "fleetform:stack"], "\(address)")
        }

        let applied = try cli.run(["apply"] + inference + ["--auto-approve"], environment: env)
        #expect(applied.status == 0, "\(applied.stdout.suffix(2000))\(applied.stderr)")
        #expect(applied.stdout.contains("Resources: 0 added, 8 changed, 0 destroyed."), "\(applied.stdout.suffix(600))")
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

    /// Fleetform applies; its state, exported as a Terraform state beside the exported
    /// configuration, makes `terraform plan` (which refreshes every resource through the provider)
    /// find no changes.
    @Test func aStackAppliedByFleetformHandsOverToTerraformWithNoChanges() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let cli = try CLIRunner()
        defer { cli.remove() }
        let terraform = try TerraformCLI(environment: moto.processEnvironment)
        defer { terraform.remove() }
        let env = moto.processEnvironment
        let training = ["--stack", "training", "--env", "tf-out"]

        let apply = try cli.run(["apply"] + training + ["--auto-approve"], environment: env)
        try #require(apply.status == 0, "\(apply.stdout.suffix(2000))\(apply.stderr)")
        let export = try cli.run(["export", "terraform"] + training + ["--out", terraform.directory.path])
        try #require(export.status == 0, "\(export.stderr)")
        let tfstate = terraform.directory.appendingPathComponent("terraform.tfstate").path
        let stateExport = try cli.run(["state", "export"] + training + ["--terraform", "--out", tfstate])
        try #require(stateExport.status == 0, "\(stateExport.stderr)")
        try terraform.write(
            TerraformCLI.motoOverride(regions: ["us-east-1", "us-west-2"], ignoringLaunchTemplateTags: ["trainers"]),
            to: "moto_override.tf.json")
        try #require(try terraform.run(["init", "-no-color"]).status == 0)
        let plan = try terraform.run(["plan", "-detailed-exitcode", "-no-color"], timeout: 300)
        #expect(plan.status == 0, "terraform plan: \(plan.stdout.suffix(4000))\(plan.stderr)")
        #expect(plan.stdout.contains("No changes. Your infrastructure matches the configuration."))
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

/// A Terraform configuration of the `inference` stack's resources in its `handmade` environment,
/// as a team would have written it by hand: HCL, a module of its own, no Fleetform tags, the
/// bucket under another name, and a bucket the stack does not declare.
enum HandWrittenInference {
    static func root(bucket: String) -> String {
        """
        terraform {
          required_providers {
            aws = { source = "hashicorp/aws", version = "~> 5.100" }
          }
        }

        provider "aws" {
          region                      = "us-east-1"
          skip_credentials_validation = true
          skip_requesting_account_id  = true
          skip_metadata_api_check     = true
          s3_use_path_style           = true
        }

        resource "aws_vpc" "core" {
          cidr_block           = "10.40.0.0/16"
          enable_dns_support   = true
          enable_dns_hostnames = true
        }

        resource "aws_subnet" "core" {
          for_each = {
            "us-east-1a" = "10.40.0.0/20"
            "us-east-1b" = "10.40.16.0/20"
            "us-east-1c" = "10.40.32.0/20"
          }
          vpc_id                  = aws_vpc.core.id
          availability_zone       = each.key
          cidr_block              = each.value
          map_public_ip_on_launch = false
        }

        resource "aws_security_group" "core" {
          name        = "inference-handmade-core"
          description = "Fleetform nodes of network core"
          vpc_id      = aws_vpc.core.id
          ingress {
            from_port = 0
            to_port   = 0
            protocol  = "-1"
            self      = true
          }
          egress {
            from_port   = 0
            to_port     = 0
            protocol    = "-1"
            cidr_blocks = ["0.0.0.0/0"]
          }
        }

        module "ranking" {
          source          = "./modules/ranking"
          subnet_ids      = [for zone in ["us-east-1a", "us-east-1b", "us-east-1c"] : aws_subnet.core[zone].id]
          security_groups = [aws_security_group.core.id]
        }

        resource "aws_s3_bucket" "artifacts" {
          bucket = "\(bucket)"
        }

        resource "aws_s3_bucket_versioning" "model-artifacts" {
          bucket = aws_s3_bucket.artifacts.id
          versioning_configuration {
            status = "Enabled"
          }
        }

        resource "aws_s3_bucket_server_side_encryption_configuration" "model-artifacts" {
          bucket = aws_s3_bucket.artifacts.id
          rule {
            apply_server_side_encryption_by_default {
              sse_algorithm = "AES256"
            }
          }
        }

        resource "aws_s3_bucket" "logs" {
          bucket = "inference-handmade-logs"
        }

        """
    }

    static let module = """
        variable "subnet_ids" {}
        variable "security_groups" {}

        resource "aws_launch_template" "servers" {
          name                   = "inference-handmade-ranking-servers"
          image_id               = "resolve:ssm:/aws/service/eks/optimized-ami/1.31/amazon-linux-2023/x86_64/nvidia/recommended/image_id"
          instance_type          = "g6.2xlarge"
          vpc_security_group_ids = var.security_groups
          block_device_mappings {
            device_name = "/dev/xvda"
            ebs {
              volume_size = 200
              volume_type = "gp3"
            }
          }
        }

        resource "aws_autoscaling_group" "servers" {
          name                = "inference-handmade-ranking-servers"
          min_size            = 1
          max_size            = 4
          desired_capacity    = 1
          capacity_rebalance  = true
          vpc_zone_identifier = var.subnet_ids
          mixed_instances_policy {
            instances_distribution {
              on_demand_base_capacity                  = 1
              on_demand_percentage_above_base_capacity = 50
              spot_allocation_strategy                 = "price-capacity-optimized"
            }
            launch_template {
              launch_template_specification {
                launch_template_id = aws_launch_template.servers.id
                version            = "$Latest"
              }
              override { instance_type = "g6.2xlarge" }
              override { instance_type = "g6.4xlarge" }
              override { instance_type = "g5.2xlarge" }
              override { instance_type = "g5.4xlarge" }
            }
          }
          tag {
            key                 = "k8s.io/cluster-autoscaler/node-template/label/service"
            value               = "ranking"
            propagate_at_launch = true
          }
          tag {
            key                 = "k8s.io/cluster-autoscaler/node-template/label/workload"
            value               = "inference"
            propagate_at_launch = true
          }
        }

        """
}
