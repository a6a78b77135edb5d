import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `scripts/fault-proxy` on a free loopback port in front of an emulator: seeded faults (5xx,
/// throttling, resets, lost answers, delays, truncated bodies) at a given rate, or fixed errors for
/// chosen actions, each request logged as a JSON line for replay. `stop()` ends it; it also stops
/// by itself after `maxSeconds`.
///
/// ```swift
/// let proxy = try FaultProxy.start(upstream: moto.endpointURL, configuration: .init(seed: 7, rate: 0.2))
/// defer { proxy.stop() }
/// var env = moto.processEnvironment
/// env["AWS_ENDPOINT_URL"] = proxy.endpointURL
/// ```
public final class FaultProxy: @unchecked Sendable {
    /// What the proxy injects.
    public struct Configuration: Sendable {
        public var seed: Int
        /// Probability of a fault per request, 0…1.
        public var rate: Double
        /// The kinds to draw from: 500, 503, throttle, reset, lost, delay, truncate.
        public var faults: [String]
        /// Seconds a `delay` fault holds the answer (keep it above the client's timeout).
        public var delaySeconds: Double
        /// Most faults in a row for one service and action (0 = no cap).
        public var maxConsecutive: Int
        public var maxRequests: Int
        public var maxSeconds: Int
        /// Errors answered to every call of an action: `["CreateVpc": "VpcLimitExceeded"]`, with
        /// an optional HTTP status after a colon (`"AccessDenied:403"`).
        public var errors: [String: String]

        public init(
            seed: Int = 1, rate: Double = 0, faults: [String] = FaultProxy.allFaults, delaySeconds: Double = 3,
            maxConsecutive: Int = 0, maxRequests: Int = 5000, maxSeconds: Int = 300, errors: [String: String] = [:]
        ) {
            self.seed = seed
            self.rate = rate
            self.faults = faults
            self.delaySeconds = delaySeconds
            self.maxConsecutive = maxConsecutive
            self.maxRequests = maxRequests
            self.maxSeconds = maxSeconds
            self.errors = errors
        }
    }

    /// One logged request.
    public struct Entry: Sendable {
        public var number: Int
        /// Service and action (`ec2 CreateVpc`).
        public var key: String
        /// The fault injected (nil: forwarded untouched), `cap`, or `error:CODE`.
        public var fault: String?
        public var status: Int?
    }

    public static let allFaults = ["500", "503", "throttle", "reset", "lost", "delay", "truncate"]

    public let port: Int
    /// The JSON-lines log of every request and fault.
    public let logPath: String
    public let configuration: Configuration
    private let process: Process

    public var endpointURL: String { "http://127.0.0.1:\(port)" }

    private init(port: Int, logPath: String, configuration: Configuration, process: Process) {
        self.port = port
        self.logPath = logPath
        self.configuration = configuration
        self.process = process
    }

    /// The repository's `scripts/` folder.
    public static var scriptsDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts")
    }

    /// Starts the proxy in front of `upstream` (a loopback URL) and waits (≤ 15 s) until it listens.
    public static func start(upstream: String, configuration: Configuration) throws -> FaultProxy {
        let logPath = NSTemporaryDirectory() + "fault-proxy-\(UUID().uuidString).jsonl"
        var arguments = [
            scriptsDirectory.appendingPathComponent("fault-proxy").path, "--upstream", upstream,
            "--seed", String(configuration.seed), "--rate", String(configuration.rate),
            "--faults", configuration.faults.joined(separator: ","), "--delay", String(configuration.delaySeconds),
            "--max-consecutive", String(configuration.maxConsecutive),
            "--max-requests", String(configuration.maxRequests), "--max-seconds", String(configuration.maxSeconds),
            "--log", logPath,
        ]
        for (action, code) in configuration.errors.sorted(by: { $0.key < $1.key }) {
            arguments += ["--error", "\(action)=\(code)"]
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.standardError
        try process.run()
        // The first line is `listening on PORT`.
        var line = Data()
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline, !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard
            let port = text.split(separator: " ").last.flatMap({
                Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
            })
        else {
            if process.isRunning { process.terminate() }
            throw HarnessError("fault-proxy did not start (said '\(text)')")
        }
        return FaultProxy(port: port, logPath: logPath, configuration: configuration, process: process)
    }

    /// Every request logged so far, in the order they were decided.
    public func entries() -> [Entry] {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let number = object["n"] as? Int, let key = object["key"] as? String
            else { return nil }
            return Entry(number: number, key: key, fault: object["fault"] as? String, status: object["status"] as? Int)
        }
    }

    /// Injected faults by kind (`["throttle": 4, "lost": 2]`).
    public func faultCounts() -> [String: Int] {
        entries().reduce(into: [:]) { counts, entry in
            if let fault = entry.fault { counts[fault, default: 0] += 1 }
        }
    }

    /// Stops the proxy (SIGTERM, up to 3 s, then SIGKILL) and removes its log unless `keepLog`.
    public func stop(keepLog: Bool = false) {
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(3)
            while process.isRunning, Date() < deadline { usleep(50_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        if !keepLog { try? FileManager.default.removeItem(atPath: logPath) }
    }

    deinit { stop(keepLog: true) }
}
