import FleetformModel

/// Where one member of a call's input comes from, besides the declaration's fields.
///
/// ```swift
/// ["VpcId": .id, "ClientToken": .token, "EnableDnsSupport.Value": .attribute("enable_dns_support")]
/// ["FleetId": .list(.id), "TerminateInstances": true]
/// ```
indirect enum InputValue: Sendable, ExpressibleByStringLiteral, ExpressibleByBooleanLiteral {
    /// A fixed value.
    case constant(AttributeValue)
    /// The resource id, or one part of a composite id.
    case id
    case idPart(Int)
    /// The create's idempotency token.
    case token
    /// The declared attribute, encoded the way its field is (or as declared when no field names it).
    case attribute(String)
    /// An attribute of the resource as the cloud has it now (an ARN needed for tagging).
    case current(String)
    /// A value an earlier call of the same step answered (`UpdateStep` outputs).
    case output(String)
    /// A value of the describe item, for per-item reads (a policy's `DefaultVersionId`).
    case item(String)
    /// The tags being written, in a protocol's encoding.
    case tags(TagEncoding)
    /// The keys of the tags being removed.
    case tagKeys(TagKeyEncoding)
    /// EC2's `TagSpecification`: one specification for `resourceType` with the tags.
    case tagSpecification(resourceType: String)
    /// A one-element list of the value (`ResourceId.1`, `FleetId.1`).
    case list(InputValue)
    /// Computed by code, for the rare member no rule above describes; nil leaves it out.
    case computed(@Sendable (InputContext) throws -> AttributeValue?)

    init(stringLiteral value: String) { self = .constant(.string(value)) }
    init(booleanLiteral value: Bool) { self = .constant(.bool(value)) }
}

/// How tags are written: as `Key`/`Value` pairs (with extra members, such as Auto Scaling's
/// `ResourceId`), or as a map.
enum TagEncoding: Sendable {
    case pairs(key: String = "Key", value: String = "Value", extra: [String: InputValue] = [:])
    case map
}

/// How removed tag keys are written: as `Key` structures (with extra members) or as strings.
enum TagKeyEncoding: Sendable {
    case pairs(key: String = "Key", extra: [String: InputValue] = [:])
    case strings
}

/// What input values are computed from.
struct InputContext: Sendable {
    /// The resource's type, for errors.
    var type: String
    /// The declared attributes (the request's).
    var declared: [String: AttributeValue]
    /// The id, when the resource exists.
    var id: String?
    var idParts: [String]
    var token: String
    /// The resource as the cloud has it now (updates that read it first), else the prior state.
    var current: ResourceState?
    var outputs: [String: String]
    /// The tags being written, or the keys being removed.
    var tags: [String: String] = [:]
    var tagKeys: [String] = []
    /// The attributes whose change runs the update step being sent.
    var triggered: Set<String> = []
    /// The describe item, for per-item reads.
    var item: ResponseNode?
}
