import FleetformTestSupport
import Foundation
import Testing

/// `recommend --write` → the `training` stack's production pool follows it → `plan` shows the
/// capacity change and its monthly cost delta (against moto, signature checking on).
@Suite(.serialized) struct RecommendIntoStackTests {
    static let demand = TestData.folder("demand").appendingPathComponent("dlrm_app_hourly_gpu.csv")
        .standardizedFileURL.path

    func recommend(_ cli: CLIRunner, series: String, to file: String) throws -> [String: Any] {
        let run = try cli.run([
            "recommend", "--demand", Self.demand, "--series", series, "--accelerator", "H100", "--region", "us-east-1",
            "--horizon", "168", "--format", "json", "--write", file,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let written = try #require(
            FileManager.default.contents(atPath: cli.workingDirectory.appendingPathComponent(file).path))
        #expect(String(decoding: written, as: UTF8.self) == run.stdout)
        return try #require(try JSONSerialization.jsonObject(with: written) as? [String: Any])
    }

    @Test func aNewRecommendationShowsAsAPoolChangeWithItsCost() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let cli = try CLIRunner()
        defer { cli.remove() }
        let env = moto.processEnvironment

        let small = try recommend(cli, series: "app_21", to: "capacity/small.json")
        #expect(small["region"] as? String == "us-east-1" && small["accelerator"] as? String == "H100")
        let hours = try #require(small["hours"] as? [[String: Any]])
        #expect(hours.count == 168)
        let line = try #require((hours[0]["capacity"] as? [[String: Any]])?.first)
        #expect(
            Set(line.keys) == ["instance_type", "zone", "purchase", "count", "gpus_per_instance", "price_per_hour"])
        let summary = try #require(small["summary"] as? [String: Any])
        #expect((summary["expected_cost"] as? Double ?? 0) > 0 && summary["baselines"] is [String: Any])

        let prod = ["--stack", "training", "--env", "prod"]
        let apply = try cli.run(
            ["apply"] + prod + ["--var", "capacity=capacity/small.json", "--auto-approve"], environment: env)
        #expect(apply.status == 0, "\(apply.stdout)\(apply.stderr)")
        let unchanged = try cli.run(
            ["plan"] + prod + ["--var", "capacity=capacity/small.json", "--detailed-exitcode"], environment: env)
        #expect(unchanged.status == 0, "\(unchanged.stdout)\(unchanged.stderr)")

        let large = try recommend(cli, series: "app_0", to: "capacity/large.json")
        let largeFirst = (try #require(large["hours"] as? [[String: Any]]))[0]["capacity"] as? [[String: Any]] ?? []
        let smallFirst = hours[0]["capacity"] as? [[String: Any]] ?? []
        let count = { (lines: [[String: Any]]) in lines.compactMap { $0["count"] as? Int }.reduce(0, +) }
        let plan = try cli.run(
            ["plan"] + prod + ["--var", "capacity=capacity/large.json", "--detailed-exitcode"], environment: env)
        #expect(plan.status == 2, "\(plan.stdout)\(plan.stderr)")
        #expect(plan.stdout.contains("# aws_autoscaling_group.trainers will be updated in-place"), "\(plan.stdout)")
        #expect(
            plan.stdout.contains("~ desired_capacity = \(count(smallFirst)) -> \(count(largeFirst))"), "\(plan.stdout)")
        #expect(plan.stdout.contains("~ max_size         = "), "\(plan.stdout)")
        #expect(plan.stdout.contains("Plan: 0 to add, 1 to change, 0 to destroy."), "\(plan.stdout)")
        let costLine = try #require(plan.stdout.split(separator: "\n").first { $0.hasPrefix("Monthly cost:") })
        #expect(costLine.contains(" → ") && costLine.contains("(+$"), "\(costLine)")
    }
}
