import FleetformModel

/// Who the credentials are: STS GetCallerIdentity (signed like every call; it needs no
/// permission). The account is what a KMS key policy names (`AccountID`).
///
/// ```swift
/// let me = try await CallerIdentity.lookUp(client, region: "us-east-1")
/// me.account   // "123456789012"
/// ```
public struct CallerIdentity: Hashable, Sendable {
    /// The 12-digit account id.
    public var account: String
    /// The ARN of the user or role the credentials belong to.
    public var arn: String

    /// Asks STS in `region`.
    public static func lookUp(_ client: AWSClient, region: String) async throws -> CallerIdentity {
        let answer = try await client.query(.sts, "GetCallerIdentity", QueryParameters(), region: region)
        guard let account = answer.first("Account")?.text, !account.isEmpty else {
            throw AWSError.configuration("STS GetCallerIdentity answered no account")
        }
        return CallerIdentity(account: account, arn: answer.first("Arn")?.text ?? "")
    }
}
