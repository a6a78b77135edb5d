import AWSSigV4

/// Supplies the credentials each request is signed with (refreshing temporary ones as needed).
public protocol CredentialProvider: Sendable {
    /// Credentials valid for at least the next few minutes.
    func credentials() async throws -> SigningCredentials
}

/// Fixed credentials (environment variables, a profile's keys, or a test's IAM user).
public struct StaticCredentialProvider: CredentialProvider, CustomStringConvertible {
    private let keys: SigningCredentials

    public init(_ keys: SigningCredentials) {
        self.keys = keys
    }

    public func credentials() async throws -> SigningCredentials { keys }

    public var description: String { "StaticCredentialProvider(\(keys))" }
}
