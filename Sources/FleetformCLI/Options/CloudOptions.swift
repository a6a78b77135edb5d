import ArgumentParser
import FleetformAWS
import FleetformEngine
import FleetformModel

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

    var lockTimeoutDuration: Duration { DurationText.parse(lockTimeout) ?? .zero }

    /// The AWS provider, configured the way the AWS CLI is.
    func provider(region: String) throws -> AWSProvider {
        try AWSProvider.live(environment: .process, profile: profile, defaultRegion: region)
    }
}

/// Durations written as `90s`, `5m`, `8h`, `2d` (or a plain number of seconds).
enum DurationText {
    static func parse(_ text: String) -> Duration? {
        seconds(text).map { .seconds($0) }
    }

    static func seconds(_ text: String) -> Double? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        guard let last = text.last else { return nil }
        if let unit = units[last], let value = Double(text.dropLast()), value >= 0 { return value * unit }
        if let value = Double(text), value >= 0 { return value }
        return nil
    }
}
