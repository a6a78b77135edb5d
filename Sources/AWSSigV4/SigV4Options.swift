/// The per-service variations of SigV4.
///
/// ```swift
/// let s3 = SigV4Options.s3          // path used as sent, x-amz-content-sha256 header
/// let eks = SigV4Options(addContentSHA256Header: true)
/// ```
public struct SigV4Options: Sendable, Hashable {
    /// Remove `.`/`..` segments and duplicate slashes from the path before encoding (every
    /// service but S3).
    public var normalizePath: Bool
    /// URI-encode the (already wire-encoded) path once more in the canonical request (every service
    /// but S3; S3 signs the path exactly as sent).
    public var encodePath: Bool
    /// Add and sign `x-amz-content-sha256: <payload hash>` (S3 requires it; it also makes moto
    /// check bodiless REST-JSON requests correctly).
    public var addContentSHA256Header: Bool
    /// Sign `x-amz-security-token` (true, the normal case) or append it after signing (false).
    public var signSessionToken: Bool

    public init(
        normalizePath: Bool = true, encodePath: Bool = true, addContentSHA256Header: Bool = false,
        signSessionToken: Bool = true
    ) {
        self.normalizePath = normalizePath
        self.encodePath = encodePath
        self.addContentSHA256Header = addContentSHA256Header
        self.signSessionToken = signSessionToken
    }

    /// Every service but S3.
    public static let standard = SigV4Options()
    /// S3's rules: no path normalisation, no second encoding, `x-amz-content-sha256` signed.
    public static let s3 = SigV4Options(normalizePath: false, encodePath: false, addContentSHA256Header: true)
}
