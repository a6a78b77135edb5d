import AWSSigV4
import FleetformModel
import Foundation

/// Credentials of a role, obtained with STS `AssumeRole` (signed with the source credentials)
/// and renewed five minutes before they expire. Concurrent callers share one AssumeRole call.
public final class AssumeRoleCredentialProvider: CredentialProvider, @unchecked Sendable {
    public let role: AssumeRoleConfiguration
    private let sts: AWSClient
    private let region: String
    private let now: @Sendable () -> Date
    private let lock = NSLock()
    private var cached: (keys: SigningCredentials, expiration: Date)?
    private var inFlight: Task<SigningCredentials, Error>?

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
        let now = now()
        let task: Task<SigningCredentials, Error> = lock.withLock {
            if let cached, cached.expiration.timeIntervalSince(now) > 300 { return Task { cached.keys } }
            if let inFlight { return inFlight }
            let task = Task { try await self.assumeRole() }
            inFlight = task
            return task
        }
        return try await task.value
    }

    /// One STS AssumeRole call; stores the result and clears the in-flight marker either way.
    private func assumeRole() async throws -> SigningCredentials {
        defer { lock.withLock { inFlight = nil } }
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
            node.string("Expiration").flatMap { Date(rfc3339: $0) }
            ?? now().addingTimeInterval(TimeInterval(role.durationSeconds))
        lock.withLock { cached = (keys, expiration) }
        return keys
    }
}
