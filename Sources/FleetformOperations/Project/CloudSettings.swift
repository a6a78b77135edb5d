import FleetformAWS

/// How commands that talk to the cloud and hold the state lock behave: the AWS profile, how long
/// to wait for the lock, and whether to report API calls (`--profile`, `--lock-timeout`,
/// `--verbose`).
public struct CloudSettings: Sendable {
    /// The AWS profile (nil: `AWS_PROFILE`, then `default`).
    public var profile: String?
    /// How long to wait for the state lock.
    public var lockTimeout: Duration
    /// Report API calls per service and state storage at the end.
    public var verbose: Bool

    /// Settings with the given profile, lock timeout and verbosity.
    public init(profile: String? = nil, lockTimeout: Duration = .zero, verbose: Bool = false) {
        self.profile = profile
        self.lockTimeout = lockTimeout
        self.verbose = verbose
    }

    /// The AWS provider, configured the way the AWS CLI is, from the project's AWS environment.
    public func provider(region: String, in project: Project) throws -> AWSProvider {
        try AWSProvider.live(environment: project.aws, profile: profile, defaultRegion: region)
    }
}

extension CloudSettings {
    /// Runs `body` with a provider for `region`, and closes it however `body` ends.
    public func withProvider<T>(region: String, in project: Project, _ body: (AWSProvider) async throws -> T)
        async throws -> T
    {
        let provider = try self.provider(region: region, in: project)
        do {
            let result = try await body(provider)
            await provider.close()
            return result
        } catch {
            await provider.close()
            throw error
        }
    }
}

extension AWSProvider {
    /// Closes the provider's HTTP client, ignoring errors (the run is over either way).
    func close() async {
        try? await shutdown()
    }
}
