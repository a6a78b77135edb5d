/// An AWS region, e.g. `.usEast1`. Any string is accepted (`"eu-south-2"`); validation reports
/// regions Fleetform does not know.
///
/// ```swift
/// Stack("training", region: .usEast1, drRegion: .usWest2) { env in … }
/// ```
public struct Region: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The region code, `us-east-1`.
    public let code: String

    /// A region by its code: `Region("eu-south-2")`.
    public init(_ code: String) { self.code = code }
    /// A region from a string literal, so `"eu-south-2"` can stand where a region is expected.
    public init(stringLiteral value: String) { self.code = value }
    /// The region code.
    public var description: String { code }

    /// US East (N. Virginia), `us-east-1`.
    public static let usEast1 = Region("us-east-1")
    /// US East (Ohio), `us-east-2`.
    public static let usEast2 = Region("us-east-2")
    /// US West (N. California), `us-west-1`.
    public static let usWest1 = Region("us-west-1")
    /// US West (Oregon), `us-west-2`.
    public static let usWest2 = Region("us-west-2")
    /// Canada (Central), `ca-central-1`.
    public static let caCentral1 = Region("ca-central-1")
    /// Europe (Ireland), `eu-west-1`.
    public static let euWest1 = Region("eu-west-1")
    /// Europe (London), `eu-west-2`.
    public static let euWest2 = Region("eu-west-2")
    /// Europe (Paris), `eu-west-3`.
    public static let euWest3 = Region("eu-west-3")
    /// Europe (Frankfurt), `eu-central-1`.
    public static let euCentral1 = Region("eu-central-1")
    /// Europe (Stockholm), `eu-north-1`.
    public static let euNorth1 = Region("eu-north-1")
    /// Europe (Milan), `eu-south-1`.
    public static let euSouth1 = Region("eu-south-1")
    /// Asia Pacific (Tokyo), `ap-northeast-1`.
    public static let apNortheast1 = Region("ap-northeast-1")
    /// Asia Pacific (Seoul), `ap-northeast-2`.
    public static let apNortheast2 = Region("ap-northeast-2")
    /// Asia Pacific (Osaka), `ap-northeast-3`.
    public static let apNortheast3 = Region("ap-northeast-3")
    /// Asia Pacific (Mumbai), `ap-south-1`.
    public static let apSouth1 = Region("ap-south-1")
    /// Asia Pacific (Singapore), `ap-southeast-1`.
    public static let apSoutheast1 = Region("ap-southeast-1")
    /// Asia Pacific (Sydney), `ap-southeast-2`.
    public static let apSoutheast2 = Region("ap-southeast-2")
    /// Asia Pacific (Jakarta), `ap-southeast-3`.
    public static let apSoutheast3 = Region("ap-southeast-3")
    /// Asia Pacific (Hong Kong), `ap-east-1`.
    public static let apEast1 = Region("ap-east-1")
    /// Africa (Cape Town), `af-south-1`.
    public static let afSouth1 = Region("af-south-1")
    /// Middle East (Bahrain), `me-south-1`.
    public static let meSouth1 = Region("me-south-1")
    /// Middle East (UAE), `me-central-1`.
    public static let meCentral1 = Region("me-central-1")
    /// South America (São Paulo), `sa-east-1`.
    public static let saEast1 = Region("sa-east-1")

    /// Availability-zone letters generally offered to accounts in each known region.
    static let zoneLetters: [String: [String]] = [
        "us-east-1": ["a", "b", "c", "d", "e", "f"], "us-east-2": ["a", "b", "c"], "us-west-1": ["a", "c"],
        "us-west-2": ["a", "b", "c", "d"], "ca-central-1": ["a", "b", "d"], "eu-west-1": ["a", "b", "c"],
        "eu-west-2": ["a", "b", "c"], "eu-west-3": ["a", "b", "c"], "eu-central-1": ["a", "b", "c"],
        "eu-north-1": ["a", "b", "c"], "eu-south-1": ["a", "b", "c"], "ap-northeast-1": ["a", "c", "d"],
        "ap-northeast-2": ["a", "b", "c", "d"], "ap-northeast-3": ["a", "b", "c"], "ap-south-1": ["a", "b", "c"],
        "ap-southeast-1": ["a", "b", "c"], "ap-southeast-2": ["a", "b", "c"], "ap-southeast-3": ["a", "b", "c"],
        "ap-east-1": ["a", "b", "c"], "af-south-1": ["a", "b", "c"], "me-south-1": ["a", "b", "c"],
        "me-central-1": ["a", "b", "c"], "sa-east-1": ["a", "b", "c"],
    ]

    /// Whether Fleetform knows this region.
    public var isKnown: Bool { Self.zoneLetters[code] != nil }

    /// Availability-zone names of the region (`us-east-1a`, …); empty for an unknown region.
    public var availabilityZones: [String] { (Self.zoneLetters[code] ?? []).map { code + $0 } }

    /// Every region Fleetform knows, sorted.
    public static var known: [String] { zoneLetters.keys.sorted() }
}

/// Where a construct lives: the stack's primary region, its DR region, or an explicit one.
public enum RegionChoice: Hashable, Sendable {
    /// The stack's primary region (the default).
    case primary
    /// The stack's disaster-recovery region (`Stack(…, drRegion:)`); an error when the stack has none.
    case drRegion
    /// An explicit region.
    case region(Region)
}
