import ArgumentParser
import FleetformDSL
import FleetformEngine

/// Where the state lives: the stack's declared backend unless `--state` overrides it.
struct StateOptions: ParsableArguments {
    @Option(name: .customLong("state"), help: ArgumentHelp("Use this state file instead of the stack's backend.", valueName: "PATH"))
    var statePath: String?

    /// The backend for `stack` (nil stack: a manifest file without a compiled stack).
    func backend(for stack: Stack?) throws -> any StateBackend {
        if let statePath { return LocalStateBackend(statePath: statePath) }
        switch stack?.backend ?? .local() {
        case .local(let path):
            if let path { return LocalStateBackend(statePath: path) }
            return LocalStateBackend()
        case .s3(let bucket, let key, _):
            throw CLIError("the stack keeps its state in s3://\(bucket)/\(key), but the S3 backend is not available in this build; pass --state PATH to use a local file")
        }
    }
}
