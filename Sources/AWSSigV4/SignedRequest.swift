/// The outcome of signing with an `Authorization` header.
public struct SignedRequest: Sendable {
    /// Every header to send, the request's own plus `x-amz-date`, `x-amz-content-sha256`,
    /// `x-amz-security-token` and `authorization` as the options ask.
    public var headers: [(name: String, value: String)]
    /// Task 1's canonical request, for debugging signature mismatches.
    public var canonicalRequest: String
    /// Task 2's string to sign.
    public var stringToSign: String
    /// Task 3's hex signature.
    public var signature: String
    /// The `Authorization` header value.
    public var authorization: String
}

/// The outcome of query-string signing (a presigned URL).
public struct PresignedRequest: Sendable {
    /// Every query parameter to send, decoded: the request's own, the `X-Amz-*` signing
    /// parameters, and `X-Amz-Signature` last.
    public var query: [(name: String, value: String)]
    /// The request's headers; a presigned request adds none.
    public var headers: [(name: String, value: String)]
    public var canonicalRequest: String
    public var stringToSign: String
    public var signature: String

    /// The query string to put after `?`, encoded as SigV4 encodes it.
    public var queryString: String { PercentEncoding.queryString(query) }
}
