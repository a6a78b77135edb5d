/// Picks the default region: `AWS_REGION`, then `AWS_DEFAULT_REGION`, then the profile's
/// `region`, then the stack's region.
///
/// ```swift
/// let region = RegionResolver(environment: .process).resolve(stackRegion: "us-east-1")
/// ```
public struct RegionResolver: Sendable {
    public var environment: AWSEnvironment

    public init(environment: AWSEnvironment) {
        self.environment = environment
    }

    /// The region to use, or nil when nothing names one.
    public func resolve(profile: String? = nil, stackRegion: String? = nil) -> String? {
        if let region = environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"] { return region }
        let resolver = CredentialResolver(environment: environment)
        if let region = resolver.settings(ofProfile: profile ?? environment.profileName)?["region"], !region.isEmpty {
            return region
        }
        return stackRegion
    }
}
