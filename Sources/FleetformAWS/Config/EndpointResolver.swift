import AWSSigV4

/// Chooses each service's endpoint as the AWS SDKs do: `AWS_ENDPOINT_URL_<SERVICE>`, then
/// `AWS_ENDPOINT_URL`, then the standard `https://<service>.<region>.amazonaws.com` (IAM is
/// global; `.cn` regions use `amazonaws.com.cn`).
///
/// ```swift
/// let resolver = EndpointResolver(environment: .process)
/// let ec2 = try resolver.endpoint(for: .ec2, region: "us-east-1")   // https://ec2.us-east-1.amazonaws.com
/// ```
public struct EndpointResolver: Sendable {
    public var environment: AWSEnvironment

    public init(environment: AWSEnvironment) {
        self.environment = environment
    }

    /// The endpoint of `service` in `region`; throws when an override variable is not a URL.
    public func endpoint(for service: AWSService, region: String) throws -> AWSEndpoint {
        let signingRegion = service.isGlobal ? (region.hasPrefix("cn-") ? "cn-north-1" : "us-east-1") : region
        for variable in ["AWS_ENDPOINT_URL_" + service.endpointEnvironmentSuffix, "AWS_ENDPOINT_URL"] {
            guard let url = environment[variable] else { continue }
            guard let endpoint = AWSEndpoint(url: url, signingRegion: signingRegion, isOverridden: true) else {
                throw AWSError.configuration(
                    "\(variable)='\(url)' is not an endpoint URL; use the form http://127.0.0.1:5000 or https://host[:port]"
                )
            }
            // Plain HTTP only to this machine: anything else travels in clear (TLS, with
            // certificate verification that cannot be turned off, is the only way out).
            guard endpoint.scheme == "https" || endpoint.isLoopback else {
                throw AWSError.configuration(
                    "\(variable)='\(url)' uses plain http to a host that is not loopback; use https:// (certificates "
                        + "are always verified), or http:// only for an emulator on 127.0.0.1 / localhost")
            }
            return endpoint
        }
        return AWSEndpoint(
            scheme: "https", host: Self.standardHost(for: service, region: region), signingRegion: signingRegion,
            isOverridden: false)
    }

    /// The standard host name of `service` in `region`.
    public static func standardHost(for service: AWSService, region: String) -> String {
        let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        switch service {
        case .iam: return region.hasPrefix("cn-") ? "iam.cn-north-1.amazonaws.com.cn" : "iam.amazonaws.com"
        case .pricing:
            // The Price List API lives in three regions only; the others use us-east-1's.
            let pricingRegion =
                region.hasPrefix("ap-") ? "ap-south-1" : region.hasPrefix("eu-") ? "eu-central-1" : "us-east-1"
            return "api.pricing.\(pricingRegion).amazonaws.com"
        case .s3: return "s3.\(region).\(suffix)"
        default: return "\(service.rawValue).\(region).\(suffix)"
        }
    }

    /// Where an S3 request for `bucket` goes and the path to send: virtual-hosted
    /// (`bucket.s3.region.amazonaws.com/key`) on AWS, path-style (`host/bucket/key`) when the
    /// endpoint is overridden or the bucket name has dots (which break TLS host matching).
    public func s3Location(bucket: String, key: String = "", region: String) throws -> (
        endpoint: AWSEndpoint, path: String
    ) {
        let endpoint = try endpoint(for: .s3, region: region)
        let encodedKey = key.isEmpty ? "" : "/" + AWSPathEncoding.encodeKey(key)
        if endpoint.isOverridden || bucket.contains(".") {
            return (endpoint, endpoint.basePath + "/" + bucket + encodedKey)
        }
        return (endpoint.prefixingHost(bucket), endpoint.basePath + (encodedKey.isEmpty ? "/" : encodedKey))
    }
}

/// Encodes S3 keys and REST path segments for the wire.
public enum AWSPathEncoding {
    /// Percent-encodes an S3 object key, keeping `/` separators.
    public static func encodeKey(_ key: String) -> String {
        PercentEncoding.encode(key, keepSlash: true)
    }

    /// Percent-encodes one path segment (a cluster or node group name).
    public static func encodeSegment(_ segment: String) -> String {
        PercentEncoding.encode(segment, keepSlash: false)
    }
}
