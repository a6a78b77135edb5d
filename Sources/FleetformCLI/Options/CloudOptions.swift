import ArgumentParser
import FleetformOperations

/// Flags for commands that talk to the cloud and hold the state lock.
struct CloudOptions: ParsableArguments {
    @Option(help: ArgumentHelp("How long to wait for the state lock (e.g. 30s, 5m).", valueName: "DURATION"))
    var lockTimeout: String = "0s"

    @Option(help: ArgumentHelp("The AWS profile (default: AWS_PROFILE, then 'default').", valueName: "NAME"))
    var profile: String?

    @Flag(help: "Print API calls per service at the end.")
    var verbose = false

    func validate() throws {
        guard DurationText.parse(lockTimeout) != nil else {
            throw ValidationError("--lock-timeout '\(lockTimeout)' is not a duration; write it like 30s, 5m or 1h")
        }
    }

    /// The settings these flags make.
    var settings: CloudSettings {
        CloudSettings(profile: profile, lockTimeout: DurationText.parse(lockTimeout) ?? .zero, verbose: verbose)
    }
}
