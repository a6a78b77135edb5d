import FleetformAWS
import FleetformEngine
import FleetformS3State
import Synchronization

/// An S3 state location, `s3://BUCKET/PREFIX`, and the backend for it.
struct S3StateAddress: Hashable {
    var bucket: String
    var prefix: String

    init(bucket: String, prefix: String) {
        self.bucket = bucket
        self.prefix = prefix
    }

    /// Parses `s3://BUCKET/PREFIX` (the prefix may be empty); nil for anything else.
    init?(url: String) {
        guard url.hasPrefix("s3://") else { return nil }
        let rest = url.dropFirst("s3://".count)
        let bucket = rest.prefix { $0 != "/" }
        guard !bucket.isEmpty else { return nil }
        self.init(bucket: String(bucket), prefix: String(rest.dropFirst(bucket.count)))
    }

    /// One AWS client for every S3 backend of this process, configured the way the AWS CLI is
    /// (credentials, `AWS_PROFILE`, `AWS_ENDPOINT_URL`), kept until the process exits.
    private static let client = Mutex<AWSProvider?>(nil)

    /// The S3 backend's API calls so far (nil when no S3 backend was used).
    static var metricsSummary: String? {
        client.withLock { $0?.client.metrics.summary }
    }

    /// The backend for `address` in `region` (or the region resolved like the AWS CLI's, then
    /// `stackRegion`); warnings go to standard error.
    static func backend(_ address: S3StateAddress, region: String?, stackRegion: String?) throws -> S3StateBackend {
        let provider = try client.withLock { cached in
            if let cached { return cached }
            let made = try AWSProvider.live(environment: .process)
            cached = made
            return made
        }
        let bucketRegion =
            region ?? RegionResolver(environment: .process).resolve(stackRegion: stackRegion) ?? "us-east-1"
        return S3StateBackend(
            bucket: address.bucket, prefix: address.prefix, region: bucketRegion, client: provider.client,
            warn: { Console.error($0) })
    }
}
