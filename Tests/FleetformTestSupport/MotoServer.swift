import AWSSigV4
import FleetformAWS
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A `moto_server` on a free loopback port with signature checking on: the first
/// `unauthenticatedCalls` requests create an IAM user with an allow-all policy and an access key;
/// every later request must be signed with that key. `stop()` kills the server (bounded waits).
/// It runs as `scripts/moto-server`: moto as installed with three corrections (the script says why):
/// a bucket's EventBridge notification setting is in the answer that reads it, EventBridge rules
/// publish to SNS topic targets, and alarms publish to the topics among their actions when their
/// state changes. Both deliveries happen only when the topic's policy and its key let the service
/// (as on AWS); a dropped delivery is a line in the server's log (`log()`) saying why.
///
/// moto records every request it receives (`recordingPath`), whoever sends it (the provider in
/// process, the `fleetform` binary, a fault proxy in between). `stop()` checks Fleetform's requests
/// against botocore's service models (`WireCheck`) and records each problem as an issue of the
/// running test, so every integration test is also a wire test. `FLEETFORM_WIRE_RECORDINGS=DIR`
/// keeps the recordings there (`scripts/wire-check DIR/*.jsonl` checks them all at once). moto
/// records only routes it knows: a REST call it does not implement needs `RecordingTransport`.
///
/// ```swift
/// let moto = try await MotoServer.start()
/// defer { moto.stop() }
/// let client = moto.client(transport: transport)
/// ```
public final class MotoServer: @unchecked Sendable {
    public let port: Int
    /// The IAM user's access key, set once the user exists.
    public private(set) var credentials = SigningCredentials(accessKeyId: "", secretAccessKey: "")
    private let process: Process
    private let logPath: String
    /// The requests moto received, one JSON object per line.
    public let recordingPath: String
    private let lock = NSLock()
    private var stopped = false
    /// Requests checked by `takeWireReport` (their recording is cut).
    private var checkedRequests = 0

    public var endpointURL: String { "http://127.0.0.1:\(port)" }

    /// Calls that run unauthenticated: CreateUser, PutUserPolicy, CreateAccessKey.
    public static let unauthenticatedCalls = 3

    private init(port: Int, process: Process, logPath: String, recordingPath: String) {
        self.port = port
        self.process = process
        self.logPath = logPath
        self.recordingPath = recordingPath
    }

    /// Starts moto, waits (≤ 30 s) until it accepts connections, and creates the IAM user.
    public static func start() async throws -> MotoServer {
        let port = try freeLoopbackPort()
        let logPath = NSTemporaryDirectory() + "moto-\(port).log"
        let recordingPath = NSTemporaryDirectory() + "moto-\(port)-\(UUID().uuidString.prefix(8)).requests.jsonl"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        _ = FileManager.default.createFile(atPath: recordingPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // moto_server with four corrections (see the script).
        process.arguments = [
            "python3", TestData.repositoryRoot.appendingPathComponent("scripts/moto-server").path, "-H", "127.0.0.1",
            "-p", String(port),
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["INITIAL_NO_AUTH_ACTION_COUNT"] = String(unauthenticatedCalls)
        // AWS managed policies (AmazonEKSClusterPolicy, …) exist in AWS; moto loads them only when asked.
        environment["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true"
        environment["MOTO_ENABLE_RECORDING"] = "true"
        environment["MOTO_RECORDER_FILEPATH"] = recordingPath
        for key in environment.keys where key.hasPrefix("AWS_") { environment[key] = nil }
        process.environment = environment
        let log = FileHandle(forWritingAtPath: logPath)
        process.standardOutput = log
        process.standardError = log
        try process.run()
        let server = MotoServer(port: port, process: process, logPath: logPath, recordingPath: recordingPath)
        do {
            try await server.waitUntilListening(timeout: 60)
            server.credentials = try await server.createUserWithAccessKey()
            return server
        } catch {
            server.stop(checkingWire: false)
            throw error
        }
    }

    /// A port the kernel reports free on 127.0.0.1.
    private static func freeLoopbackPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HarnessError("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else { throw HarnessError("bind() failed") }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw HarnessError("getsockname() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private func waitUntilListening(timeout: Double) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            guard process.isRunning else {
                throw HarnessError("moto_server exited (status \(process.terminationStatus)); log: \(logTail())")
            }
            if Self.canConnect(port: port) { return }
            // Checked after the attempt: on a loaded machine this task may wake long after the
            // deadline, and a server that came up meanwhile must still count.
            if Date() >= deadline { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw HarnessError(
            "moto_server did not listen on 127.0.0.1:\(port) within \(Int(timeout)) s; log: \(logTail())")
    }

    private static func canConnect(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// The three unauthenticated calls: CreateUser, PutUserPolicy (allow everything), CreateAccessKey.
    private func createUserWithAccessKey() async throws -> SigningCredentials {
        let transport = AsyncHTTPClientTransport()
        do {
            let keys = try await createUserWithAccessKey(transport: transport)
            try await transport.shutdown()
            return keys
        } catch {
            try? await transport.shutdown()
            throw error
        }
    }

    private func createUserWithAccessKey(transport: AsyncHTTPClientTransport) async throws -> SigningCredentials {
        let setup = client(
            transport: transport, credentials: SigningCredentials(accessKeyId: "AKIDSETUP", secretAccessKey: "setup"),
            retryPolicy: .none)
        var user = QueryParameters()
        user["UserName"] = "fleetform-test"
        _ = try await setup.query(.iam, "CreateUser", user, region: "us-east-1")
        var policy = user
        policy["PolicyName"] = "all"
        policy["PolicyDocument"] =
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
        _ = try await setup.query(.iam, "PutUserPolicy", policy, region: "us-east-1")
        let key = try await setup.query(.iam, "CreateAccessKey", user, region: "us-east-1")
        guard let id = key.first("AccessKeyId")?.text, let secret = key.first("SecretAccessKey")?.text else {
            throw HarnessError("CreateAccessKey returned no key")
        }
        return SigningCredentials(accessKeyId: id, secretAccessKey: secret)
    }

    /// An environment whose `AWS_ENDPOINT_URL` points at this server.
    public var environment: AWSEnvironment {
        AWSEnvironment(
            variables: ["AWS_ENDPOINT_URL": endpointURL], homeDirectory: "/nonexistent", readFile: { _ in nil })
    }

    /// A client signing with `credentials` (the IAM user's by default), no retries of auth errors.
    public func client(
        transport: any HTTPTransport, credentials: SigningCredentials? = nil,
        retryPolicy: RetryPolicy = RetryPolicy(
            maxAttempts: 3, baseDelay: .milliseconds(20), maxDelay: .milliseconds(200)),
        metrics: APICallCounter = APICallCounter()
    ) -> AWSClient {
        AWSClient(
            credentials: StaticCredentialProvider(credentials ?? self.credentials),
            endpoints: EndpointResolver(environment: environment), transport: transport, retryPolicy: retryPolicy,
            timeout: .seconds(30), metrics: metrics)
    }

    /// Terminates the server (SIGTERM, up to 5 s, then SIGKILL), then checks what Fleetform sent it
    /// against botocore's service models: each problem is an issue of the running test.
    public func stop() { stop(checkingWire: true) }

    private func stop(checkingWire: Bool) {
        let first = lock.withLock {
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(5)
            while process.isRunning, Date() < deadline { usleep(50_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        try? FileManager.default.removeItem(atPath: logPath)
        if checkingWire { checkWire() }
        keepRecording(suffix: "")
        try? FileManager.default.removeItem(atPath: recordingPath)
    }

    /// Copies the recording to `FLEETFORM_WIRE_RECORDINGS`, when set.
    private func keepRecording(suffix: String) {
        guard let keep = ProcessInfo.processInfo.environment["FLEETFORM_WIRE_RECORDINGS"], !keep.isEmpty else { return }
        try? FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
        let name = ((recordingPath as NSString).lastPathComponent as NSString).deletingPathExtension + suffix + ".jsonl"
        let target = (keep as NSString).appendingPathComponent(name)
        try? FileManager.default.copyItem(atPath: recordingPath, toPath: target)
    }

    /// Checks the recording and records problems as issues. The harness's own set-up calls are
    /// Fleetform requests too, so an empty check means the recording is broken: also an issue.
    private func checkWire() {
        do {
            let report = try WireCheck.run(recordings: [recordingPath])
            let checked = lock.withLock { checkedRequests } + report.requests
            if checked < Self.unauthenticatedCalls {
                Issue.record(
                    "wire check: moto recorded \(checked) Fleetform requests; expected at least the set-up calls")
            }
            for problem in report.problems {
                Issue.record("wire check (botocore model): \(problem)")
            }
        } catch {
            Issue.record("wire check could not run: \(error)")
        }
    }

    /// Checks what Fleetform has sent so far and starts a fresh recording: for tests that send
    /// deliberately wrong requests and expect the check to find them.
    public func takeWireReport() throws -> WireCheck.Report {
        let report = try WireCheck.run(recordings: [recordingPath])
        if report.problems.isEmpty { keepRecording(suffix: "-\(UUID().uuidString.prefix(8))") }
        try Data().write(to: URL(fileURLWithPath: recordingPath))
        lock.withLock { checkedRequests += report.requests }
        return report
    }

    /// What the server has written so far: moto's request log, and a line for each delivery the
    /// script dropped (`moto-server: dropped …`).
    public func log() -> String {
        (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }

    private func logTail() -> String { String(log().suffix(600)) }

    deinit { stop(checkingWire: false) }
}

public struct HarnessError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension MotoServer {
    /// Environment variables that point the AWS CLI, boto3 or `fleetform` at this server with the
    /// IAM user's key (and nothing else from the caller's AWS configuration).
    public var processEnvironment: [String: String] {
        [
            "AWS_ENDPOINT_URL": endpointURL, "AWS_ACCESS_KEY_ID": credentials.accessKeyId,
            "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey, "AWS_REGION": "us-east-1",
            "AWS_DEFAULT_REGION": "us-east-1", "AWS_CONFIG_FILE": "/nonexistent",
            "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
        ]
    }
}
