import FleetformAWS
import FleetformEngine
import FleetformS3State
import Synchronization

/// An S3 state location, `s3://BUCKET/PREFIX`.
public struct S3StateAddress: Hashable, Sendable {
    /// The bucket.
    public var bucket: String
    /// The key prefix (may be empty).
    public var prefix: String

    /// A location in `bucket` under `prefix`.
    public init(bucket: String, prefix: String) {
        self.bucket = bucket
        self.prefix = prefix
    }

    /// Parses `s3://BUCKET/PREFIX` (the prefix may be empty); nil for anything else.
    public init?(url: String) {
        guard url.hasPrefix("s3://") else { return nil }
        let rest = url.dropFirst("s3://".count)
        let bucket = rest.prefix { $0 != "/" }
        guard !bucket.isEmpty else { return nil }
        self.init(bucket: String(bucket), prefix: String(rest.dropFirst(bucket.count)))
    }
}

/// One AWS client for every S3 state backend of a project, configured the way the AWS CLI is
/// (credentials, `AWS_PROFILE`, `AWS_ENDPOINT_URL`), made on first use and kept for the run.
final class S3StateClients: Sendable {
    private let environment: AWSEnvironment
    private let provider = Mutex<AWSProvider?>(nil)

    init(environment: AWSEnvironment) {
        self.environment = environment
    }

    /// The backend for `address` in `region` (or the region resolved like the AWS CLI's, then
    /// `stackRegion`).
    func backend(
        _ address: S3StateAddress, region: String?, stackRegion: String?, warn: @escaping @Sendable (String) -> Void
    ) throws -> S3StateBackend {
        let provider = try self.provider.withLock { cached in
            if let cached { return cached }
            let made = try AWSProvider.live(environment: environment)
            cached = made
            return made
        }
        let bucketRegion =
            region ?? RegionResolver(environment: environment).resolve(stackRegion: stackRegion) ?? "us-east-1"
        return S3StateBackend(
            bucket: address.bucket, prefix: address.prefix, region: bucketRegion, client: provider.client, warn: warn)
    }

    /// The S3 backends' API calls so far (nil when none was used).
    var metricsSummary: String? {
        provider.withLock { $0?.client.metrics.summary }
    }

    deinit {
        // The HTTP client must be shut down before it is freed: hand it to a task that does so
        // (and holds it until then). A process that exits first needs neither.
        if let made = provider.withLock({ $0 }) {
            Task { await made.close() }
        }
    }
}
