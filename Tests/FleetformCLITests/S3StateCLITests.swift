import FleetformAWS
import FleetformTestSupport
import Foundation
import Testing

/// The CLI with its state in a versioned S3 bucket on moto (signature checking on).
@Suite(.serialized) struct S3StateCLITests {
    @Test func concurrentAppliesOnOneS3StateOneWinsAndPullPushWork() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        try await Self.makeVersionedBucket("fleetform-state", moto: moto)
        let cli = try CLIRunner()
        defer { cli.remove() }
        let env = moto.processEnvironment
        let state = ["--state", "s3://fleetform-state/training"]
        let target = ["--stack", "training", "--env", "race"] + state

        let args = ["apply"] + target + ["--auto-approve"]
        let started = [try cli.start(args, environment: env), try cli.start(args, environment: env)]
        let outputs = started.map { run in
            let result = run.finish()
            return (result.status, result.stdout, result.stderr)
        }
        #expect(outputs.map(\.0).sorted() == [0, 1], "\(outputs)")
        let loser = try #require(outputs.first { $0.0 == 1 })
        #expect(loser.2.contains("state is locked by"), "\(loser.2)")
        #expect(loser.2.contains("'fleetform apply'"), "\(loser.2)")
        #expect(loser.2.contains("fleetform state unlock"), "\(loser.2)")
        let inventory = try CLIRunner.inventory(stack: "training", environment: env)
        #expect(inventory.byType == (try cli.declared(stack: "training", env: "race").listed))
        #expect(inventory.duplicates.isEmpty)

        // The state is in the bucket, not on disk, and the lock object is gone.
        #expect(
            !FileManager.default.fileExists(
                atPath: cli.workingDirectory.appendingPathComponent(".fleetform/state").path))
        let transport = AsyncHTTPClientTransport()
        defer { Task { try? await transport.shutdown() } }
        let client = moto.client(transport: transport)
        let lock = await #expect(throws: AWSError.self) {
            _ = try await client.s3(
                "GetObject", method: "GET", bucket: "fleetform-state", key: "training/race.json.lock",
                region: "us-east-1")
        }
        #expect(lock?.code == "NoSuchKey")

        let list = try cli.run(["state", "list"] + target + ["aws_vpc"], environment: env)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout == "aws_vpc.core\naws_vpc_endpoint.core_s3\n")

        let pull = try cli.run(["state", "pull"] + target, environment: env)
        #expect(pull.status == 0, "\(pull.stderr)")
        let pulled = try #require(try JSONSerialization.jsonObject(with: Data(pull.stdout.utf8)) as? [String: Any])
        let serial = try #require(pulled["serial"] as? Int)
        let file = cli.workingDirectory.appendingPathComponent("race.json").path
        try pull.stdout.write(toFile: file, atomically: true, encoding: .utf8)
        let push = try cli.run(["state", "push"] + target + [file], environment: env)
        #expect(push.status == 0, "\(push.stderr)")
        let again = try cli.run(["state", "pull"] + target, environment: env)
        let repulled = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
        #expect(repulled["serial"] as? Int == serial + 1)
        #expect(repulled["lineage"] as? String == pulled["lineage"] as? String)

        // A state of another history is refused, and nothing changes.
        let foreign = pull.stdout.replacingOccurrences(of: pulled["lineage"] as! String, with: "another-lineage")
        try foreign.write(toFile: file, atomically: true, encoding: .utf8)
        let refused = try cli.run(["state", "push"] + target + [file], environment: env)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("lineage"), "\(refused.stderr)")

        let plan = try cli.run(["plan"] + target + ["--detailed-exitcode"], environment: env)
        #expect(plan.status == 0, "\(plan.stdout.suffix(600)) \(plan.stderr)")
        let destroy = try cli.run(["destroy"] + target + ["--auto-approve"], environment: env)
        #expect(destroy.status == 0, "\(destroy.stderr)")
        #expect(try CLIRunner.inventory(stack: "training", environment: env).total == 0)
    }

    static func makeVersionedBucket(_ bucket: String, moto: MotoServer) async throws {
        let transport = AsyncHTTPClientTransport()
        do {
            let client = moto.client(transport: transport)
            _ = try await client.s3("CreateBucket", method: "PUT", bucket: bucket, region: "us-east-1")
            var versioning = XMLWriter(root: "VersioningConfiguration")
            versioning.element("Status", "Enabled")
            _ = try await client.s3(
                "PutBucketVersioning", method: "PUT", bucket: bucket, subresource: "versioning", body: versioning,
                region: "us-east-1")
        } catch {
            try? await transport.shutdown()
            throw error
        }
        try await transport.shutdown()
    }
}
