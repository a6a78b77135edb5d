import AWSSigV4

/// Decides where credentials come from the way the AWS CLI does, without network calls:
///
/// 1. `AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN`), unless a profile
///    was named explicitly;
/// 2. the profile (`AWS_PROFILE`, else `default`): `role_arn` with `source_profile` (or
///    `credential_source = Environment`) becomes an STS AssumeRole; otherwise the static keys of
///    the shared credentials file (`AWS_SHARED_CREDENTIALS_FILE`), then of the config file
///    (`AWS_CONFIG_FILE`).
///
/// ```swift
/// let source = try CredentialResolver(environment: .process).resolve()
/// ```
public struct CredentialResolver: Sendable {
    public var environment: AWSEnvironment

    public init(environment: AWSEnvironment) {
        self.environment = environment
    }

    /// Resolves the credential source; `profile` overrides `AWS_PROFILE` and skips the environment keys.
    public func resolve(profile explicitProfile: String? = nil) throws -> CredentialSource {
        if explicitProfile == nil, let keys = environmentCredentials() {
            return .environment(keys)
        }
        return try resolveProfile(explicitProfile ?? environment.profileName, visited: [])
    }

    /// The settings of `profile`: the config file's section overlaid by the credentials file's.
    public func settings(ofProfile profile: String) -> [String: String]? {
        let config =
            environment.readFile(environment.configFilePath)
            .map { SharedConfigFile(parsing: $0, kind: .config)[profile] } ?? nil
        let credentials =
            environment.readFile(environment.credentialsFilePath)
            .map { SharedConfigFile(parsing: $0, kind: .credentials)[profile] } ?? nil
        if config == nil, credentials == nil { return nil }
        return (config ?? [:]).merging(credentials ?? [:]) { _, fromCredentials in fromCredentials }
    }

    private func environmentCredentials() -> SigningCredentials? {
        guard let id = environment["AWS_ACCESS_KEY_ID"], let secret = environment["AWS_SECRET_ACCESS_KEY"] else {
            return nil
        }
        return SigningCredentials(
            accessKeyId: id, secretAccessKey: secret, sessionToken: environment["AWS_SESSION_TOKEN"])
    }

    private func resolveProfile(_ name: String, visited: [String]) throws -> CredentialSource {
        if visited.contains(name) {
            throw AWSError.configuration(
                "profile '\(name)' is its own source (source_profile chain \((visited + [name]).joined(separator: " -> "))); "
                    + "point source_profile at a profile with keys")
        }
        guard let settings = settings(ofProfile: name) else {
            throw AWSError.configuration(
                "no AWS credentials: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are not set and profile '\(name)' is in "
                    + "neither \(environment.credentialsFilePath) nor \(environment.configFilePath); "
                    + "set the variables, run 'aws configure', or set AWS_PROFILE to an existing profile")
        }
        if let roleArn = settings["role_arn"] {
            let source: CredentialSource
            if let sourceProfile = settings["source_profile"] {
                // A profile that names itself as source uses its own static keys (the CLI allows this).
                if sourceProfile == name, let keys = staticKeys(settings) {
                    source = .profile(name: name, keys)
                } else {
                    source = try resolveProfile(sourceProfile, visited: visited + [name])
                }
            } else if settings["credential_source"]?.lowercased() == "environment", let keys = environmentCredentials()
            {
                source = .environment(keys)
            } else {
                throw AWSError.configuration(
                    "profile '\(name)' sets role_arn but no usable source_profile or credential_source; "
                        + "add 'source_profile = <profile with keys>'")
            }
            let role = AssumeRoleConfiguration(
                roleArn: roleArn, sessionName: settings["role_session_name"] ?? "fleetform",
                externalId: settings["external_id"],
                durationSeconds: settings["duration_seconds"].flatMap(Int.init) ?? 3600,
                profile: name)
            return .assumeRole(role, source: source)
        }
        if let keys = staticKeys(settings) {
            return .profile(name: name, keys)
        }
        throw AWSError.configuration(
            "profile '\(name)' has neither aws_access_key_id/aws_secret_access_key nor role_arn; "
                + "add the keys to \(environment.credentialsFilePath)")
    }

    private func staticKeys(_ settings: [String: String]) -> SigningCredentials? {
        guard let id = settings["aws_access_key_id"], let secret = settings["aws_secret_access_key"] else { return nil }
        return SigningCredentials(accessKeyId: id, secretAccessKey: secret, sessionToken: settings["aws_session_token"])
    }
}
