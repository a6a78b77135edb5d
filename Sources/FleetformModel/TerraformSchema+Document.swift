/// Reading the compact schema document `scripts/gen-terraform-schema` writes (format 1):
///
/// ```json
/// {"format_version": 1, "provider": "registry.terraform.io/hashicorp/aws", "provider_version": "5.100.0",
///  "terraform_version": "1.11.4",
///  "resource_types": {"aws_vpc": {"version": 1, "defaults": {"instance_tenancy": "default"},
///    "block": {"attributes": {"cidr_block": {"type": "string", "flags": "oc"}, …},
///              "blocks": {"timeouts": {"nesting": "single", "block": {…}}}}}}}
/// ```
///
/// Flags: `r` required, `o` optional, `c` computed, `d` deprecated, `s` sensitive. Types are
/// Terraform's JSON type notation (`"string"`, `["list", "string"]`, `["object", {…}]`).
extension TerraformSchema {
    /// The compact format this Fleetform reads and the script writes.
    public static let formatVersion = 1

    /// A schema document that cannot be read: what is wrong, and where.
    public struct FormatError: Error, Hashable, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Reads a compact schema document (already parsed from JSON); refuses other format versions.
    public init(document: AttributeValue) throws(FormatError) {
        guard let root = document.mapValue else { throw FormatError(message: "the schema is not a JSON object") }
        guard let format = root["format_version"]?.intValue else {
            throw FormatError(message: "the schema has no format_version")
        }
        guard format == Self.formatVersion else {
            throw FormatError(
                message:
                    "the schema has format \(format), but this Fleetform reads format \(Self.formatVersion); regenerate it with scripts/gen-terraform-schema"
            )
        }
        var types: [String: TerraformResourceSchema] = [:]
        for (type, value) in root["resource_types"]?.mapValue ?? [:] {
            guard let entry = value.mapValue, let version = entry["version"]?.intValue,
                let block = entry["block"]
            else { throw FormatError(message: "resource type \(type) has no version or block") }
            types[type] = TerraformResourceSchema(
                type: type, version: version, block: try Self.block(block, at: type),
                defaults: entry["defaults"]?.mapValue ?? [:])
        }
        self.init(
            provider: root["provider"]?.stringValue ?? "", providerVersion: root["provider_version"]?.stringValue ?? "",
            terraformVersion: root["terraform_version"]?.stringValue ?? "", resourceTypes: types)
    }

    private static func block(_ value: AttributeValue, at path: String) throws(FormatError) -> TerraformBlock {
        guard let map = value.mapValue else { throw FormatError(message: "\(path): a block is not an object") }
        var attributes: [String: TerraformAttribute] = [:]
        var blocks: [String: TerraformNestedBlock] = [:]
        for (name, entry) in map["attributes"]?.mapValue ?? [:] {
            guard let fields = entry.mapValue, let kind = fields["type"], let flags = fields["flags"]?.stringValue
            else {
                throw FormatError(message: "\(path).\(name): an attribute needs a type and flags")
            }
            attributes[name] = TerraformAttribute(
                type: try valueType(kind, at: path + "." + name), isRequired: flags.contains("r"),
                isOptional: flags.contains("o"), isComputed: flags.contains("c"), isDeprecated: flags.contains("d"),
                isSensitive: flags.contains("s"))
        }
        for (name, entry) in map["blocks"]?.mapValue ?? [:] {
            guard let fields = entry.mapValue, let text = fields["nesting"]?.stringValue,
                let nesting = TerraformNestedBlock.Nesting(rawValue: text), let inner = fields["block"]
            else { throw FormatError(message: "\(path).\(name): a nested block needs a known nesting and a block") }
            blocks[name] = TerraformNestedBlock(
                nesting: nesting, minItems: fields["min"]?.intValue ?? 0, maxItems: fields["max"]?.intValue ?? 0,
                block: try self.block(inner, at: path + "." + name),
                isDeprecated: fields["deprecated"]?.boolValue ?? false)
        }
        return TerraformBlock(attributes: attributes, blocks: blocks)
    }

    /// A type in Terraform's JSON notation.
    static func valueType(_ value: AttributeValue, at path: String) throws(FormatError) -> TerraformValueType {
        switch value {
        case .string("string"): return .string
        case .string("number"): return .number
        case .string("bool"): return .bool
        case .string("dynamic"): return .dynamic
        case .list(let parts) where parts.count == 2:
            switch (parts[0], parts[1]) {
            case (.string("list"), let element): return .list(try valueType(element, at: path))
            case (.string("set"), let element): return .set(try valueType(element, at: path))
            case (.string("map"), let element): return .map(try valueType(element, at: path))
            case (.string("object"), .map(let attributes)):
                var types: [String: TerraformValueType] = [:]
                for (name, kind) in attributes { types[name] = try valueType(kind, at: path + "." + name) }
                return .object(types)
            case (.string("tuple"), .list(let elements)):
                var types: [TerraformValueType] = []
                for element in elements { types.append(try valueType(element, at: path)) }
                return .tuple(types)
            default: break
            }
        default: break
        }
        throw FormatError(message: "\(path): '\(value)' is not a Terraform type")
    }
}
