import ArgumentParser
import FleetformDSL

/// Flags every stack command takes: which stack, which environment, variables, output style.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The stack to work on (see 'fleetform stacks').")
    var stack: String?

    @Option(name: .long, help: "The environment: dev, staging, prod, pr-123, …")
    var env: String = "dev"

    @Option(name: .customLong("var"), help: ArgumentHelp("A stack variable, KEY=VALUE (repeatable).", valueName: "KEY=VALUE"))
    var variables: [String] = []

    @Flag(name: .customLong("production"), inversion: .prefixedNo, help: "Treat the environment as production (default: true for prod/production).")
    var production: Bool?

    @Flag(name: .customLong("no-color"), help: "Never colour output (colour is used only on a terminal).")
    var noColor = false

    func validate() throws {
        for pair in variables where !pair.contains("=") || pair.hasPrefix("=") {
            throw ValidationError("--var '\(pair)' is not KEY=VALUE")
        }
    }

    /// The environment value passed to stack bodies.
    var environment: Environment {
        var values: [String: String] = [:]
        for pair in variables {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            values[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return Environment(name: env, isProduction: production, variables: values)
    }
}
