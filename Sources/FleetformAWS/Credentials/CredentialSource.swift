import AWSSigV4

/// Where a run's credentials come from, as decided by `CredentialResolver` from the environment
/// and the shared files, before any network call.
///
/// `description` names the source and the access key id only, never a secret.
public indirect enum CredentialSource: Sendable, Hashable, CustomStringConvertible {
    /// `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` (/ `AWS_SESSION_TOKEN`).
    case environment(SigningCredentials)
    /// Static keys from a profile of the shared credentials or config file.
    case profile(name: String, SigningCredentials)
    /// A role assumed through STS `AssumeRole`, signed with the source's credentials.
    case assumeRole(AssumeRoleConfiguration, source: CredentialSource)

    public var description: String {
        switch self {
        case .environment(let c): return "environment variables (access key \(c.accessKeyId))"
        case .profile(let name, let c): return "profile '\(name)' (access key \(c.accessKeyId))"
        case .assumeRole(let role, let source): return "role \(role.roleArn) assumed with \(source)"
        }
    }
}

/// The `role_arn` settings of a profile.
public struct AssumeRoleConfiguration: Sendable, Hashable {
    public var roleArn: String
    public var sessionName: String
    public var externalId: String?
    public var durationSeconds: Int
    /// The profile that declared the role (its region signs the STS call when set).
    public var profile: String

    public init(
        roleArn: String, sessionName: String, externalId: String? = nil, durationSeconds: Int = 3600, profile: String
    ) {
        self.roleArn = roleArn
        self.sessionName = sessionName
        self.externalId = externalId
        self.durationSeconds = durationSeconds
        self.profile = profile
    }
}
