import FleetformTestSupport
import Foundation
import Testing

/// Pool rollouts of the `inference` stack's production pool (canary: 6 nodes, a 50% step, surge
/// 3) to a new image, through the real binary against moto with signature
/// checking. Pauses run on a stepping clock (FLEETFORM_TEST_STEPPING_CLOCK): no real sleeping.
/// moto puts instances in service at once, so the in-service gate passes on its first read.
@Suite(.serialized) struct RolloutTests {
    static let prod = ["--stack", "inference", "--env", "prod"]
    static let blueImage = ["--var", "image=ami-0b1ue000000000001"]
    static let greenImage = ["--var", "image=ami-0g7ee000000000002"]

    static func environment(_ moto: MotoServer) -> [String: String] {
        var env = moto.processEnvironment
        env["FLEETFORM_TEST_STEPPING_CLOCK"] = "1"
        return env
    }

    /// The state file's rollout records, as JSON.
    static func rollouts(_ cli: CLIRunner) throws -> [[String: Any]] {
        let url = cli.workingDirectory.appendingPathComponent(".fleetform/state/inference/prod.json")
        let state = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        return state?["rollouts"] as? [[String: Any]] ?? []
    }

    /// Every observation in `records` held the invariants (desired ≤ blue + green ≤ desired + surge).
    static func invariantsHold(_ records: [[String: Any]]) -> (held: Bool, count: Int) {
        var count = 0
        for record in records {
            for observation in record["observations"] as? [[String: Any]] ?? [] {
                count += 1
                let total =
                    (observation["blue_in_service"] as? Int ?? -1) + (observation["green_in_service"] as? Int ?? -1)
                let desired = observation["desired"] as? Int ?? -1, surge = observation["surge"] as? Int ?? -1
                if total < desired || total > desired + surge || observation["invariants_hold"] as? Bool != true {
                    return (false, count)
                }
            }
        }
        return (true, count)
    }

    /// `synth` shows the pool's rollout declaration, so a manifest file planned later with
    /// `plan --manifest` still rolls out.
    @Test func synthShowsTheRolloutDeclaration() throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        let synth = try cli.run(["synth"] + Self.prod)
        #expect(synth.status == 0, "\(synth.stderr)")
        let manifest = try JSONSerialization.jsonObject(with: Data(synth.stdout.utf8)) as? [String: Any]
        let rollouts = try #require(manifest?["rollouts"] as? [[String: Any]])
        #expect(rollouts.map { $0["group"] as? String } == ["module.ranking.aws_autoscaling_group.servers"])
        let policy = rollouts.first?["policy"] as? [String: Any] ?? [:]
        #expect(policy["strategy"] as? String == "canary" && policy["steps"] as? [Int] == [50], "\(policy)")
        #expect(policy["surge"] as? Int == 3)
    }

    @Test func canaryRolloutToANewImageCompletesWithOnePoolAndACleanPlan() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let cli = try CLIRunner()
        defer { cli.remove() }
        let env = Self.environment(moto)

        let first = try cli.run(["apply"] + Self.prod + Self.blueImage + ["--auto-approve"], environment: env)
        #expect(first.status == 0, "\(first.stderr)")
        let before = try CLIRunner.inventory(stack: "inference", environment: env)

        let plan = try cli.run(["plan"] + Self.prod + Self.greenImage + ["--detailed-exitcode"], environment: env)
        #expect(plan.status == 2, "\(plan.stderr)")
        #expect(plan.stdout.contains("rolls out (canary 50% → 100%, 6 node(s), surge 3)"), "\(plan.stdout)")
        #expect(
            plan.stdout.contains("1. create green inference-prod-ranking-servers-g2 at 3 node(s)"), "\(plan.stdout)")
        #expect(plan.stdout.contains("2. pause 5m; gates: nodes in service"), "\(plan.stdout)")
        #expect(plan.stdout.contains("4. retire blue"), "\(plan.stdout)")
        #expect(plan.stdout.contains("a one-off"), "\(plan.stdout)")
        // Six new nodes booting five minutes each: half a node-hour, priced once from the catalog.
        let oneOff = plan.stdout.split(separator: "\n").first { $0.hasPrefix("One-off: ") }.map(String.init) ?? ""
        #expect(oneOff.contains(" once for the rollout's overlap (about 0.5 node-hours of "), "\(plan.stdout)")
        #expect(plan.stdout.contains("Plan: 0 to add, 1 to change, 0 to destroy."), "\(plan.stdout)")
        let json = try cli.run(["plan"] + Self.prod + Self.greenImage + ["--json"], environment: env)
        let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let planned = try #require(document?["rollouts"] as? [[String: Any]])
        let phases = (planned.first?["record"] as? [String: Any])?["phases"] as? [[String: Any]] ?? []
        #expect(
            phases.map { $0["kind"] as? String ?? "" } == [
                "create_green", "pause", "shift", "retire_blue",
            ])
        let cost = planned.first?["overlap_cost"] as? [String: Any] ?? [:]
        let hourly = cost["hourly_usd"] as? Double ?? 0
        let nodeHours = cost["node_hours"] as? Double ?? 0
        #expect(abs(nodeHours - 0.5) < 1e-9 && hourly > 0, "\(cost)")
        let once = (nodeHours * hourly * 100).rounded() / 100
        #expect(cost["one_off_usd"] as? Double == once, "\(cost)")
        #expect(oneOff.contains(String(format: "$%.2f once", once)), "\(oneOff)")

        // The rollout travels in a saved plan, as a CI pipeline would plan and then apply it.
        let saved = try cli.run(["plan"] + Self.prod + Self.greenImage + ["--out", "green.plan"], environment: env)
        #expect(saved.status == 0, "\(saved.stderr)")
        let apply = try cli.run(["apply", "green.plan", "--json"], environment: env)
        #expect(apply.status == 0, "\(apply.stderr)")
        let events = apply.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }.filter { $0["type"] as? String == "rollout_phase" }
        let completedPhases = events.filter { $0["stage"] as? String == "phase_completed" }
        #expect(completedPhases.count == 4, "\(events)")
        #expect(events.contains { $0["stage"] as? String == "completed" })

        let after = try CLIRunner.inventory(stack: "inference", environment: env)
        #expect(after.byType == before.byType, "one pool left: \(after.byType) vs \(before.byType)")
        #expect(after.duplicates.isEmpty, "\(after.duplicates)")
        let replan = try cli.run(["plan"] + Self.prod + Self.greenImage + ["--detailed-exitcode"], environment: env)
        #expect(replan.status == 0, "\(replan.stdout.suffix(1500))")

        let records = try Self.rollouts(cli)
        #expect(records.first?["status"] as? String == "completed")
        let invariants = Self.invariantsHold(records)
        #expect(invariants.held && invariants.count >= 5, "\(records)")

        // The pool's alarms and the dashboard followed the pool to green's group.
        let watched = try Self.watchedGroups(moto)
        #expect(watched.groups == ["inference-prod-ranking-servers-g2"], "\(watched)")
        #expect(!watched.alarmGroups.isEmpty && Set(watched.alarmGroups) == Set(watched.groups), "\(watched)")
        #expect(watched.dashboardMentions == watched.groups, "\(watched)")
    }
}

extension RolloutTests {
    /// The groups in moto, the groups the alarms' dimensions name, and the groups the dashboard names.
    static func watchedGroups(_ moto: MotoServer) throws -> (
        groups: [String], alarmGroups: [String], dashboardMentions: [String]
    ) {
        let script = """
            import boto3, json
            asg = boto3.client("autoscaling"); cw = boto3.client("cloudwatch")
            groups = sorted(g["AutoScalingGroupName"] for g in asg.describe_auto_scaling_groups()["AutoScalingGroups"])
            named = set()
            for alarm in cw.describe_alarms()["MetricAlarms"]:
                dims = list(alarm.get("Dimensions", []))
                for query in alarm.get("Metrics", []):
                    dims += query.get("MetricStat", {}).get("Metric", {}).get("Dimensions", [])
                named |= {d["Value"] for d in dims if d["Name"] == "AutoScalingGroupName"}
            body = "".join(cw.get_dashboard(DashboardName=d["DashboardName"])["DashboardBody"]
                           for d in cw.list_dashboards()["DashboardEntries"])
            print(json.dumps([groups, sorted(named), sorted(g for g in groups if '"%s"' % g in body)]))
            """
        let answer = try PythonScript.json(script, environment: moto.processEnvironment, purpose: "watched groups")
        let lists = answer as? [[String]] ?? []
        guard lists.count == 3 else { return ([], [], []) }
        return (lists[0], lists[1], lists[2])
    }
}

extension RolloutTests {
    /// Makes the alarm `name` in moto and forces it into ALARM (boto3 put_metric_alarm, set_alarm_state).
    static func forceAlarm(_ name: String, _ moto: MotoServer) throws {
        let script = """
            import boto3, json, sys
            cw = boto3.client("cloudwatch")
            cw.put_metric_alarm(AlarmName=sys.argv[1], MetricName="HTTPCode_Target_5XX_Count",
                Namespace="AWS/ApplicationELB", Statistic="Sum", Period=60, EvaluationPeriods=1, Threshold=10,
                ComparisonOperator="GreaterThanThreshold")
            cw.set_alarm_state(AlarmName=sys.argv[1], StateValue="ALARM", StateReason="forced by the rollout test")
            print(json.dumps([a["StateValue"] for a in cw.describe_alarms(AlarmNames=[sys.argv[1]])["MetricAlarms"]]))
            """
        let state = try PythonScript.json(
            arguments: ["-c", script, name], environment: moto.processEnvironment, purpose: "alarm")
        #expect(state as? [String] == ["ALARM"])
    }

    /// An alarm in ALARM when the pause reads its gates rolls the pool back to blue: apply exits 1
    /// naming the gate, green is gone, blue is back at full size, and the plan still offers the rollout.
    @Test func alarmInAlarmDuringThePauseRollsBackToBlue() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let cli = try CLIRunner()
        defer { cli.remove() }
        let env = Self.environment(moto)
        let gate = ["--var", "rollout_gate=ranking-5xx"]
        let first = try cli.run(["apply"] + Self.prod + Self.blueImage + gate + ["--auto-approve"], environment: env)
        #expect(first.status == 0, "\(first.stderr)")
        let before = try CLIRunner.inventory(stack: "inference", environment: env)
        try Self.forceAlarm("ranking-5xx", moto)

        let apply = try cli.run(["apply"] + Self.prod + Self.greenImage + gate + ["--auto-approve"], environment: env)
        #expect(apply.status == 1, "\(apply.stdout)\(apply.stderr)")
        let gateNamed = "rollout rolled back to blue: gate 'alarm': 'ranking-5xx' in ALARM"
        #expect(apply.stderr.contains(gateNamed), "\(apply.stderr)")
        #expect(apply.stdout.contains("phase 2/4: pause 300s checking gates"), "\(apply.stdout)")
        let after = try CLIRunner.inventory(stack: "inference", environment: env)
        #expect(after.byType == before.byType && after.duplicates.isEmpty, "\(after)")
        let records = try Self.rollouts(cli)
        #expect(records.first?["status"] as? String == "rolled_back")
        #expect((records.first?["green"] as? [Any])?.isEmpty ?? true)
        #expect(Self.invariantsHold(records).held, "\(records)")
        let blueStays = try cli.run(
            ["plan"] + Self.prod + Self.blueImage + gate + ["--detailed-exitcode"], environment: env)
        #expect(blueStays.status == 0, "blue is what state and cloud hold: \(blueStays.stdout.suffix(1500))")
        let again = try cli.run(
            ["plan"] + Self.prod + Self.greenImage + gate + ["--detailed-exitcode"], environment: env)
        #expect(again.status == 2 && again.stdout.contains("rolls out"), "\(again.stdout)")
    }
}

extension RolloutTests {
    /// The rollout records of the journal an interrupted apply left.
    static func journalRollouts(_ cli: CLIRunner) throws -> [[String: Any]] {
        let url = cli.workingDirectory.appendingPathComponent(".fleetform/journal/inference/prod.jsonl")
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            let entry = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return entry?["kind"] as? String == "rollout" ? entry?["rollout"] as? [String: Any] : nil
        }
    }

    /// Five rollouts, each killed (SIGKILL by the journal hook) after a different journal entry —
    /// in green's creation, after its companion, after the pause, in the shift and in blue's
    /// retirement — and each resumed by the next apply to what an uninterrupted rollout leaves:
    /// the same tagged resources, no duplicates, a clean plan, the invariants held at every phase.
    @Test func killedRolloutsResumeToTheSameEnd() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let cli = try CLIRunner()
        defer { cli.remove() }
        let env = Self.environment(moto)
        let first = try cli.run(["apply"] + Self.prod + Self.blueImage + ["--auto-approve"], environment: env)
        #expect(first.status == 0, "\(first.stderr)")
        let expected = try CLIRunner.inventory(stack: "inference", environment: env)
        var log: [String] = []
        for (run, entry) in [2, 4, 7, 9, 12].enumerated() {
            let image = run % 2 == 0 ? Self.greenImage : Self.blueImage
            var crashing = env
            crashing["FLEETFORM_TEST_CRASH_AFTER_JOURNAL_ENTRY"] = String(entry)
            let killed = try cli.run(["apply"] + Self.prod + image + ["--auto-approve"], environment: crashing)
            #expect(killed.status == 9 || killed.status == 137, "run \(run): exit \(killed.status), not killed")
            let journal = try Self.journalRollouts(cli)
            let inFlight = try #require(journal.last, "run \(run): no rollout record in the journal")
            let status = try cli.run(["rollout", "status"] + Self.prod, environment: env)
            #expect(status.status == 0 && status.stdout.contains("generation \(run + 2), running"), "\(status.stdout)")
            let recover = try cli.run(["apply"] + Self.prod + image + ["--auto-approve"], environment: env)
            #expect(recover.status == 0, "run \(run) (killed after entry \(entry)): \(recover.stderr)")
            #expect(recover.stdout.contains("resumes its rollout"), "run \(run): \(recover.stdout.prefix(1500))")
            let inventory = try CLIRunner.inventory(stack: "inference", environment: env)
            #expect(inventory.byType == expected.byType, "run \(run): \(inventory.byType)")
            #expect(inventory.duplicates.isEmpty, "run \(run): \(inventory.duplicates)")
            let replan = try cli.run(["plan"] + Self.prod + image + ["--detailed-exitcode"], environment: env)
            #expect(replan.status == 0, "run \(run): \(replan.stdout.suffix(1200))")
            let records = try Self.rollouts(cli)
            #expect(records.first?["status"] as? String == "completed", "run \(run)")
            #expect(records.first?["generation"] as? Int == run + 2, "run \(run)")
            let held = Self.invariantsHold(journal + records)
            #expect(held.held, "run \(run): \(journal + records)")
            log.append(
                "killed after journal entry \(entry) at phase \(inFlight["completed"] as? Int ?? -1) "
                    + "(\(inFlight["status"] as? String ?? "")); resumed to generation \(run + 2), "
                    + "\(held.count) observations held")
        }
        print("rollout crash test:\n" + log.joined(separator: "\n"))
    }
}

extension RolloutTests {
    /// Applies blue, then kills (SIGKILL by the journal hook) the apply that rolls out green after
    /// journal entry `entry`; returns what blue's apply left in the cloud.
    static func stopRollout(afterJournalEntry entry: Int, _ cli: CLIRunner, _ env: [String: String]) throws
        -> (byType: [String: Int], total: Int, duplicates: [String])
    {
        let first = try cli.run(["apply"] + prod + blueImage + ["--auto-approve"], environment: env)
        #expect(first.status == 0, "\(first.stderr)")
        let expected = try CLIRunner.inventory(stack: "inference", environment: env)
        var crashing = env
        crashing["FLEETFORM_TEST_CRASH_AFTER_JOURNAL_ENTRY"] = String(entry)
        let killed = try cli.run(["apply"] + prod + greenImage + ["--auto-approve"], environment: crashing)
        #expect(killed.status == 9 || killed.status == 137, "exit \(killed.status), not killed")
        return expected
    }

    /// A rollout stopped by a crash inside the shift (after journal entry 7) is left `running`:
    /// `destroy` refuses to run under it, naming `rollout abort`; `rollout continue` carries it to
    /// the end an uninterrupted rollout reaches.
    @Test func aStoppedRolloutContinuesAndDestroyWaitsForIt() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let cli = try CLIRunner()
        defer { cli.remove() }
        let env = Self.environment(moto)
        let expected = try Self.stopRollout(afterJournalEntry: 7, cli, env)

        let destroy = try cli.run(["destroy"] + Self.prod + Self.greenImage + ["--auto-approve"], environment: env)
        #expect(destroy.status != 0, "\(destroy.stdout.suffix(800))")
        #expect(destroy.stderr.contains("is under way (generation 2, running)"), "\(destroy.stderr)")
        #expect(
            destroy.stderr.contains("run 'fleetform rollout abort --stack inference --env prod' before destroying"),
            "\(destroy.stderr)")
        #expect(try CLIRunner.inventory(stack: "inference", environment: env).byType.values.reduce(0, +) > 0)

        let resumed = try cli.run(["rollout", "continue"] + Self.prod, environment: env)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let records = try Self.rollouts(cli)
        #expect(records.first?["status"] as? String == "completed", "\(records)")
        #expect(records.first?["completed"] as? Int == 4, "\(records)")
        let inventory = try CLIRunner.inventory(stack: "inference", environment: env)
        #expect(inventory.byType == expected.byType, "\(inventory.byType)")
        #expect(inventory.duplicates.isEmpty, "\(inventory.duplicates)")
        let replan = try cli.run(["plan"] + Self.prod + Self.greenImage + ["--detailed-exitcode"], environment: env)
        #expect(replan.status == 0, "\(replan.stdout.suffix(1200))")
        let again = try cli.run(["rollout", "continue"] + Self.prod, environment: env)
        #expect(again.status != 0 && again.stderr.contains("no rollout is under way in inference/prod"))
    }

    /// A rollout stopped by a crash after the pause is rolled back by `rollout abort`: green
    /// removed, blue at its full size, and blue's image re-plans clean.
    @Test func aStoppedRolloutAbortsBackToBlue() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let cli = try CLIRunner()
        defer { cli.remove() }
        let env = Self.environment(moto)
        let expected = try Self.stopRollout(afterJournalEntry: 4, cli, env)

        let aborted = try cli.run(["rollout", "abort"] + Self.prod, environment: env)
        #expect(aborted.status == 0, "\(aborted.stderr)")
        let records = try Self.rollouts(cli)
        #expect(records.first?["status"] as? String == "rolled_back", "\(records)")
        #expect(records.first?["reason"] as? String == "aborted by 'fleetform rollout abort'", "\(records)")
        let inventory = try CLIRunner.inventory(stack: "inference", environment: env)
        #expect(inventory.byType == expected.byType, "\(inventory.byType)")
        #expect(inventory.duplicates.isEmpty, "\(inventory.duplicates)")
        let blue = try cli.run(["plan"] + Self.prod + Self.blueImage + ["--detailed-exitcode"], environment: env)
        #expect(blue.status == 0, "blue is what state and cloud hold: \(blue.stdout.suffix(1200))")
        #expect(Self.invariantsHold(records).held, "\(records)")
    }

    /// Blue/green (`--var rollout=blue_green`): all six green nodes come up beside blue's six,
    /// bake, then blue shrinks and retires; one pool left and a clean re-plan.
    @Test func blueGreenRolloutBakesBesideBlueThenRetiresIt() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let cli = try CLIRunner()
        defer { cli.remove() }
        let env = Self.environment(moto)
        let blueGreen = ["--var", "rollout=blue_green"]
        let first = try cli.run(
            ["apply"] + Self.prod + Self.blueImage + blueGreen + ["--auto-approve"], environment: env)
        #expect(first.status == 0, "\(first.stderr)")
        let before = try CLIRunner.inventory(stack: "inference", environment: env)

        let plan = try cli.run(["plan"] + Self.prod + Self.greenImage + blueGreen, environment: env)
        #expect(plan.stdout.contains("rolls out (blue/green, 6 node(s), surge 6)"), "\(plan.stdout)")
        #expect(plan.stdout.contains("2. pause 10m; gates: nodes in service"), "\(plan.stdout)")
        let apply = try cli.run(
            ["apply"] + Self.prod + Self.greenImage + blueGreen + ["--auto-approve", "--json"], environment: env)
        #expect(apply.status == 0, "\(apply.stderr)")

        let records = try Self.rollouts(cli)
        let record = try #require(records.first)
        #expect(record["status"] as? String == "completed", "\(record)")
        let phases = (record["phases"] as? [[String: Any]] ?? []).map { $0["kind"] as? String ?? "" }
        #expect(phases == ["create_green", "pause", "shift", "retire_blue"])
        let observations = record["observations"] as? [[String: Any]] ?? []
        // Both pools whole at once: blue's six still serving while green's six bake.
        let whole = observations.contains { $0["blue_in_service"] as? Int == 6 && $0["green_in_service"] as? Int == 6 }
        #expect(whole, "\(observations)")
        #expect(Self.invariantsHold(records).held, "\(records)")
        let after = try CLIRunner.inventory(stack: "inference", environment: env)
        #expect(after.byType == before.byType, "one pool left: \(after.byType) vs \(before.byType)")
        let replan = try cli.run(
            ["plan"] + Self.prod + Self.greenImage + blueGreen + ["--detailed-exitcode"], environment: env)
        #expect(replan.status == 0, "\(replan.stdout.suffix(1200))")
    }
}
