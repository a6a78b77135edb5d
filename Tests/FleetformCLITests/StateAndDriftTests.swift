import FleetformTestSupport
import Foundation
import Testing

@Suite(.serialized) struct StateAndDriftTests {
    /// Turns on public IPs for the environment's first private subnet behind Fleetform's back, with boto3.
    static func changeSubnetOutside(env name: String, environment: [String: String]) throws {
        _ = try PythonScript.json(
            """
            import boto3
            ec2 = boto3.client("ec2", region_name="us-east-1")
            subnets = ec2.describe_subnets(Filters=[{"Name": "tag:fleetform:env", "Values": ["\(name)"]}])["Subnets"]
            address = lambda s: {t["Key"]: t["Value"] for t in s.get("Tags", [])}.get("fleetform:address", "")
            first = [s for s in subnets if address(s) == 'aws_subnet.preview["us-east-1a"]'][0]
            ec2.modify_subnet_attribute(SubnetId=first["SubnetId"], MapPublicIpOnLaunch={"Value": True})
            print("{}")
            """, environment: environment, purpose: "change a subnet behind Fleetform's back")
    }

    @Test func driftIsShownAndRevertedAndStateCommandsWork() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let cli = try CLIRunner()
        defer { cli.remove() }
        let env = moto.processEnvironment
        let preview = ["--stack", "preview", "--env", "pr-9"]
        let apply = try cli.run(["apply"] + preview + ["--auto-approve"], environment: env)
        #expect(apply.status == 0, "\(apply.stderr)")

        try Self.changeSubnetOutside(env: "pr-9", environment: env)
        let plan = try cli.run(["plan"] + preview + ["--detailed-exitcode"], environment: env)
        #expect(plan.status == 2, "\(plan.stderr)")
        #expect(plan.stdout.contains("changed outside of Fleetform"), "\(plan.stdout)")
        #expect(plan.stdout.contains("# aws_subnet.preview[\"us-east-1a\"] has changed"), "\(plan.stdout)")
        #expect(plan.stdout.contains("~ map_public_ip_on_launch = false -> true"), "\(plan.stdout)")
        #expect(plan.stdout.contains("~ map_public_ip_on_launch = true -> false"), "\(plan.stdout)")
        #expect(plan.stdout.contains("Plan: 0 to add, 1 to change, 0 to destroy."))
        #expect(try cli.run(["apply"] + preview + ["--auto-approve"], environment: env).status == 0)
        #expect(try cli.run(["plan"] + preview + ["--detailed-exitcode"], environment: env).status == 0)

        let list = try cli.run(["state", "list"] + preview)
        #expect(list.status == 0)
        #expect(list.stdout.split(separator: "\n").count == (try cli.declared(stack: "preview", env: "pr-9").total))
        let show = try cli.run(["state", "show"] + preview + ["aws_autoscaling_group.workers"])
        #expect(show.stdout.contains("desired_capacity") && show.stdout.contains("id = \"preview-pr-9-workers\""))

        let pulled = try cli.run(["state", "pull"] + preview)
        try Data(pulled.stdout.utf8).write(to: cli.workingDirectory.appendingPathComponent("saved.json"))
        #expect(try cli.run(["state", "mv"] + preview + ["aws_s3_bucket.scratch", "aws_s3_bucket.temp"]).status == 0)
        let buckets = { try cli.run(["state", "list"] + preview + ["aws_s3_bucket."]).stdout }
        #expect(try buckets() == "aws_s3_bucket.fleetform_logs\naws_s3_bucket.temp\n")
        let stale = try cli.run(["state", "push"] + preview + ["saved.json"])
        #expect(stale.status == 1)
        #expect(stale.stderr.contains("behind"), "\(stale.stderr)")
        #expect(try cli.run(["state", "push"] + preview + ["saved.json", "--force"]).status == 0)
        #expect(try buckets() == "aws_s3_bucket.fleetform_logs\naws_s3_bucket.scratch\n")

        #expect(try cli.run(["state", "rm"] + preview + ["aws_s3_bucket.scratch"]).status == 0)
        let bucket = try #require(try JSONSerialization.jsonObject(with: Data(pulled.stdout.utf8)) as? [String: Any])
        let resources = try #require(bucket["resources"] as? [[String: Any]])
        let bucketName = try #require(
            resources.first { $0["address"] as? String == "aws_s3_bucket.scratch" }?["id"] as? String)
        let imported = try cli.run(["import"] + preview + ["aws_s3_bucket.scratch", bucketName], environment: env)
        #expect(imported.status == 0, "\(imported.stderr)")
        // An import adopts the bucket in place: nothing is replaced or re-created; the next apply
        // adds the ownership tags and the declared force_destroy to it.
        let afterImport = try cli.run(["plan"] + preview, environment: env)
        #expect(afterImport.status == 0, "\(afterImport.stderr)")
        #expect(afterImport.stdout.contains("Plan: 0 to add, 1 to change, 0 to destroy."), "\(afterImport.stdout)")
        #expect(afterImport.stdout.contains("+ \"fleetform:address\"    = \"aws_s3_bucket.scratch\""))

        #expect(try cli.run(["destroy"] + preview + ["--auto-approve"], environment: env).status == 0)
        #expect(try CLIRunner.inventory(stack: "preview", environment: env).total == 0)
    }
}
