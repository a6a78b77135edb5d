import FleetformTestSupport
import Foundation
import Testing

/// Bad input, one row each: what the user did, the exit code, the words the message must contain,
/// and that the state file's bytes (or its absence) did not change. AWS-side failures come from
/// moto where it produces them (wrong secret, unknown key, AccessDenied for a user without
/// permissions) and from `scripts/fault-proxy` answering a fixed error where it cannot (expired
/// session token, quota exceeded).
@Suite(.serialized) struct BadInputCatalogueTests {
    /// One bad input.
    struct Case {
        var name: String
        var args: [String]
        /// 1 for errors, 64 for command-line usage errors (ArgumentParser's EX_USAGE).
        var status: Int32 = 1
        /// Every one must appear in stderr (or stdout for validation output).
        var words: [String]
        /// Changes to the environment (a nil value removes the variable).
        var environment: [String: String?] = [:]
        /// Writes files into the working directory before the run.
        var prepare: (@Sendable (URL) throws -> Void)? = nil
        /// The state file whose bytes must not change.
        var statePath = BadInputCatalogueTests.previewState
        /// Runs the command through the fault proxy that answers this action's error.
        var proxyErrors: [String: String] = [:]
    }

    static let previewState = ".fleetform/state/preview/pr-1.json"
    static let preview = ["--stack", "preview", "--env", "pr-1"]

    static func write(_ text: String, to path: String) -> @Sendable (URL) throws -> Void {
        { directory in
            let url = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    /// Rewrites the good state file with `edit` applied to its text.
    static func editState(_ edit: @escaping @Sendable (String) -> String) -> @Sendable (URL) throws -> Void {
        { directory in
            let url = directory.appendingPathComponent(previewState)
            let text = try String(contentsOf: url, encoding: .utf8)
            try Data(edit(text).utf8).write(to: url)
        }
    }

    static func cases(plans: (training: String, preview: String)) -> [Case] {
        let training = ["--stack", "training", "--env", "dev"]
        return [
            // The DSL and flags: refused before anything is read or sent.
            Case(
                name: "variable that is not a number", args: ["plan"] + training + ["--var", "trainers=many"],
                words: ["trainers", "many"]),
            Case(
                name: "variable the stack never reads (a typo)", args: ["plan"] + training + ["--var", "trainer=4"],
                words: ["plans/training.swift", "'trainer' is not read", "did you mean trainers?"]),
            Case(
                name: "variable above max", args: ["plan"] + training + ["--var", "trainers=40"],
                words: ["plans/training.swift", "max"]),
            Case(
                name: "variable below min", args: ["plan"] + training + ["--var", "trainers=-2"],
                words: ["plans/training.swift", "min"]),
            Case(
                name: "variable without '='", args: ["plan"] + training + ["--var", "trainers"], status: 64,
                words: ["--var", "KEY=VALUE"]),
            Case(
                name: "unknown stack", args: ["plan", "--stack", "trainnig"],
                words: ["trainnig", "known stacks: training"]),
            Case(
                name: "invalid environment name", args: ["plan", "--stack", "preview", "--env", "Pr 1!"],
                words: ["Pr 1!"]),
            Case(
                name: "lock timeout that is not a duration", args: ["apply"] + preview + ["--lock-timeout", "forever"],
                status: 64, words: ["--lock-timeout", "30s"]),
            Case(
                name: "ttl that is not a duration", args: ["apply"] + preview + ["--ttl", "8x", "--auto-approve"],
                status: 64, words: ["--ttl", "8h"]),

            // State files: refused, named, left byte for byte as they were.
            Case(
                name: "corrupt state", args: ["plan"] + preview + ["--refresh=false"], words: [previewState, "line"],
                prepare: write("{\"version\": 1, \"serial\": ,}", to: previewState)),
            Case(
                name: "truncated state", args: ["plan"] + preview + ["--refresh=false"],
                words: [previewState, "truncated"], prepare: editState { String($0.prefix($0.count / 2)) }),
            Case(
                name: "empty state", args: ["plan"] + preview + ["--refresh=false"], words: [previewState],
                prepare: write("", to: previewState)),
            Case(
                name: "future state version", args: ["plan"] + preview + ["--refresh=false"],
                words: [previewState, "newer Fleetform"],
                prepare: editState { $0.replacingOccurrences(of: "\"version\": 2", with: "\"version\": 99") }),
            Case(
                name: "state that is not a state (a plan file)", args: ["plan"] + preview + ["--refresh=false"],
                words: [previewState],
                prepare: { dir in
                    try FileManager.default.copyItem(
                        at: dir.appendingPathComponent(plans.preview),
                        to: dir.appendingPathComponent(previewState + ".tmp"))
                    try FileManager.default.removeItem(at: dir.appendingPathComponent(previewState))
                    try FileManager.default.moveItem(
                        at: dir.appendingPathComponent(previewState + ".tmp"),
                        to: dir.appendingPathComponent(previewState))
                }),
            Case(
                name: "state with a wrong field type", args: ["plan"] + preview + ["--refresh=false"],
                words: [previewState, "serial"],
                prepare: editState {
                    $0.replacingOccurrences(of: "\"serial\": ", with: "\"serial\": \"x\", \"old_serial\": ")
                }),
            Case(
                name: "state of another stack at this path", args: ["plan"] + preview + ["--refresh=false"],
                words: [previewState, "training"],
                prepare: editState {
                    $0.replacingOccurrences(of: "\"stack\": \"preview\"", with: "\"stack\": \"training\"")
                }),
            Case(
                name: "state push of another lineage", args: ["state", "push"] + preview + ["other.json"],
                words: ["lineage", "--force"],
                prepare: { dir in
                    let text = try String(contentsOf: dir.appendingPathComponent(previewState), encoding: .utf8)
                    let other = text.replacingOccurrences(
                        of: #""lineage": "[^"]+""#, with: "\"lineage\": \"00000000-0000-4000-8000-000000000000\"",
                        options: .regularExpression)
                    try Data(other.utf8).write(to: dir.appendingPathComponent("other.json"))
                }),
            Case(
                name: "state push of a corrupt file", args: ["state", "push"] + preview + ["broken.json"],
                words: ["broken.json"], prepare: write("{\"version\": 1,", to: "broken.json")),
            Case(
                name: "held lock", args: ["apply"] + preview + ["--auto-approve"],
                words: ["locked by", "fleetform state unlock"]),

            // Credentials, endpoints, TLS.
            Case(
                name: "missing credentials", args: ["apply"] + preview + ["--auto-approve"],
                words: ["no AWS credentials", "AWS_ACCESS_KEY_ID"],
                environment: ["AWS_ACCESS_KEY_ID": nil, "AWS_SECRET_ACCESS_KEY": nil]),
            Case(
                name: "unknown profile", args: ["apply"] + preview + ["--auto-approve", "--profile", "nope"],
                words: ["profile 'nope'"]),
            Case(
                name: "wrong secret", args: ["apply"] + preview + ["--auto-approve"],
                words: ["secret access key is wrong", "AWS_SECRET_ACCESS_KEY"],
                environment: ["AWS_SECRET_ACCESS_KEY": "wrong-secret-value"]),
            Case(
                name: "unknown access key", args: ["apply"] + preview + ["--auto-approve"],
                words: ["AKIAUNKNOWNKEY000000"], environment: ["AWS_ACCESS_KEY_ID": "AKIAUNKNOWNKEY000000"]),
            Case(
                name: "expired session token (proxy)", args: ["apply"] + preview + ["--auto-approve"],
                words: ["ExpiredToken", "session token has expired"],
                environment: ["AWS_SESSION_TOKEN": "expired-token-value"], proxyErrors: ["*": "ExpiredToken:400"]),
            Case(
                name: "unreachable endpoint", args: ["apply"] + preview + ["--auto-approve"],
                words: ["http://127.0.0.1:9", "check that the endpoint is reachable"],
                environment: ["AWS_ENDPOINT_URL": "http://127.0.0.1:9"]),
            Case(
                name: "endpoint that is not a URL", args: ["apply"] + preview + ["--auto-approve"],
                words: ["AWS_ENDPOINT_URL", "not an endpoint URL"], environment: ["AWS_ENDPOINT_URL": "moto:5000"]),
            Case(
                name: "plain http to a non-loopback endpoint", args: ["apply"] + preview + ["--auto-approve"],
                words: ["AWS_ENDPOINT_URL", "https://"],
                environment: ["AWS_ENDPOINT_URL": "http://fleetform-test.invalid:5000"]),
            Case(
                name: "timeout that is not a duration", args: ["apply"] + preview + ["--auto-approve"],
                words: ["FLEETFORM_HTTP_TIMEOUT", "2.5s"], environment: ["FLEETFORM_HTTP_TIMEOUT": "soon"]),
            Case(
                name: "unknown region", args: ["instance-types", "--region", "mars-north-1"],
                words: ["unknown region 'mars-north-1'", "us-east-1"]),

            // The service says no.
            Case(
                name: "AccessDenied (moto, user without permissions)", args: ["apply"] + preview + ["--auto-approve"],
                words: ["lacks permission", "IAM"]),
            Case(
                name: "quota exceeded (proxy)",
                args: ["apply", "--stack", "preview", "--env", "pr-2", "--auto-approve"],
                words: ["VpcLimitExceeded", "CreateVpc"], statePath: ".fleetform/state/preview/pr-2.json",
                proxyErrors: [
                    "CreateVpc": "VpcLimitExceeded:400", "CreateBucket": "TooManyBuckets:400",
                    "CreateSecurityGroup": "SecurityGroupLimitExceeded:400",
                    "CreateLaunchTemplate": "LaunchTemplateLimitExceeded:400",
                    // What depends on no VPC: the NAT gateway's address and the nodes' role.
                    "AllocateAddress": "AddressLimitExceeded:400", "CreateRole": "LimitExceeded:409",
                ]),

            // Plans and manifests.
            Case(
                name: "plan file for another stack", args: ["apply", plans.training] + preview,
                words: [plans.training, "stack 'training'", "--stack training"]),
            Case(
                name: "corrupt plan file", args: ["apply", "bad.plan"], words: ["bad.plan", "not a valid"],
                prepare: write("{\"format\": \"fleetform-plan\", [", to: "bad.plan")),
            Case(
                name: "missing plan file", args: ["apply", "nowhere.plan"], words: ["nowhere.plan", "check the path"]),
            Case(
                name: "manifest of a future version", args: ["plan", "--manifest", "m.json", "--refresh=false"],
                words: ["m.json", "version"],
                prepare: write("{\"manifest_version\": 42, \"resources\": []}", to: "m.json")),
            Case(
                name: "manifest that is not JSON", args: ["plan", "--manifest", "m.json", "--refresh=false"],
                words: ["m.json"], prepare: write("resources:\n  - aws_vpc", to: "m.json")),

            // Demand history for the forecaster.
            Case(
                name: "CSV with a value that is not a number",
                args: ["forecast", "--input", "d.csv", "--horizon", "24"], words: ["d.csv:3", "gpus", "lots"],
                prepare: write("hour,gpus\n0,1\n1,lots\n", to: "d.csv")),
            Case(
                name: "CSV with a missing column",
                args: ["forecast", "--input", "d.csv", "--value-column", "gpus", "--horizon", "24"],
                words: ["gpus", "--value-column"], prepare: write("hour,value\n0,1\n", to: "d.csv")),
            Case(
                name: "CSV row with too many fields", args: ["forecast", "--input", "d.csv", "--horizon", "24"],
                words: ["d.csv:2", "expected 2 fields"], prepare: write("hour,gpus\n0,1,2\n", to: "d.csv")),
            Case(
                name: "CSV with a duplicate hour", args: ["forecast", "--input", "d.csv", "--horizon", "24"],
                words: ["d.csv:3", "appears twice"], prepare: write("hour,gpus\n0,1\n0,2\n", to: "d.csv")),
            Case(
                name: "CSV with hours centuries apart", args: ["forecast", "--input", "d.csv", "--horizon", "24"],
                words: ["d.csv:3", "check the time column's unit"],
                prepare: write("hour,gpus\n0,1\n99999999,2\n", to: "d.csv")),
            Case(
                name: "CSV that does not exist", args: ["forecast", "--input", "missing.csv", "--horizon", "24"],
                words: ["missing.csv"]),
        ]
    }

    @Test func everyBadInputFailsCleanlyAndLeavesStateAlone() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let base = try CLIRunner()
        defer { base.remove() }
        let env = moto.processEnvironment
        let applied = try base.run(["apply"] + Self.preview + ["--auto-approve"], environment: env)
        try #require(applied.status == 0, "\(applied.stderr)")
        let trainingPlan = try base.run([
            "plan", "--stack", "training", "--env", "dev", "--refresh=false", "--out", "training.plan",
        ])
        let previewPlan = try base.run(["plan"] + Self.preview + ["--out", "preview.plan"], environment: env)
        try #require(trainingPlan.status == 0 && previewPlan.status == 0, "\(trainingPlan.stderr)\(previewPlan.stderr)")
        let limited = try Self.userWithoutPermissions(moto: moto)

        let cases = Self.cases(plans: ("training.plan", "preview.plan"))
        print("bad-input catalogue: \(cases.count) cases")
        #expect(cases.count >= 30)
        for item in cases {
            // Each case in a copy of the working directory with the good state and the plans.
            let cli = try CLIRunner()
            defer { cli.remove() }
            try FileManager.default.removeItem(at: cli.workingDirectory)
            try FileManager.default.copyItem(at: base.workingDirectory, to: cli.workingDirectory)
            try item.prepare?(cli.workingDirectory)
            var environment = env
            for (key, value) in item.environment { environment[key] = value ?? "" }
            if item.name.hasPrefix("AccessDenied") {
                environment["AWS_ACCESS_KEY_ID"] = limited.id
                environment["AWS_SECRET_ACCESS_KEY"] = limited.secret
            }
            var proxy: FaultProxy?
            if !item.proxyErrors.isEmpty {
                proxy = try FaultProxy.start(upstream: moto.endpointURL, configuration: .init(errors: item.proxyErrors))
                environment["AWS_ENDPOINT_URL"] = proxy!.endpointURL
            }
            defer { proxy?.stop() }
            let statePath = cli.workingDirectory.appendingPathComponent(item.statePath).path
            let before = FileManager.default.contents(atPath: statePath)
            var holder: Process?
            if item.name == "held lock" {
                holder = try Self.holdLock(cli.workingDirectory.appendingPathComponent(item.statePath + ".lock"))
            }
            defer { holder?.terminate() }

            let run = try cli.run(item.args, environment: environment)
            let output = run.stderr + run.stdout
            #expect(run.status == item.status, "\(item.name): exit \(run.status)\n\(output)")
            for word in item.words {
                #expect(output.contains(word), "\(item.name): no '\(word)' in:\n\(output)")
            }
            #expect(
                !run.stderr.contains("Fatal error") && !run.stderr.contains("Stack dump"),
                "\(item.name): crashed\n\(run.stderr)")
            #expect(FileManager.default.contents(atPath: statePath) == before, "\(item.name): the state file changed")
        }
        #expect(
            try CLIRunner.inventory(stack: "preview", env: "pr-2", environment: env).total == 0,
            "the quota case created something")
        #expect(try base.run(["destroy"] + Self.preview + ["--auto-approve"], environment: env).status == 0)
    }

    /// Holds the OS lock on `path` with a lock record, the way a running apply does, from another process.
    static func holdLock(_ path: URL) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c",
            """
            import fcntl, json, os, sys, time
            fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
            fcntl.flock(fd, fcntl.LOCK_EX)
            os.ftruncate(fd, 0)
            os.write(fd, json.dumps({"id": "3f2a0000-0000-4000-8000-000000000001", "who": "ci-runner-7", "host": "ci", "pid": os.getpid(), "command": "fleetform apply", "created": "2026-11-21T12:03:00Z"}).encode())
            os.fsync(fd)
            print("held", flush=True)
            time.sleep(60)
            """, path.path,
        ]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        _ = out.fileHandleForReading.availableData  // "held": the lock is taken
        return process
    }

    /// An IAM user with an access key and no policy: moto answers its calls with AccessDenied.
    static func userWithoutPermissions(moto: MotoServer) throws -> (id: String, secret: String) {
        let script = """
            import boto3, json
            iam = boto3.client("iam", region_name="us-east-1")
            iam.create_user(UserName="no-permissions")
            key = iam.create_access_key(UserName="no-permissions")["AccessKey"]
            print(json.dumps([key["AccessKeyId"], key["SecretAccessKey"]]))
            """
        let value = try PythonScript.json(
            script, environment: moto.processEnvironment, purpose: "creating an IAM user without permissions")
        guard let pair = value as? [String], pair.count == 2 else {
            throw HarnessError("unexpected user keys: \(value)")
        }
        return (pair[0], pair[1])
    }
}
