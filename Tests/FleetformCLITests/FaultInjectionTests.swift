import FleetformTestSupport
import Foundation
import Testing

/// Apply and destroy through `scripts/fault-proxy` in front of moto: 5xx, throttling, resets,
/// lost answers, delays past the client's timeout and truncated bodies.
@Suite(.serialized) struct FaultInjectionTests {
    /// The client's per-request timeout in these tests (FLEETFORM_HTTP_TIMEOUT); delayed answers
    /// are held longer than this, so every `delay` fault is a timeout.
    static let clientTimeout = "1.5"
    static let delaySeconds = 3.0

    /// At a 20% fault rate, apply and destroy of `training` succeed in one run each with exactly
    /// the declared resources (no duplicates, no orphans), within a bounded number of requests.
    @Test(arguments: [7, 14, 2026]) func applyAndDestroyTrainingThroughTwentyPercentFaults(seed: Int) async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let cli = try CLIRunner()
        defer { cli.remove() }
        // Baseline: the same story through a proxy that injects nothing, to bound the faulty run.
        let clean = try FaultProxy.start(upstream: moto.endpointURL, configuration: .init(seed: seed, rate: 0))
        defer { clean.stop() }
        try Self.applyPlanDestroy(cli: cli, envName: "clean", moto: moto, proxy: clean)
        let baseline = clean.entries().count

        let proxy = try FaultProxy.start(
            upstream: moto.endpointURL,
            configuration: .init(
                seed: seed, rate: 0.2, delaySeconds: Self.delaySeconds, maxConsecutive: 3, maxRequests: 4 * baseline))
        defer { proxy.stop(keepLog: true) }
        try Self.applyPlanDestroy(cli: cli, envName: "faulty", moto: moto, proxy: proxy)

        let entries = proxy.entries()
        let faults = proxy.faultCounts()
        let injected = faults.values.reduce(0, +)
        // Each fault costs at most a resend and, for a create whose answer was lost, a lookup by
        // tags and the waits after it: a bounded overhead, far below the proxy's request cap.
        #expect(injected >= baseline / 10, "a 20% rate injected only \(injected) faults in \(entries.count) requests")
        #expect(
            entries.count <= baseline + 6 * injected,
            "requests \(entries.count), baseline \(baseline), faults \(injected)")
        #expect(!faults.keys.contains("cap"))
        print(
            "fault test seed \(seed): \(entries.count) requests (baseline \(baseline)), \(injected) faults "
                + faults.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
                + "; log \(proxy.logPath)")
    }

    /// apply, re-plan (no changes: state matches the cloud), destroy of `training` env `envName`
    /// through `proxy`, counting what the cloud holds directly from moto after each step.
    /// The baseline runs with the default timeout: it also warms moto, whose first call of a
    /// service in a region loads it lazily and can take longer than the short timeout.
    static func applyPlanDestroy(cli: CLIRunner, envName: String, moto: MotoServer, proxy: FaultProxy) throws {
        var env = moto.processEnvironment
        env["AWS_ENDPOINT_URL"] = proxy.endpointURL
        if proxy.configuration.rate > 0 { env["FLEETFORM_HTTP_TIMEOUT"] = clientTimeout }
        let training = ["--stack", "training", "--env", envName]
        let declared = try cli.declared(stack: "training", env: envName)
        let where_ = "seed \(proxy.configuration.seed), rate \(proxy.configuration.rate), log \(proxy.logPath)"

        let apply = try cli.run(["apply"] + training + ["--auto-approve"], environment: env)
        #expect(apply.status == 0, "\(where_): \(apply.stderr)")
        #expect(
            apply.stdout.contains("Apply complete! Resources: \(declared.total) added"),
            "\(where_): \(apply.stdout.suffix(600))")
        let inventory = try CLIRunner.inventory(stack: "training", env: envName, environment: moto.processEnvironment)
        #expect(inventory.byType == declared.listed, "\(where_)")
        #expect(inventory.duplicates.isEmpty, "\(where_): \(inventory.duplicates)")

        let replan = try cli.run(["plan"] + training + ["--detailed-exitcode"], environment: env)
        #expect(replan.status == 0, "\(where_): \(replan.stdout.suffix(800))\(replan.stderr)")

        let destroy = try cli.run(["destroy"] + training + ["--auto-approve"], environment: env)
        #expect(destroy.status == 0, "\(where_): \(destroy.stderr)")
        #expect(destroy.stdout.contains("\(declared.total) destroyed"), "\(where_): \(destroy.stdout.suffix(600))")
        let after = try CLIRunner.inventory(stack: "training", env: envName, environment: moto.processEnvironment)
        #expect(after.total == 0, "\(where_): orphans \(after.byType)")
    }

    /// With every request failing, apply and destroy stop cleanly: exit 1, the last error named,
    /// the state file's bytes unchanged, nothing created or deleted, a bounded number of sends.
    @Test func everyRequestFailingStopsCleanlyWithStateIntact() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let cli = try CLIRunner()
        defer { cli.remove() }
        let preview = ["--stack", "preview", "--env", "pr-5"]
        let applied = try cli.run(["apply"] + preview + ["--auto-approve"], environment: moto.processEnvironment)
        #expect(applied.status == 0, "\(applied.stderr)")
        let statePath = cli.workingDirectory.appendingPathComponent(".fleetform/state/preview/pr-5.json").path
        let before = try #require(FileManager.default.contents(atPath: statePath))
        let cloudBefore = try CLIRunner.inventory(stack: "preview", environment: moto.processEnvironment).total

        for (faults, expected) in [
            (["throttle"], ["RequestLimitExceeded", "Throttling", "SlowDown"]),
            (["reset", "truncate"], ["TransportError", "check that the endpoint is reachable"]),
        ] {
            let proxy = try FaultProxy.start(
                upstream: moto.endpointURL, configuration: .init(seed: 1, rate: 1, faults: faults, maxRequests: 400))
            defer { proxy.stop() }
            var env = moto.processEnvironment
            env["AWS_ENDPOINT_URL"] = proxy.endpointURL
            env["FLEETFORM_HTTP_TIMEOUT"] = Self.clientTimeout
            for command in [["apply"] + preview + ["--auto-approve"], ["destroy"] + preview + ["--auto-approve"]] {
                let run = try cli.run(command, environment: env)
                #expect(run.status == 1, "\(faults) \(command[0]): \(run.stdout)\(run.stderr)")
                #expect(run.stderr.contains("Error: "), "\(run.stderr)")
                #expect(expected.contains { run.stderr.contains($0) }, "\(faults) \(command[0]): \(run.stderr)")
                #expect(run.stderr.contains(proxy.endpointURL), "\(run.stderr)")
                #expect(
                    FileManager.default.contents(atPath: statePath) == before,
                    "\(faults) \(command[0]) changed the state")
            }
            let sent = proxy.entries()
            #expect(sent.allSatisfy { $0.fault != nil }, "a request got through")
            #expect(!sent.contains { $0.fault == "cap" }, "\(faults): \(sent.count) requests hit the cap")
            print("100% \(faults.joined(separator: "+")): apply and destroy stopped after \(sent.count) requests")
        }
        #expect(try CLIRunner.inventory(stack: "preview", environment: moto.processEnvironment).total == cloudBefore)
        let destroy = try cli.run(["destroy"] + preview + ["--auto-approve"], environment: moto.processEnvironment)
        #expect(destroy.status == 0, "\(destroy.stderr)")
    }
}
