import FleetformTestSupport
import Foundation
import Testing

/// Credentials never leak (output, --verbose, errors, plan files, state, journal, lock records),
/// files with infrastructure data are private (0600), sensitive attributes are masked, and TLS
/// certificates are verified.
@Suite(.serialized) struct SecretHandlingTests {
    /// Temporary credentials with a session token, from moto's STS (AssumeRole of a role the IAM
    /// user may assume), so every signed request carries the token and moto checks it.
    static func sessionCredentials(moto: MotoServer) throws -> [String: String] {
        let script = """
            import boto3, json
            iam = boto3.client("iam", region_name="us-east-1")
            trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:user/fleetform-test"}, "Action": "sts:AssumeRole"}]}
            allow = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
            role = iam.create_role(RoleName="deployer", AssumeRolePolicyDocument=json.dumps(trust))["Role"]
            iam.put_role_policy(RoleName="deployer", PolicyName="all", PolicyDocument=json.dumps(allow))
            creds = boto3.client("sts", region_name="us-east-1").assume_role(RoleArn=role["Arn"], RoleSessionName="secret-test")["Credentials"]
            print(json.dumps([creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"]]))
            """
        let value = try PythonScript.json(
            script, environment: moto.processEnvironment, purpose: "AssumeRole against moto")
        guard let triple = value as? [String], triple.count == 3 else {
            throw HarnessError("unexpected credentials: \(value)")
        }
        var env = moto.processEnvironment
        env["AWS_ACCESS_KEY_ID"] = triple[0]
        env["AWS_SECRET_ACCESS_KEY"] = triple[1]
        env["AWS_SESSION_TOKEN"] = triple[2]
        return env
    }

    /// Every regular file under `directory`, with its path relative to it.
    static func files(under directory: URL) -> [(String, URL)] {
        let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey])
        var found: [(String, URL)] = []
        while let url = walker?.nextObject() as? URL {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            found.append((String(url.path.dropFirst(directory.path.count + 1)), url))
        }
        return found
    }

    static func mode(_ url: URL) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions]) as? Int ?? -1) & 0o777
    }

    @Test func verboseApplyAndDestroyNeverShowOrStoreTheSecretKeyOrSessionToken() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let cli = try CLIRunner()
        defer { cli.remove() }
        let env = try Self.sessionCredentials(moto: moto)
        let secret = try #require(env["AWS_SECRET_ACCESS_KEY"]), token = try #require(env["AWS_SESSION_TOKEN"])
        let preview = ["--stack", "preview", "--env", "pr-7"]

        var runs: [(String, CLIRunner.Result)] = []
        for args in [
            ["plan"] + preview + ["--out", "p.plan"], ["apply", "p.plan", "--verbose"],
            ["plan"] + preview + ["--json"], ["refresh"] + preview + ["--verbose"],
            ["state", "show"] + preview + ["aws_autoscaling_group.workers"], ["state", "pull"] + preview,
            ["apply"] + preview + ["--auto-approve", "--verbose", "--json"],
            ["destroy"] + preview + ["--auto-approve", "--verbose"],
        ] {
            let run = try cli.run(args, environment: env)
            #expect(run.status == 0, "\(args): \(run.stderr)")
            runs.append((args.joined(separator: " "), run))
        }
        // An error path: the token with a wrong secret.
        var wrong = env
        wrong["AWS_SECRET_ACCESS_KEY"] = String(secret.reversed())
        let denied = try cli.run(["apply"] + preview + ["--auto-approve", "--verbose"], environment: wrong)
        #expect(denied.status == 1)
        // The capture works: the (public) access key id is named in the error.
        #expect(denied.stderr.contains(env["AWS_ACCESS_KEY_ID"]!), "\(denied.stderr)")
        runs.append(("wrong secret", denied))
        #expect(
            runs.contains { $0.1.stderr.contains("API calls") || $0.1.stderr.contains("calls") },
            "--verbose printed nothing")

        // A journal exists only while an apply runs or after one died: kill one mid-way, keep a
        // copy of its journal for the search, then recover and destroy.
        let killed = ["--stack", "preview", "--env", "pr-7k"]
        let journal = cli.workingDirectory.appendingPathComponent(".fleetform/journal/preview/pr-7k.jsonl")
        var crashing = env
        crashing["FLEETFORM_TEST_CRASH_AFTER_JOURNAL_ENTRY"] = "3"
        let crashed = try cli.run(["apply"] + killed + ["--auto-approve", "--verbose"], environment: crashing)
        #expect(crashed.status == 9 || crashed.status == 137, "exit \(crashed.status): the apply was not killed")
        let journalBytes = try #require(try? Data(contentsOf: journal), "no journal after a killed apply")
        #expect(Self.mode(journal) == 0o600, "the journal has mode \(String(Self.mode(journal), radix: 8))")
        try journalBytes.write(to: cli.workingDirectory.appendingPathComponent("killed-apply-journal.jsonl"))
        for args in [
            ["apply"] + killed + ["--auto-approve", "--verbose"],
            ["destroy"] + killed + ["--auto-approve", "--verbose"],
        ] {
            let run = try cli.run(args, environment: env)
            #expect(run.status == 0, "\(args): \(run.stderr)")
            runs.append((args.joined(separator: " "), run))
        }

        var leaks: [String] = []
        for (name, run) in runs {
            for (needle, what) in [
                (secret, "secret key"), (token, "session token"), (String(secret.reversed()), "wrong secret"),
            ]
            where run.stdout.contains(needle) || run.stderr.contains(needle) {
                leaks.append("\(what) in the output of '\(name)'")
            }
        }
        let files = Self.files(under: cli.workingDirectory)
        #expect(
            files.contains { $0.0.hasPrefix(".fleetform/state/") }
                && files.contains { $0.0.hasSuffix("journal.jsonl") }, "\(files.map(\.0))")
        for (path, url) in files {
            let text = String(decoding: (try? Data(contentsOf: url)) ?? Data(), as: UTF8.self)
            for (needle, what) in [(secret, "secret key"), (token, "session token")] where text.contains(needle) {
                leaks.append("\(what) in \(path)")
            }
        }
        #expect(leaks.isEmpty, "\(leaks)")
        print(
            "secret grep: \(runs.count) runs and \(files.count) files searched for the secret key and session token, \(leaks.count) hits"
        )

        // State, its backup, the plan file and the journal are private to the user.
        for (path, url) in files where path.hasPrefix(".fleetform/") || path.hasSuffix(".plan") {
            #expect(Self.mode(url) == 0o600, "\(path) has mode \(String(Self.mode(url), radix: 8))")
        }
    }

    @Test func sensitiveAttributesAreMaskedInPlanOutput() throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        let synth = try cli.run(["synth", "--stack", "preview", "--env", "pr-8"])
        #expect(synth.status == 0, "\(synth.stderr)")
        // Mark the launch template's user data sensitive and give it a secret-looking value.
        let marker = "export DB_PASSWORD=hunter2-\(UUID().uuidString)"
        var manifest = try #require(try JSONSerialization.jsonObject(with: Data(synth.stdout.utf8)) as? [String: Any])
        var resources = try #require(manifest["resources"] as? [[String: Any]])
        let index = try #require(
            resources.firstIndex { ($0["address"] as? String)?.hasPrefix("aws_launch_template.") == true })
        var attributes = try #require(resources[index]["attributes"] as? [String: Any])
        attributes["user_data"] = marker
        resources[index]["attributes"] = attributes
        resources[index]["sensitive"] = ["user_data"]
        manifest["resources"] = resources
        try JSONSerialization.data(withJSONObject: manifest).write(
            to: cli.workingDirectory.appendingPathComponent("m.json"))

        let plan = try cli.run(["plan", "--manifest", "m.json", "--refresh=false"])
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(!plan.stdout.contains("hunter2"), "the sensitive value is shown:\n\(plan.stdout)")
        #expect(plan.stdout.contains("user_data") && plan.stdout.contains("(sensitive value)"), "\(plan.stdout)")
        // JSON keeps the value, as Terraform's JSON plan does, and marks it in after_sensitive.
        let json = try cli.run(["plan", "--manifest", "m.json", "--refresh=false", "--json"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let changes = try #require(document["resource_changes"] as? [[String: Any]])
        let template = try #require(
            changes.first { ($0["address"] as? String)?.hasPrefix("aws_launch_template.") == true })
        let marks = (template["change"] as? [String: Any])?["after_sensitive"] as? [String: Any]
        #expect(marks?["user_data"] as? Bool == true, "not marked sensitive in JSON: \(String(describing: marks))")
        let saved = try cli.run(["plan", "--manifest", "m.json", "--refresh=false", "--out", "m.plan"])
        #expect(saved.status == 0 && !saved.stdout.contains("hunter2"))
        #expect(Self.mode(cli.workingDirectory.appendingPathComponent("m.plan")) == 0o600)
    }

    /// A TLS endpoint with a certificate nobody vouches for is refused, on loopback too; there is
    /// no switch to turn verification off. Plain http to a host that is not loopback is refused.
    @Test func certificatesAreVerifiedAndPlainHTTPIsLoopbackOnly() throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        let dir = cli.workingDirectory
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", dir.appendingPathComponent("key.pem").path,
            "-out", dir.appendingPathComponent("cert.pem").path,
        ]
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        try #require(openssl.terminationStatus == 0, "openssl could not make a certificate")

        // A TLS server on loopback that counts the HTTP requests it gets (it should get none).
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = [
            "python3", "-c",
            """
            import http.server, ssl, sys, threading
            class H(http.server.BaseHTTPRequestHandler):
                def do_POST(self):
                    sys.stderr.write("REQUEST\\n"); sys.stderr.flush()
                    self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
                do_GET = do_POST
            s = http.server.HTTPServer(("127.0.0.1", 0), H)
            c = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); c.load_cert_chain(sys.argv[1], sys.argv[2])
            s.socket = c.wrap_socket(s.socket, server_side=True)
            threading.Timer(30, s.shutdown).start()
            print(s.server_address[1], flush=True)
            s.serve_forever()
            """, dir.appendingPathComponent("cert.pem").path, dir.appendingPathComponent("key.pem").path,
        ]
        let out = Pipe(), err = Pipe()
        server.standardOutput = out
        server.standardError = err
        try server.run()
        defer { server.terminate() }
        let port = try #require(
            Int(
                String(decoding: out.fileHandleForReading.availableData, as: UTF8.self).trimmingCharacters(
                    in: .whitespacesAndNewlines)))

        let env = [
            "AWS_ENDPOINT_URL": "https://127.0.0.1:\(port)", "AWS_ACCESS_KEY_ID": "AKIDTLSTEST",
            "AWS_SECRET_ACCESS_KEY": "tls-test-secret",
            "AWS_REGION": "us-east-1", "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
            "FLEETFORM_HTTP_TIMEOUT": "2", "SSL_CERT_FILE": "/nonexistent", "NODE_TLS_REJECT_UNAUTHORIZED": "0",
        ]
        let run = try cli.run(["apply", "--stack", "preview", "--env", "tls", "--auto-approve"], environment: env)
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(
            run.stderr.contains("TLS certificate of https://127.0.0.1:\(port) could not be verified"), "\(run.stderr)")
        kill(server.processIdentifier, SIGKILL)
        server.waitUntilExit()
        let served = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(!served.contains("REQUEST"), "a request went through an unverified TLS connection")

        var plain = env
        plain["AWS_ENDPOINT_URL"] = "http://fleetform-test.invalid:5000"
        let refused = try cli.run(
            ["apply", "--stack", "preview", "--env", "tls", "--auto-approve"], environment: plain)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("plain http") && refused.stderr.contains("https://"), "\(refused.stderr)")
    }
}
