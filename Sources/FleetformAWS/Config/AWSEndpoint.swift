/// Where one service's requests go in one region, and how they are signed.
public struct AWSEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// `https` or `http`.
    public var scheme: String
    /// Host name or address, without port.
    public var host: String
    public var port: Int?
    /// A path prefix from an overriding URL (`http://localhost:4566/prefix`), without a trailing slash.
    public var basePath: String
    /// The region that goes into the credential scope.
    public var signingRegion: String
    /// True when `AWS_ENDPOINT_URL[_<SERVICE>]` chose this endpoint (S3 then uses path-style addressing).
    public var isOverridden: Bool

    public init(
        scheme: String, host: String, port: Int? = nil, basePath: String = "", signingRegion: String, isOverridden: Bool
    ) {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.basePath = basePath
        self.signingRegion = signingRegion
        self.isOverridden = isOverridden
    }

    /// Parses `scheme://host[:port][/path]`; nil when that is not what `url` is.
    public init?(url: String, signingRegion: String, isOverridden: Bool) {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        var rest = url[schemeEnd.upperBound...]
        var basePath = ""
        if let slash = rest.firstIndex(of: "/") {
            basePath = String(rest[slash...])
            rest = rest[..<slash]
            while basePath.hasSuffix("/") { basePath.removeLast() }
        }
        var port: Int?
        if let colon = rest.lastIndex(of: ":"), !rest.hasSuffix("]") {
            guard let parsed = Int(rest[rest.index(after: colon)...]) else { return nil }
            port = parsed
            rest = rest[..<colon]
        }
        guard !rest.isEmpty else { return nil }
        self.init(
            scheme: scheme, host: String(rest), port: port, basePath: basePath, signingRegion: signingRegion,
            isOverridden: isOverridden)
    }

    /// The `Host` header value (with the port when it is not the scheme's default).
    public var hostHeader: String {
        guard let port, !(scheme == "https" && port == 443), !(scheme == "http" && port == 80) else { return host }
        return host + ":" + String(port)
    }

    /// Whether the host is this machine (`localhost`, `127.0.0.0/8`, `::1`).
    public var isLoopback: Bool {
        var bare = host.lowercased()
        if bare.hasPrefix("["), bare.hasSuffix("]") { bare = String(bare.dropFirst().dropLast()) }
        if bare == "localhost" || bare == "::1" { return true }
        let octets = bare.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// `scheme://host[:port]`.
    public var origin: String { scheme + "://" + hostHeader }

    public var description: String { origin + basePath }

    /// This endpoint with `bucket.` in front of the host (S3 virtual-hosted addressing).
    public func prefixingHost(_ label: String) -> AWSEndpoint {
        var copy = self
        copy.host = label + "." + host
        return copy
    }
}
