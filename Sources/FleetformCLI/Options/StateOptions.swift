import ArgumentParser
import FleetformDSL
import FleetformEngine

/// Where the state lives: the stack's declared backend unless `--state` overrides it.
struct StateOptions: ParsableArguments {
    @Option(
        name: .customLong("state"),
        help: ArgumentHelp(
            "Use this state file, or S3 prefix (s3://BUCKET/PREFIX: states at PREFIX/<env>.json), instead of the stack's backend.",
            valueName: "PATH|s3://BUCKET/PREFIX"))
    var statePath: String?

    @Option(help: ArgumentHelp("The region of the --state S3 bucket (default: AWS_REGION, the profile's, then the stack's).", valueName: "REGION"))
    var stateRegion: String?

    func validate() throws {
        if let statePath, statePath.hasPrefix("s3://"), S3StateAddress(url: statePath) == nil {
            throw ValidationError("--state '\(statePath)' is not an S3 location; write it as s3://BUCKET/PREFIX (e.g. s3://acme-fleetform-state/training)")
        }
        if stateRegion != nil && !(statePath?.hasPrefix("s3://") ?? false) {
            throw ValidationError("--state-region applies only to an S3 state (--state s3://BUCKET/PREFIX)")
        }
    }

    /// The local state file given with `--state` (nil for none, or for an S3 location).
    var localStatePath: String? {
        statePath.flatMap { $0.hasPrefix("s3://") ? nil : $0 }
    }

    /// The backend for `stack` (nil stack: a manifest file without a compiled stack).
    func backend(for stack: Stack?) throws -> any StateBackend {
        if let statePath, let address = S3StateAddress(url: statePath) {
            return try S3StateAddress.backend(address, region: stateRegion, stackRegion: stack?.region.code)
        }
        let warn: @Sendable (String) -> Void = { Console.error($0) }
        if let statePath { return LocalStateBackend(statePath: statePath, warn: warn) }
        switch stack?.backend ?? .local() {
        case .local(let path):
            if let path { return LocalStateBackend(statePath: path, warn: warn) }
            return LocalStateBackend(warn: warn)
        case .s3(let bucket, let key, let region):
            return try S3StateAddress.backend(S3StateAddress(bucket: bucket, prefix: key), region: region.code, stackRegion: nil)
        }
    }
}
