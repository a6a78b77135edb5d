import ArgumentParser
import FleetformAWS
import FleetformDSL
import FleetformPlans
import Foundation

/// Finds stacks compiled into the CLI and turns them into manifests, printing diagnostics the
/// way a compiler does.
enum StackLoader {
    /// The stack called `name`, or a usage error listing the known ones.
    static func stack(named name: String?) throws -> Stack {
        let names = allStacks.map(\.name).joined(separator: ", ")
        guard let name else {
            throw CLIError("--stack is required; known stacks: \(names)")
        }
        guard let stack = allStacks.first(where: { $0.name == name }) else {
            throw CLIError("no stack named '\(name)'; known stacks: \(names) (stacks live in plans/, listed in plans/AllStacks.swift)")
        }
        return stack
    }

    /// Synthesizes the selected stack; prints every diagnostic and fails when any is an error.
    static func synthesize(_ options: GlobalOptions) throws -> (Stack, Manifest) {
        let stack = try stack(named: options.stack)
        let synthesis = stack.synthesize(options.environment, coverage: AWSResourceCatalog.coverage)
        try report(synthesis.diagnostics)
        return (stack, synthesis.manifest)
    }

    /// Prints diagnostics to standard error; throws exit code 1 if any is an error.
    static func report(_ diagnostics: [Diagnostic]) throws {
        let cwd = FileManager.default.currentDirectoryPath
        for diagnostic in diagnostics {
            Console.error(diagnostic.render(relativeTo: cwd))
        }
        if diagnostics.hasErrors {
            let count = diagnostics.filter { $0.severity == .error }.count
            Console.error("\(count) error\(count == 1 ? "" : "s") found; nothing was planned or changed.")
            throw ExitCode(1)
        }
    }
}

/// Standard output and error, with colour only on a terminal.
enum Console {
    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Whether standard output is a terminal (and colour is wanted).
    static func useColor(noColor: Bool) -> Bool {
        !noColor && isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }
}

/// Compiled stacks by name.
let allStacksByName: [String: Stack] = Dictionary(allStacks.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
