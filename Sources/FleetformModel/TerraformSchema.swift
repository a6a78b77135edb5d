/// The schema of a Terraform provider's resource types, as `terraform providers schema -json`
/// reports it, kept compact: attribute names, types, nesting, required / optional / computed,
/// deprecated and sensitive flags, each type's `schema_version`, and the defaults Terraform plans
/// for optional arguments a configuration leaves out.
///
/// Fleetform's manifests use Terraform's type and attribute names, so tools that read Terraform
/// plans read Fleetform's; validation checks every resource against this schema, and the
/// Terraform export and state formats are shaped by it.
///
/// ```swift
/// let group = schema.resourceTypes["aws_autoscaling_group"]
/// group?.block.attributes["max_size"]?.isRequired          // true
/// group?.block.blocks["tag"]?.nesting                       // .set
/// ```
public struct TerraformSchema: Hashable, Sendable {
    /// The provider's source address, `registry.terraform.io/hashicorp/aws`.
    public var provider: String
    /// The provider version the schema was read from (`5.100.0`).
    public var providerVersion: String
    /// The Terraform version that read it.
    public var terraformVersion: String
    /// The schemas by resource type.
    public var resourceTypes: [String: TerraformResourceSchema]

    /// A schema of `resourceTypes`.
    public init(
        provider: String, providerVersion: String, terraformVersion: String,
        resourceTypes: [String: TerraformResourceSchema]
    ) {
        self.provider = provider
        self.providerVersion = providerVersion
        self.terraformVersion = terraformVersion
        self.resourceTypes = resourceTypes
    }

    /// The provider's short name and version, as messages say it: `hashicorp/aws 5.100.0`.
    public var providerDescription: String {
        let short = provider.split(separator: "/").suffix(2).joined(separator: "/")
        return "\(short) \(providerVersion)"
    }
}

/// One resource type's schema.
public struct TerraformResourceSchema: Hashable, Sendable {
    /// The type name, `aws_vpc`.
    public var type: String
    /// The type's `schema_version`, which a Terraform state must record for its instances.
    public var version: Int
    /// The top-level block: the resource's arguments and nested blocks.
    public var block: TerraformBlock
    /// What Terraform plans for top-level optional arguments a configuration leaves out
    /// (`force_destroy = false`); arguments the provider never reads back keep these in state.
    public var defaults: [String: AttributeValue]

    /// A resource type's schema.
    public init(type: String, version: Int, block: TerraformBlock, defaults: [String: AttributeValue] = [:]) {
        self.type = type
        self.version = version
        self.block = block
        self.defaults = defaults
    }
}

/// A block of a resource schema: its attributes and the blocks nested in it.
public struct TerraformBlock: Hashable, Sendable {
    public let attributes: [String: TerraformAttribute]
    public let blocks: [String: TerraformNestedBlock]
    /// The attributes a configuration must set, sorted (worked out once: every resource checks them).
    public let requiredAttributes: [String]
    /// The nested blocks a configuration must write at least once, sorted.
    public let requiredBlocks: [String]

    /// A block with `attributes` and nested `blocks`.
    public init(attributes: [String: TerraformAttribute] = [:], blocks: [String: TerraformNestedBlock] = [:]) {
        self.attributes = attributes
        self.blocks = blocks
        requiredAttributes = attributes.filter(\.value.isRequired).keys.sorted()
        requiredBlocks = blocks.filter { $0.value.minItems > 0 }.keys.sorted()
    }

    /// Every attribute and block name, sorted: what "did you mean" chooses from.
    public var names: [String] { (Array(attributes.keys) + Array(blocks.keys)).sorted() }
}

/// One attribute of a block.
public struct TerraformAttribute: Hashable, Sendable {
    public var type: TerraformValueType
    /// A configuration must set it.
    public var isRequired: Bool
    /// A configuration may set it.
    public var isOptional: Bool
    /// The provider may set it (alone: only the provider does).
    public var isComputed: Bool
    public var isDeprecated: Bool
    public var isSensitive: Bool

    /// An attribute of `type` with its flags.
    public init(
        type: TerraformValueType, isRequired: Bool = false, isOptional: Bool = false, isComputed: Bool = false,
        isDeprecated: Bool = false, isSensitive: Bool = false
    ) {
        self.type = type
        self.isRequired = isRequired
        self.isOptional = isOptional
        self.isComputed = isComputed
        self.isDeprecated = isDeprecated
        self.isSensitive = isSensitive
    }

    /// Only the provider sets it: a configuration that sets it is an error.
    public var isReadOnly: Bool { isComputed && !isOptional && !isRequired }
}

/// A block type nested in another block (`mixed_instances_policy`, `rule`, `tag`).
public struct TerraformNestedBlock: Hashable, Sendable {
    /// How instances of the block are collected.
    public enum Nesting: String, Hashable, Sendable {
        /// At most one, stored as an object.
        case single
        /// Exactly one, always present (its attributes stored inline as an object).
        case group
        /// An ordered list of blocks.
        case list
        /// An unordered set of blocks.
        case set
        /// Blocks labelled by a key.
        case map
    }

    public var nesting: Nesting
    /// The fewest blocks a configuration must write (0: optional).
    public var minItems: Int
    /// The most blocks a configuration may write (0: no limit).
    public var maxItems: Int
    public var block: TerraformBlock
    public var isDeprecated: Bool

    /// A nested block type.
    public init(
        nesting: Nesting, minItems: Int = 0, maxItems: Int = 0, block: TerraformBlock, isDeprecated: Bool = false
    ) {
        self.nesting = nesting
        self.minItems = minItems
        self.maxItems = maxItems
        self.block = block
        self.isDeprecated = isDeprecated
    }

    /// Whether a state or plan holds the block as one object rather than a list of objects.
    public var isObject: Bool { nesting == .single || nesting == .group }
}

/// A Terraform (cty) value type: `string`, `number`, `bool`, collections, structural types, and
/// `dynamic` (any).
public indirect enum TerraformValueType: Hashable, Sendable, CustomStringConvertible {
    case string
    case number
    case bool
    case dynamic
    case list(TerraformValueType)
    case set(TerraformValueType)
    case map(TerraformValueType)
    case object([String: TerraformValueType])
    case tuple([TerraformValueType])

    /// As Terraform writes it: `list(string)`, `object({from_port = number, …})`.
    public var description: String {
        switch self {
        case .string: return "string"
        case .number: return "number"
        case .bool: return "bool"
        case .dynamic: return "any"
        case .list(let element): return "list(\(element))"
        case .set(let element): return "set(\(element))"
        case .map(let element): return "map(\(element))"
        case .object(let attributes):
            return "object({"
                + attributes.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }
                .joined(separator: ", ") + "})"
        case .tuple(let elements): return "tuple([" + elements.map(\.description).joined(separator: ", ") + "])"
        }
    }
}
