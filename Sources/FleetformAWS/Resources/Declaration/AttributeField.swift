import FleetformModel

/// How one attribute maps to the API: the member it is sent as in create and update inputs, where
/// it is read back from a describe item, and its shape. Nested blocks carry their own fields,
/// whose wire names and read paths are relative to the block's.
///
/// ```swift
/// .string("cidr_block", "CidrBlock").required()                        // read at `cidrBlock` (EC2 naming)
/// .boolean("map_public_ip_on_launch", read: "mapPublicIpOnLaunch").reading(default: false)
/// .block("scaling_config", "scalingConfig", [.integer("min_size", "minSize"), …])
/// .arn("arn:aws:ec2:{region}:{ownerId}:vpc/{id}")                        // read-only, from a template
/// ```
struct AttributeField: Sendable {
    /// The attribute's shape, which decides how it is written and read.
    indirect enum Kind: Sendable {
        case string
        /// A whole number (sent as a number; read back as a number).
        case integer
        case number
        case boolean
        /// A list of strings; `unordered`: the cloud does not keep the order, so it is read back in
        /// the prior value's order when it holds the same strings.
        case strings(unordered: Bool)
        /// A list of strings read as one element of each listed structure (`groupSet/item/groupId`,
        /// `AvailabilityZones/member/SubnetId`); sent as a plain list.
        case plucked(element: String)
        /// A string sent as the one structure of a list and read from the list's first element
        /// (ELBv2's `certificate_arn` ↔ `Certificates.member.1.CertificateArn`).
        case wrapped(member: String)
        /// A boolean sent and read as one of two strings (`internal` ↔ `Scheme` `internal` /
        /// `internet-facing`).
        case flag(whenTrue: String, whenFalse: String)
        /// A block whose fields are members of the enclosing input and item (ELBv2's
        /// `health_check` ↔ `HealthCheckPath`, `HealthyThresholdCount`, …).
        case inlineBlock([AttributeField])
        /// A list of strings sent joined into one string (`VPCZoneIdentifier = "subnet-1,subnet-2"`).
        case joined(separator: String, unordered: Bool)
        /// A `map(string)` (EKS labels).
        case stringMap
        /// A `map(string)` sent and read as a list of `key`/`value` structures, sorted by key
        /// (CloudWatch's alarm `Dimensions`: `Name`/`Value`).
        case pairMap(key: String, value: String)
        /// A JSON policy document: read back in the prior's formatting when it means the same.
        case policyDocument
        /// A nested block (a map, or a list of one map, in the declaration).
        case block([AttributeField])
        /// A block sent as a one-element list (`LaunchTemplateConfigs.1.…`) and read from the
        /// list's first element (`read` names that element: `launchTemplateConfigs/item`).
        case listedBlock([AttributeField])
        /// Repeated blocks (a list of maps).
        case blocks([AttributeField])
        /// An ARN: read from `read` when the API reports it, else built from the template, where
        /// `{region}` and `{id}` are the resource's and any other `{path}` is read from the item.
        case arn(template: String)
    }

    /// Where an attribute's value is read from.
    enum Source: Sendable, Hashable, ExpressibleByStringLiteral {
        /// Not read: the attribute is only written.
        case none
        /// A path in the describe item (default: the wire name in the service's response naming).
        case path(String)
        /// The first of these paths the describe item has (an API that reports a setting in
        /// another place than the emulator echoes it: FSx's `DataRepositoryConfiguration`).
        case firstOf([String])
        /// A path in the answer of one of the declaration's per-item reads, by its name.
        case itemRead(String, String)
        /// The resource id, or one part of a composite id.
        case id
        case idPart(Int)
        /// The path derived from the wire name.
        case wireName
        /// Not reported by the API (a write-only setting such as `force_delete`): the prior value stands.
        case prior

        init(stringLiteral value: String) { self = .path(value) }
    }

    var attribute: String
    var kind: Kind
    /// The member path in create and update inputs (dot-separated); nil: never sent.
    var wire: String?
    var read: Source
    var isRequired = false
    /// Sent when the declaration leaves the attribute out.
    var requestDefault: AttributeValue?
    /// Read back when the API reports nothing (`false`, `{}`).
    var readDefault: AttributeValue?
    /// An empty string read back counts as not set.
    var emptyIsUnset = false

    init(_ attribute: String, _ kind: Kind, wire: String?, read: Source) {
        self.attribute = attribute
        self.kind = kind
        self.wire = wire
        self.read = read
    }
}

extension AttributeField {
    static func string(_ attribute: String, _ wire: String? = nil, read: Source = .wireName) -> AttributeField {
        AttributeField(attribute, .string, wire: wire, read: read)
    }

    static func integer(_ attribute: String, _ wire: String? = nil, read: Source = .wireName) -> AttributeField {
        AttributeField(attribute, .integer, wire: wire, read: read)
    }

    static func number(_ attribute: String, _ wire: String? = nil, read: Source = .wireName) -> AttributeField {
        AttributeField(attribute, .number, wire: wire, read: read)
    }

    static func boolean(_ attribute: String, _ wire: String? = nil, read: Source = .wireName) -> AttributeField {
        AttributeField(attribute, .boolean, wire: wire, read: read)
    }

    static func strings(_ attribute: String, _ wire: String? = nil, read: Source = .wireName, unordered: Bool = false)
        -> AttributeField
    {
        AttributeField(attribute, .strings(unordered: unordered), wire: wire, read: read)
    }

    static func plucked(_ attribute: String, _ wire: String?, read: Source, element: String) -> AttributeField {
        AttributeField(attribute, .plucked(element: element), wire: wire, read: read)
    }

    static func wrapped(_ attribute: String, _ wire: String, member: String) -> AttributeField {
        AttributeField(attribute, .wrapped(member: member), wire: wire, read: .wireName)
    }

    static func flag(
        _ attribute: String, _ wire: String?, whenTrue: String, whenFalse: String, read: Source = .wireName
    ) -> AttributeField {
        AttributeField(attribute, .flag(whenTrue: whenTrue, whenFalse: whenFalse), wire: wire, read: read)
    }

    static func inlineBlock(_ attribute: String, _ fields: [AttributeField]) -> AttributeField {
        AttributeField(attribute, .inlineBlock(fields), wire: "", read: .none)
    }

    static func joined(_ attribute: String, _ wire: String?, separator: String, read: Source = .wireName)
        -> AttributeField
    {
        AttributeField(attribute, .joined(separator: separator, unordered: true), wire: wire, read: read)
    }

    static func stringMap(_ attribute: String, _ wire: String? = nil, read: Source = .wireName) -> AttributeField {
        AttributeField(attribute, .stringMap, wire: wire, read: read)
    }

    static func pairMap(_ attribute: String, _ wire: String?, key: String = "Name", value: String = "Value")
        -> AttributeField
    {
        AttributeField(attribute, .pairMap(key: key, value: value), wire: wire, read: .wireName)
    }

    static func policyDocument(_ attribute: String, _ wire: String? = nil, read: Source = .wireName)
        -> AttributeField
    {
        AttributeField(attribute, .policyDocument, wire: wire, read: read)
    }

    static func block(_ attribute: String, _ wire: String?, read: Source = .wireName, _ fields: [AttributeField])
        -> AttributeField
    {
        AttributeField(attribute, .block(fields), wire: wire, read: read)
    }

    static func listedBlock(_ attribute: String, _ wire: String?, read: Source, _ fields: [AttributeField])
        -> AttributeField
    {
        AttributeField(attribute, .listedBlock(fields), wire: wire, read: read)
    }

    static func blocks(_ attribute: String, _ wire: String?, read: Source = .wireName, _ fields: [AttributeField])
        -> AttributeField
    {
        AttributeField(attribute, .blocks(fields), wire: wire, read: read)
    }

    /// The `arn` attribute: read at `read` when given and reported, else built from `template`.
    static func arn(_ template: String, read: Source = .none) -> AttributeField {
        AttributeField("arn", .arn(template: template), wire: nil, read: read)
    }

    /// The `arn` attribute as the API reports it.
    static func arn(read: Source) -> AttributeField {
        AttributeField("arn", .string, wire: nil, read: read)
    }

    /// The attribute must be declared (with a usable value) to create the resource.
    func required() -> AttributeField { with { $0.isRequired = true } }

    /// Sends `value` when the declaration leaves the attribute out.
    func sending(default value: AttributeValue) -> AttributeField { with { $0.requestDefault = value } }

    /// Reads `value` back when the API reports nothing.
    func reading(default value: AttributeValue) -> AttributeField { with { $0.readDefault = value } }

    /// Reads an empty string back as not set.
    func emptyMeansUnset() -> AttributeField { with { $0.emptyIsUnset = true } }

    private func with(_ change: (inout AttributeField) -> Void) -> AttributeField {
        var copy = self
        change(&copy)
        return copy
    }

    /// The nested fields of a block kind.
    var nestedFields: [AttributeField] {
        switch kind {
        case .block(let fields), .listedBlock(let fields), .blocks(let fields), .inlineBlock(let fields): return fields
        default: return []
        }
    }
}
