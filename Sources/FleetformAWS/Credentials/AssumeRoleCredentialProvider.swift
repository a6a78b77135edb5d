import AWSSigV4
import Foundation

/// Credentials of a role, obtained with STS `AssumeRole` (signed with the source credentials)
/// and renewed five minutes before they expire.
public final class AssumeRoleCredentialProvider: CredentialProvider, @unchecked Sendable {
    public let role: AssumeRoleConfiguration
    private let sts: AWSClient
    private let region: String
    private let now: @Sendable () -> Date
    private let lock = NSLock()
    private var cached: (keys: SigningCredentials, expiration: Date)?

    /// `source` signs the STS call, which goes to `region`'s STS endpoint.
    public init(
        role: AssumeRoleConfiguration, source: any CredentialProvider, endpoints: EndpointResolver,
        transport: any HTTPTransport, region: String, metrics: APICallCounter = APICallCounter(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.role = role
        self.region = region
        self.now = now
        self.sts = AWSClient(
            credentials: source, endpoints: endpoints, transport: transport, metrics: metrics, now: now)
    }

    public func credentials() async throws -> SigningCredentials {
        if let cached = currentCache(), cached.expiration.timeIntervalSince(now()) > 300 { return cached.keys }
        var parameters = QueryParameters()
        parameters["RoleArn"] = role.roleArn
        parameters["RoleSessionName"] = role.sessionName
        parameters["DurationSeconds"] = String(role.durationSeconds)
        parameters["ExternalId"] = role.externalId
        let result = try await sts.query(.sts, "AssumeRole", parameters, region: region)
        guard let node = result.first("Credentials"), let id = node.string("AccessKeyId"),
            let secret = node.string("SecretAccessKey")
        else {
            throw AWSError(
                kind: .invalidResponse, service: .sts, action: "AssumeRole", code: "MissingCredentials",
                message: "AssumeRole of \(role.roleArn) returned no credentials")
        }
        let keys = SigningCredentials(
            accessKeyId: id, secretAccessKey: secret, sessionToken: node.string("SessionToken"))
        let expiration =
            node.string("Expiration").flatMap(ISO8601Timestamp.parse)
            ?? now().addingTimeInterval(TimeInterval(role.durationSeconds))
        lock.withLock { cached = (keys, expiration) }
        return keys
    }

    private func currentCache() -> (keys: SigningCredentials, expiration: Date)? {
        lock.withLock { cached }
    }
}

/// Parses the ISO-8601 timestamps AWS returns (`2026-11-21T20:15:00Z`, with or without fractions).
enum ISO8601Timestamp {
    static func parse(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}
