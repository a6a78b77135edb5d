import Foundation

/// Signs HTTP requests with AWS Signature Version 4, either with an `Authorization` header or as a
/// presigned URL ([spec](https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html)).
/// Pure: the signing time is an argument and nothing is read from the environment.
///
/// ```swift
/// let signer = SigV4Signer(credentials: creds, region: "us-east-1", service: "ec2")
/// let signed = signer.sign(request, at: Date())
/// // send signed.headers with request.body
/// ```
public struct SigV4Signer: Sendable {
    /// The algorithm name that starts every string to sign and `Authorization` header.
    public static let algorithm = "AWS4-HMAC-SHA256"

    public let credentials: SigningCredentials
    public let region: String
    /// The signing name of the service (`ec2`, `s3`, `iam`, `eks`, …).
    public let service: String
    public let options: SigV4Options
    private let keyCache: SigningKeyCache

    public init(credentials: SigningCredentials, region: String, service: String, options: SigV4Options = .standard) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.options = options
        self.keyCache = SigningKeyCache()
    }

    /// Signs `request` with an `Authorization` header at `date`.
    public func sign(_ request: SignableRequest, at date: Date) -> SignedRequest {
        let time = SigningTimestamp(date)
        let payloadHash = payloadHash(of: request)
        var headers = request.headers
        headers.append(("x-amz-date", time.amzDate))
        if let token = credentials.sessionToken, options.signSessionToken {
            headers.append(("x-amz-security-token", token))
        }
        if options.addContentSHA256Header {
            headers.append(("x-amz-content-sha256", payloadHash))
        }
        let canonicalHeaders = CanonicalHeaders(headers)
        let canonicalRequest = canonicalRequest(
            method: request.method, path: request.path, query: request.query, headers: canonicalHeaders,
            payloadHash: payloadHash)
        let scope = credentialScope(time)
        let stringToSign = stringToSign(canonicalRequest: canonicalRequest, time: time, scope: scope)
        let signature = signingKey(for: time).signature(for: stringToSign)
        // Task 4: add the signature to the request, in the Authorization header.
        let authorization =
            Self.algorithm + " Credential=" + credentials.accessKeyId + "/" + scope
            + ", SignedHeaders=" + canonicalHeaders.signedHeaders + ", Signature=" + signature
        headers.append(("authorization", authorization))
        if let token = credentials.sessionToken, !options.signSessionToken {
            headers.append(("x-amz-security-token", token))
        }
        return SignedRequest(
            headers: headers, canonicalRequest: canonicalRequest, stringToSign: stringToSign, signature: signature,
            authorization: authorization)
    }

    /// Signs `request` in its query string (a presigned URL) valid for `expires` seconds from `date`.
    /// The payload hash is the body's, or `UNSIGNED-PAYLOAD` as the request says; no
    /// `x-amz-content-sha256` header is added in this mode.
    public func presign(_ request: SignableRequest, at date: Date, expires: Int) -> PresignedRequest {
        let time = SigningTimestamp(date)
        let scope = credentialScope(time)
        let canonicalHeaders = CanonicalHeaders(request.headers)
        var query = request.query
        query.append(("X-Amz-Algorithm", Self.algorithm))
        query.append(("X-Amz-Credential", credentials.accessKeyId + "/" + scope))
        query.append(("X-Amz-Date", time.amzDate))
        query.append(("X-Amz-Expires", String(expires)))
        if let token = credentials.sessionToken, options.signSessionToken {
            query.append(("X-Amz-Security-Token", token))
        }
        query.append(("X-Amz-SignedHeaders", canonicalHeaders.signedHeaders))
        let canonicalRequest = canonicalRequest(
            method: request.method, path: request.path, query: query, headers: canonicalHeaders,
            payloadHash: payloadHash(of: request))
        let stringToSign = stringToSign(canonicalRequest: canonicalRequest, time: time, scope: scope)
        let signature = signingKey(for: time).signature(for: stringToSign)
        // Task 4: add the signature to the request, as the last query parameter.
        if let token = credentials.sessionToken, !options.signSessionToken {
            query.append(("X-Amz-Security-Token", token))
        }
        query.append(("X-Amz-Signature", signature))
        return PresignedRequest(
            query: query, headers: request.headers, canonicalRequest: canonicalRequest, stringToSign: stringToSign,
            signature: signature)
    }

    /// The hashed payload of Task 1: the body's SHA-256, a given hash, or `UNSIGNED-PAYLOAD`.
    func payloadHash(of request: SignableRequest) -> String {
        switch request.payloadHash {
        case .computed: return request.body.isEmpty ? PayloadDigest.emptySHA256 : PayloadDigest.sha256Hex(request.body)
        case .precomputed(let hash): return hash
        case .unsigned: return "UNSIGNED-PAYLOAD"
        }
    }

    /// `YYYYMMDD/region/service/aws4_request`.
    func credentialScope(_ time: SigningTimestamp) -> String {
        time.scopeDate + "/" + region + "/" + service + "/aws4_request"
    }

    /// Task 2: create a string to sign — the algorithm, the timestamp, the credential scope and
    /// the hex SHA-256 of the canonical request, one per line.
    func stringToSign(canonicalRequest: String, time: SigningTimestamp, scope: String) -> String {
        Self.algorithm + "\n" + time.amzDate + "\n" + scope + "\n"
            + PayloadDigest.sha256Hex(canonicalRequest.utf8)
    }

    /// Task 3, step 1, cached per scope date: derive the signing key.
    func signingKey(for time: SigningTimestamp) -> SigningKey {
        keyCache.key(date: time.scopeDate) {
            SigningKey(
                secretAccessKey: credentials.secretAccessKey, date: time.scopeDate, region: region, service: service)
        }
    }
}

/// The last signing key a signer derived; keys change once a day, so one entry suffices.
private final class SigningKeyCache: @unchecked Sendable {
    private let lock = NSLock()
    private var last: SigningKey?

    func key(date: String, derive: () -> SigningKey) -> SigningKey {
        lock.lock()
        defer { lock.unlock() }
        if let last, last.date == date { return last }
        let key = derive()
        last = key
        return key
    }
}
