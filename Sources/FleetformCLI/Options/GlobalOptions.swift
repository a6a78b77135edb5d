import ArgumentParser
import FleetformDSL
import FleetformOperations

/// Flags every stack command takes: which stack, which environment, variables, output style,
/// and the stack package's root.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The stack to work on (see 'fleetform stacks').")
    var stack: String?

    @Option(name: .long, help: "The environment: dev, staging, prod, pr-123, …")
    var env: String = "dev"

    @Option(
        name: .customLong("var"),
        help: ArgumentHelp("A stack variable, KEY=VALUE (repeatable).", valueName: "KEY=VALUE"))
    var variables: [String] = []

    @Flag(
        name: .customLong("production"), inversion: .prefixedNo,
        help: "Treat the environment as production (default: true for prod/production).")
    var production: Bool?

    @OptionGroup var project: ProjectOptions

    func validate() throws {
        for pair in variables where !pair.contains("=") || pair.hasPrefix("=") {
            throw ValidationError("--var '\(pair)' is not KEY=VALUE")
        }
    }

    /// The stack environment these flags select.
    var target: StackTarget {
        var values: [String: String] = [:]
        for pair in variables {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            values[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return StackTarget(stack: stack, environment: env, isProduction: production, variables: values)
    }

    /// Whether colour is off.
    var noColor: Bool { project.noColor }
}

/// Flags every command takes: the stack package's root and colour.
struct ProjectOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The stack package's root: where .fleetform/ lives and files stacks read are found (default: the nearest directory with a Package.swift, else the working directory).",
            valueName: "DIR"))
    var root: String?

    @Flag(name: .customLong("no-color"), help: "Never colour output (colour is used only on a terminal).")
    var noColor = false

    /// The project: the executable's stacks under the root.
    var value: Project { CommandContext.project(root: root) }
}
