import ArgumentParser
import FleetformOperations

/// Where the state lives: the stack's declared backend unless `--state` overrides it.
struct StateOptions: ParsableArguments {
    @Option(
        name: .customLong("state"),
        help: ArgumentHelp(
            "Use this state file, or S3 prefix (s3://BUCKET/PREFIX: states at PREFIX/<env>.json), instead of the stack's backend.",
            valueName: "PATH|s3://BUCKET/PREFIX"))
    var statePath: String?

    @Option(
        help: ArgumentHelp(
            "The region of the --state S3 bucket (default: AWS_REGION, the profile's, then the stack's).",
            valueName: "REGION"))
    var stateRegion: String?

    func validate() throws {
        if let statePath, statePath.hasPrefix("s3://"), S3StateAddress(url: statePath) == nil {
            throw ValidationError(
                "--state '\(statePath)' is not an S3 location; write it as s3://BUCKET/PREFIX (e.g. s3://acme-fleetform-state/training)"
            )
        }
        if stateRegion != nil && !(statePath?.hasPrefix("s3://") ?? false) {
            throw ValidationError("--state-region applies only to an S3 state (--state s3://BUCKET/PREFIX)")
        }
    }

    /// The selection these flags make.
    var selection: StateSelection { StateSelection(path: statePath, region: stateRegion) }
}
