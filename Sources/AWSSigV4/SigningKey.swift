import Crypto

/// The key that signs a string to sign: an HMAC-SHA256 chain over the date, region and service
/// ([spec, Task 3: calculate the signature](https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html#derive-signing-key)).
///
/// ```swift
/// let key = SigningKey(secretAccessKey: secret, date: "20150830", region: "us-east-1", service: "iam")
/// let signature = key.signature(for: stringToSign)
/// ```
public struct SigningKey: Sendable, Hashable {
    /// The credential scope date, `YYYYMMDD`.
    public let date: String
    public let region: String
    public let service: String
    private let key: [UInt8]

    /// Task 3, step 1: derive the signing key,
    /// `HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`.
    public init(secretAccessKey: String, date: String, region: String, service: String) {
        self.date = date
        self.region = region
        self.service = service
        let kSecret = SymmetricKey(data: Array(("AWS4" + secretAccessKey).utf8))
        let kDate = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Array(date.utf8), using: kSecret))
        let kRegion = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Array(region.utf8), using: kDate))
        let kService = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Array(service.utf8), using: kRegion))
        key = Array(HMAC<SHA256>.authenticationCode(for: Array("aws4_request".utf8), using: kService))
    }

    /// Task 3, step 2: the signature, hex(HMAC(signing key, string to sign)).
    public func signature(for stringToSign: String) -> String {
        Hex.encode(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: SymmetricKey(data: key)))
    }
}

/// SHA-256 of bytes as lower-case hex, the form SigV4 uses for payload and canonical-request hashes.
public enum PayloadDigest {
    /// `hex(SHA256(bytes))`.
    public static func sha256Hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(data: Array(bytes))
        return Hex.encode(hasher.finalize())
    }

    /// The hash of an empty payload, `e3b0c442…b855`.
    public static let emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
}
