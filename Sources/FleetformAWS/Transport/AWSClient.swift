import AWSSigV4
import FleetformModel
import Foundation

/// Sends signed API calls: resolves the endpoint, signs with SigV4, sends through the
/// transport, counts the call, decodes errors, and retries what is worth retrying.
///
/// Every dependency is injected with a default:
///
/// ```swift
/// let transport = AsyncHTTPClientTransport()
/// let client = AWSClient(credentials: StaticCredentialProvider(keys), endpoints: EndpointResolver(environment: .process),
///                        transport: transport, retryPolicy: .default)
/// defer { try? await transport.shutdown() }
/// ```
public final class AWSClient: Sendable {
    public let credentials: any CredentialProvider
    public let endpoints: EndpointResolver
    public let transport: any HTTPTransport
    public let retryPolicy: RetryPolicy
    /// How long one send may take.
    public let timeout: Duration
    /// API calls per service and action.
    public let metrics: APICallCounter
    private let now: @Sendable () -> Date
    private let sleep: @Sendable (Duration) async throws -> Void

    public init(
        credentials: any CredentialProvider, endpoints: EndpointResolver, transport: any HTTPTransport,
        retryPolicy: RetryPolicy = .default, timeout: Duration = .seconds(60),
        metrics: APICallCounter = APICallCounter(),
        now: @escaping @Sendable () -> Date = { Date() },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.credentials = credentials
        self.endpoints = endpoints
        self.transport = transport
        self.retryPolicy = retryPolicy
        self.timeout = timeout
        self.metrics = metrics
        self.now = now
        self.sleep = sleep
    }

    /// Sends `request` to `region` and returns the successful (2xx) response; throws `AWSError`.
    public func send(_ request: AWSRequest, region: String) async throws -> HTTPResponse {
        let (endpoint, path) = try location(of: request, region: region)
        // One id for every send of this call, as the AWS SDKs do: a proxy or a server log can
        // tell a retry from a new call (the fault proxy caps faults in a row per call by it).
        let invocation = UUID().uuidString.lowercased()
        var attempt = 0
        while true {
            attempt += 1
            let keys = try await credentials.credentials()
            var outgoing = sign(request, path: path, endpoint: endpoint, keys: keys)
            outgoing.headers.append(("amz-sdk-invocation-id", invocation))
            outgoing.headers.append(("amz-sdk-request", "attempt=\(attempt); max=\(retryPolicy.maxAttempts)"))
            metrics.record(request.service, action: request.action)
            let failure: AWSError
            do {
                let response = try await transport.send(outgoing, timeout: timeout)
                if (200..<300).contains(response.status) { return response }
                failure = AWSErrorDecoder.decode(
                    response, service: request.service, action: request.action, endpoint: endpoint.description,
                    accessKeyId: keys.accessKeyId)
            } catch var error as AWSError {
                error.service = error.service ?? request.service
                error.action = error.action ?? request.action
                error.endpoint = endpoint.description
                failure = error
            }
            if failure.kind == .transport, !request.resendAfterTransportError { throw failure }
            guard let delay = retryPolicy.delay(after: failure, attempt: attempt) else { throw failure }
            try await sleep(delay)
        }
    }

    /// The endpoint and wire path of `request`: S3 requests are addressed by bucket.
    private func location(of request: AWSRequest, region: String) throws -> (AWSEndpoint, String) {
        if request.service == .s3, let bucket = request.bucket {
            let (endpoint, bucketPath) = try endpoints.s3Location(bucket: bucket, region: region)
            let rest = request.path == "/" ? "" : request.path
            if bucketPath.hasSuffix("/") && rest.hasPrefix("/") {
                return (endpoint, String(bucketPath.dropLast()) + rest)
            }
            return (endpoint, bucketPath + rest)
        }
        let endpoint = try endpoints.endpoint(for: request.service, region: region)
        return (endpoint, endpoint.basePath + request.path)
    }

    /// Signs `request` for `endpoint` (S3: S3 rules; EKS: payload hash header, which moto needs).
    private func sign(_ request: AWSRequest, path: String, endpoint: AWSEndpoint, keys: SigningCredentials)
        -> HTTPRequest
    {
        let options: SigV4Options
        switch request.service {
        case .s3: options = .s3
        case .eks, .efs: options = SigV4Options(addContentSHA256Header: true)
        default: options = .standard
        }
        let signer = SigV4Signer(
            credentials: keys, region: endpoint.signingRegion, service: request.service.signingName, options: options)
        let signable = SignableRequest(
            method: request.method, path: path, query: request.query,
            headers: [("host", endpoint.hostHeader)] + request.headers, body: request.body)
        let signed = signer.sign(signable, at: now())
        var url = endpoint.origin + path
        if !request.query.isEmpty { url += "?" + PercentEncoding.queryString(request.query) }
        var headers = signed.headers
        headers.append(("user-agent", "fleetform/\(FleetformVersion.current)"))
        return HTTPRequest(method: request.method, url: url, headers: headers, body: request.body)
    }
}
