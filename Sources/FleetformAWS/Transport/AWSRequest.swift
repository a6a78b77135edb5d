/// One API call before signing: the output of a wire-protocol encoder.
public struct AWSRequest: Sendable {
    public var service: AWSService
    /// The API action, for metrics and error messages (`CreateVpc`, `PutBucketTagging`).
    public var action: String
    public var method: String
    /// The path on the wire, percent-encoded, relative to the endpoint (`/`, `/clusters/x`).
    public var path: String
    /// Query parameters, decoded.
    public var query: [(name: String, value: String)]
    /// Extra headers to sign and send (`content-type`, `x-amz-target`, `content-md5`).
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// The S3 bucket the request addresses (S3 only): it picks the host or the path prefix.
    public var bucket: String?
    /// Whether a transport failure (no answer: the call may or may not have happened) may be
    /// resent blindly. False for creates without an idempotency token: the caller looks the
    /// resource up by its tags first.
    public var resendAfterTransportError: Bool

    public init(
        service: AWSService, action: String, method: String, path: String = "/",
        query: [(name: String, value: String)] = [], headers: [(name: String, value: String)] = [],
        body: [UInt8] = [], bucket: String? = nil, resendAfterTransportError: Bool = true
    ) {
        self.service = service
        self.action = action
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.bucket = bucket
        self.resendAfterTransportError = resendAfterTransportError
    }
}
