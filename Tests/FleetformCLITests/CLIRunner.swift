import FleetformTestSupport
import Foundation

/// Runs the built `fleetform` binary (next to the test bundle) and captures what it prints.
struct CLIRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The directory the binary runs in (state files land under it).
    let workingDirectory: URL

    init() throws {
        workingDirectory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "fleetform-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: workingDirectory, withIntermediateDirectories: true)
    }

    static var binary: URL {
        let exe = URL(
            fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                ?? CommandLine.arguments[0])
        var dir = exe.deletingLastPathComponent()
        // Inside an .xctest bundle directory on some platforms.
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("fleetform").path), dir.path != "/" {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("fleetform")
    }

    /// A process started by `start`: its standard error is read on another thread from the
    /// start, so a child that writes more than a pipe holds to either stream never blocks.
    struct Started {
        let process: Process
        /// Standard output, for callers that watch it as it comes.
        let out: Pipe
        let errors: PipeDrain

        /// Reads what is left of standard output, waits for the process, and returns everything.
        func finish() -> Result {
            let outData = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return Result(
                status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                stderr: String(decoding: errors.wait(), as: UTF8.self))
        }
    }

    /// Runs `fleetform args…` with `environment` added to the test's environment.
    func run(_ args: [String], environment: [String: String] = [:]) throws -> Result {
        try start(args, environment: environment).finish()
    }

    /// Starts `executable args…` (default: the built `fleetform`) in `directory` (default: the
    /// runner's) without waiting, for crash and concurrency tests and other programs.
    func start(
        _ args: [String], environment: [String: String] = [:], executable: URL = CLIRunner.binary,
        in directory: URL? = nil
    ) throws -> Started {
        let process = Process()
        process.executableURL = executable
        process.arguments = args
        process.currentDirectoryURL = directory ?? workingDirectory
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for key in env.keys where key.hasPrefix("AWS_") { env[key] = nil }
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return Started(process: process, out: out, errors: PipeDrain(err.fileHandleForReading))
    }

    /// What `stack` declares in `env`, read from `fleetform synth` (so tests follow the stack).
    struct Declared {
        /// Every resource of the manifest.
        var total: Int
        /// The manifest's resources by type.
        var byType: [String: Int]

        /// What `scripts/cloud-inventory` should find of it: the declared types it looks for.
        var listed: [String: Int] { byType.filter { Self.listedTypes.contains($0.key) } }
        /// How many resources that is.
        var listedTotal: Int { listed.values.reduce(0, +) }

        /// The types `scripts/cloud-inventory` looks for (its `listed_types`).
        static let listedTypes: Set<String> = {
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
            let path = root.appendingPathComponent("scripts/cloud-inventory")
            let script = (try? String(contentsOf: path, encoding: .utf8)) ?? ""
            guard let start = script.range(of: "LISTED_TYPES = sorted(["),
                let end = script.range(of: "])", range: start.upperBound..<script.endIndex)
            else { return [] }
            return Set(
                script[start.upperBound..<end.lowerBound].split(separator: "\"").enumerated()
                    .filter { $0.offset % 2 == 1 }.map { String($0.element) })
        }()
    }

    /// What `stack` declares in `env` (`fleetform synth`).
    func declared(stack: String, env: String) throws -> Declared {
        let synth = try run(["synth", "--stack", stack, "--env", env])
        guard synth.status == 0,
            let manifest = try JSONSerialization.jsonObject(with: Data(synth.stdout.utf8)) as? [String: Any],
            let resources = manifest["resources"] as? [[String: Any]]
        else { throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: synth.stderr]) }
        var byType: [String: Int] = [:]
        for resource in resources {
            byType[resource["type"] as? String ?? "?", default: 0] += 1
        }
        return Declared(total: resources.count, byType: byType)
    }

    /// What the cloud holds for `stack` (and environment `env`) (scripts/cloud-inventory), by type and by address.
    static func inventory(stack: String, env: String? = nil, environment: [String: String]) throws -> (
        byType: [String: Int], total: Int, duplicates: [String]
    ) {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let value = try PythonScript.json(
            arguments: [root.appendingPathComponent("scripts/cloud-inventory").path, stack] + (env.map { [$0] } ?? []),
            environment: environment, purpose: "scripts/cloud-inventory \(stack)")
        guard let json = value as? [String: Any] else { throw CocoaError(.fileReadCorruptFile) }
        return (
            json["by_type"] as? [String: Int] ?? [:], json["total"] as? Int ?? -1, json["duplicates"] as? [String] ?? []
        )
    }

    func remove() { try? FileManager.default.removeItem(at: workingDirectory) }
}
