import Foundation
import Testing

/// `pricing refresh` against scripts/pricing-replay: a loopback server replaying GetProducts pages
/// and EC2's zone and spot price answers (moto has no Price List API and fakes spot history).
@Suite(.serialized) struct PricingRefreshTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The replay server on a free loopback port, its request log, and how to stop it.
    final class Replay {
        let process = Process()
        let port: Int
        let log: URL

        init(in directory: URL) throws {
            log = directory.appendingPathComponent("replay.jsonl")
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [
                "python3", PricingRefreshTests.root.appendingPathComponent("scripts/pricing-replay").path,
                PricingRefreshTests.root.appendingPathComponent("Tests/Fixtures/pricing-replay").path, log.path,
            ]
            let out = Pipe()
            process.standardOutput = out
            // Not the test's own stderr: a server still running would hold the test run's output open.
            process.standardError = FileHandle.nullDevice
            try process.run()
            var line = Data()
            while !line.contains(0x0A) {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                line.append(chunk)
            }
            port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        }

        var environment: [String: String] {
            [
                "AWS_ENDPOINT_URL": "http://127.0.0.1:\(port)", "AWS_ACCESS_KEY_ID": "AKIDREPLAY",
                "AWS_SECRET_ACCESS_KEY": "replay-secret", "AWS_REGION": "us-east-1", "AWS_PROFILE": "",
                "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent", "AWS_CONFIG_FILE": "/nonexistent",
            ]
        }

        func requests() throws -> [[String: Any]] {
            try String(contentsOf: log, encoding: .utf8).split(separator: "\n").compactMap {
                try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
        }

        deinit {
            // SIGKILL: a SIGTERM the test process ignores is ignored by its children too.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    @Test func onDemandAndSpotPricesAreRefreshedByZoneIDAndCited() throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        let replay = try Replay(in: cli.workingDirectory)
        #expect(replay.port > 0)
        let run = try cli.run(
            ["pricing", "refresh", "--type", "p5.48xlarge", "--region", "us-east-1", "--out", "catalog.json"],
            environment: replay.environment)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.stdout.contains("Refreshed 2 on-demand prices (2 regions) and 2 spot prices (1 regions)"),
            "\(run.stdout)")

        let catalog = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: cli.workingDirectory.appendingPathComponent("catalog.json")))
                as? [String: Any])
        let instances = try #require(catalog["instances"] as? [[String: Any]])
        let east = try #require(
            instances.first { $0["type"] as? String == "p5.48xlarge" && $0["region"] as? String == "us-east-1" })
        #expect(east["on_demand"] as? Double == 55.04)
        // The latest quote per zone, keyed by zone ID; a zone the region does not list is dropped.
        #expect(east["spot"] as? [String: Double] == ["use1-az4": 19.75, "use1-az6": 24.125])
        let spotSource = try #require(east["spot_source"] as? String)
        #expect(spotSource.hasPrefix("aws-spot-price-history-"))
        let sources = try #require(catalog["sources"] as? [String: Any])
        #expect(sources[spotSource] != nil && sources[east["on_demand_source"] as? String ?? ""] != nil)
        // Types not refreshed keep their prices and their source.
        let other = try #require(
            instances.first { $0["type"] as? String == "p4d.24xlarge" && $0["region"] as? String == "us-east-1" })
        #expect(other["spot_source"] == nil && other["on_demand_source"] == nil)

        // Reports price with the refreshed catalog and cite it.
        let show = try cli.run(
            ["pricing", "show", "--type", "p5.48xlarge"], environment: ["FLEETFORM_PRICE_CATALOG": "catalog.json"])
        #expect(
            show.status == 0 && show.stdout.contains("refreshed from the AWS pricing APIs"),
            "\(show.stdout)\(show.stderr)")

        let requests = try replay.requests()
        #expect(requests.allSatisfy { $0["signed"] as? Bool == true }, "\(requests)")
        #expect(requests.compactMap { $0["page"] as? String } == ["1", "2"])
        let history = try #require(requests.first { $0["action"] as? String == "DescribeSpotPriceHistory" })
        let form = history["form"] as? [String: String] ?? [:]
        #expect(
            form["InstanceType.1"] == "p5.48xlarge" && form["ProductDescription.1"] == "Linux/UNIX"
                && form["StartTime"] != nil)
        #expect(history["service"] as? String == "ec2" && history["region"] as? String == "us-east-1")
    }

    @Test func aFailingCallChangesNothing() throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        let replay = try Replay(in: cli.workingDirectory)
        // The replay has no EC2 answers for eu-west-1.
        let run = try cli.run(
            ["pricing", "refresh", "--type", "p5.48xlarge", "--region", "eu-west-1", "--out", "catalog.json"],
            environment: replay.environment)
        #expect(run.status == 1)
        #expect(run.stderr.contains("pricing refresh failed, the catalog cache was not changed"), "\(run.stderr)")
        #expect(
            run.stderr.contains("DescribeAvailabilityZones") || run.stderr.contains("InvalidAction"), "\(run.stderr)")
        #expect(
            !FileManager.default.fileExists(atPath: cli.workingDirectory.appendingPathComponent("catalog.json").path))
    }
}
