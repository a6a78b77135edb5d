/// An HTTP request as the signer sees it: what goes on the wire, before signing.
///
/// ```swift
/// let request = SignableRequest(
///     method: "POST", path: "/",
///     headers: [("host", "ec2.us-east-1.amazonaws.com"), ("content-type", "application/x-www-form-urlencoded")],
///     body: Array("Action=DescribeVpcs&Version=2016-11-15".utf8))
/// ```
public struct SignableRequest: Sendable {
    /// The HTTP method, upper case.
    public var method: String
    /// The path exactly as sent on the wire (already percent-encoded by the caller where needed).
    /// For services other than S3 the signer encodes it once more, as the SigV4 spec asks.
    public var path: String
    /// Query parameters, decoded (`("Param1", "value1")`); order and repeated names are kept.
    public var query: [(name: String, value: String)]
    /// Headers to sign, in request order; repeated names are allowed. Must include `host`.
    public var headers: [(name: String, value: String)]
    /// The body bytes.
    public var body: [UInt8]
    /// How the payload enters the signature.
    public var payloadHash: PayloadHash

    public init(
        method: String, path: String, query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)], body: [UInt8] = [], payloadHash: PayloadHash = .computed
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.payloadHash = payloadHash
    }
}

/// How the body enters the signature (the last line of the canonical request).
public enum PayloadHash: Sendable, Hashable {
    /// The signer hashes the body (SHA-256, lower-case hex).
    case computed
    /// The body's SHA-256 is already known (lower-case hex), e.g. for a streamed upload.
    case precomputed(String)
    /// S3's `UNSIGNED-PAYLOAD`: the body is not covered by the signature.
    case unsigned
}
