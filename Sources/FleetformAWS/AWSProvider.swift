import FleetformModel
import Synchronization

/// The AWS implementation of `ResourceProvider`: one handler per declared resource type
/// (`AWSResourceCatalog`) over a shared, signed `AWSClient`.
///
/// ```swift
/// let provider = try AWSProvider.live(environment: .process, defaultRegion: "us-east-1")
/// defer { Task { try? await provider.shutdown() } }
/// let state = try await provider.create(request)
/// print(provider.client.metrics.summary)
/// ```
public final class AWSProvider: ResourceProvider {
    public let client: AWSClient
    private let handlers: [String: any ResourceHandler]
    private let ownedTransport: AsyncHTTPClientTransport?
    private let dependencyRetry: DependencyRetry
    /// The caller's account, looked up once (`accountID(region:)`).
    private let account = Mutex<Task<String, any Error>?>(nil)

    /// A provider over `client`; `waiter` paces polling of eventually consistent APIs.
    public convenience init(client: AWSClient, waiter: Waiter = .default, dependencyRetry: DependencyRetry = .default) {
        self.init(client: client, waiter: waiter, dependencyRetry: dependencyRetry, ownedTransport: nil)
    }

    private init(
        client: AWSClient, waiter: Waiter, dependencyRetry: DependencyRetry, ownedTransport: AsyncHTTPClientTransport?
    ) {
        self.client = client
        self.ownedTransport = ownedTransport
        self.dependencyRetry = dependencyRetry
        let context = HandlerContext(client: client, waiter: waiter)
        self.handlers = AWSResourceCatalog.byType.mapValues { $0.handler(context) }
    }

    /// A provider configured the way the AWS CLI is (credentials, profile, endpoints) over its
    /// own HTTP client; call `shutdown()` when done.
    public static func live(
        environment: AWSEnvironment = .process, profile: String? = nil, defaultRegion: String? = nil,
        retryPolicy: RetryPolicy = .default, waiter: Waiter = .default, dependencyRetry: DependencyRetry = .default
    ) throws -> AWSProvider {
        let source = try CredentialResolver(environment: environment).resolve(profile: profile)
        let region =
            RegionResolver(environment: environment).resolve(profile: profile, stackRegion: defaultRegion)
            ?? "us-east-1"
        let endpoints = EndpointResolver(environment: environment)
        let timeout = try environment.requestTimeout()
        let transport = AsyncHTTPClientTransport()
        let metrics = APICallCounter()
        let credentials = source.makeProvider(
            endpoints: endpoints, transport: transport, region: region, metrics: metrics)
        let client = AWSClient(
            credentials: credentials, endpoints: endpoints, transport: transport, retryPolicy: retryPolicy,
            timeout: timeout, metrics: metrics)
        return AWSProvider(client: client, waiter: waiter, dependencyRetry: dependencyRetry, ownedTransport: transport)
    }

    /// Closes the HTTP client this provider created (a no-op for an injected client).
    public func shutdown() async throws {
        try await ownedTransport?.shutdown()
    }

    /// The account the credentials belong to (STS GetCallerIdentity in `region`), asked once per
    /// provider, that is once per run; concurrent callers share the one call, and a failed call
    /// is asked again next time.
    public func accountID(region: String) async throws -> String {
        let client = self.client
        let task = account.withLock { slot in
            if let task = slot { return task }
            let task = Task { try await CallerIdentity.lookUp(client, region: region).account }
            slot = task
            return task
        }
        do {
            return try await task.value
        } catch {
            account.withLock { slot in slot = nil }
            throw error
        }
    }

    /// The resource types this provider manages (`AWSResourceCatalog.managedTypes`).
    public var supportedTypes: [String] { AWSResourceCatalog.managedTypes }

    public func schema(for type: String) -> ResourceSchema? { AWSResourceSchemas.all.schema(for: type) }

    private func handler(for type: String) throws -> any ResourceHandler {
        guard let handler = handlers[type] else {
            throw AWSError.configuration(
                "the AWS provider does not manage '\(type)'; it manages: \(supportedTypes.joined(separator: ", "))"
            )
        }
        return handler
    }

    public func create(_ request: ResourceRequest) async throws -> ResourceState {
        try Self.refuseUnfilledAccount(request)
        return try await handler(for: request.type).create(request)
    }

    /// A value still naming `AccountID.placeholder`, or planned unknown (a saved plan made without
    /// the account), never reaches AWS.
    private static func refuseUnfilledAccount(_ request: ResourceRequest) throws {
        let unknown = request.attributes.filter { $0.value.containsUnknown }.keys.sorted()
        guard AccountID.isMentioned(in: request.attributes) || !unknown.isEmpty else { return }
        if !unknown.isEmpty {
            throw AWSError.configuration(
                "\(request.address): \(unknown.joined(separator: ", ")) was not known when the plan was made (the "
                    + "account, for a plan made without credentials); plan again with credentials, or apply without "
                    + "a saved plan")
        }
        throw AWSError.configuration(
            "\(request.address) names the account as \(AccountID.placeholder): the plan was made without knowing "
                + "the account; plan again with credentials (apply without a saved plan asks STS for it)")
    }

    /// Reads resources grouped by type and region: each group costs its handler's bulk read.
    public func read(_ resources: [ResourceState]) async throws -> [ResourceAddress: ResourceState?] {
        var groups: [String: [ResourceState]] = [:]
        for resource in resources {
            groups[resource.type + "\u{0}" + resource.provider.region, default: []].append(resource)
        }
        var result: [ResourceAddress: ResourceState?] = [:]
        for (_, group) in groups.sorted(by: { $0.key < $1.key }) {
            let read = try await handler(for: group[0].type).read(group, region: group[0].provider.region)
            for resource in group { result[resource.address] = read[resource.address] ?? .some(nil) }
        }
        return result
    }

    public func update(_ prior: ResourceState, to request: ResourceRequest, changed: [String]) async throws
        -> ResourceState
    {
        try Self.refuseUnfilledAccount(request)
        return try await handler(for: request.type).update(prior, to: request, changed: changed)
    }

    public func delete(_ resource: ResourceState) async throws {
        let handler = try handler(for: resource.type)
        try await dependencyRetry.run("\(resource.type) \(resource.id)") { try await handler.delete(resource) }
    }

    public func importResource(address: ResourceAddress, provider: ProviderConfig, id: String) async throws
        -> ResourceState
    {
        try await handler(for: address.type).importResource(address: address, provider: provider, id: id)
    }

    public func findCreated(_ request: ResourceRequest) async throws -> ResourceState? {
        try await handler(for: request.type).findCreated(request)
    }
}
