import Foundation

/// Runs a Python 3 snippet (boto3 set-up against moto, for instance) and returns what it prints
/// as JSON; throws naming `purpose` when it fails or prints something else.
///
/// ```swift
/// let keys = try PythonScript.json("import json; print(json.dumps([1, 2]))", purpose: "keys") as? [Int]
/// ```
public enum PythonScript {
    public static func json(_ script: String, environment: [String: String] = [:], purpose: String) throws -> Any {
        try json(arguments: ["-c", script], environment: environment, purpose: purpose)
    }

    /// Runs `python3 arguments…` (a script file and its arguments) and parses its output as JSON;
    /// an exit status outside `acceptedExitCodes` is a failure.
    public static func json(
        arguments: [String], environment: [String: String] = [:], purpose: String, acceptedExitCodes: Set<Int32> = [0]
    ) throws -> Any {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard acceptedExitCodes.contains(process.terminationStatus),
            let value = try? JSONSerialization.jsonObject(with: data)
        else {
            throw HarnessError(
                "\(purpose) failed (python exit \(process.terminationStatus)): \(String(decoding: data, as: UTF8.self))"
            )
        }
        return value
    }
}
