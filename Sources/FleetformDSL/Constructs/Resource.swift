/// The escape hatch: any `aws_*` resource with explicit attributes, for what no construct covers.
///
/// ```swift
/// Resource("aws_cloudwatch_log_group", "training", attributes: ["retention_in_days": 30])
///     .dependsOn(net.vpcAddress)
/// ```
/// Tags (`fleetform:*` and `.tags`) are added unless `taggable: false`.
public struct Resource: ConfigurableConstruct {
    /// The provider's resource type, `aws_cloudwatch_log_group`.
    public let type: String
    /// The `NAME` of the resource's address `TYPE.NAME`.
    public let name: String
    /// The resource's arguments, as the provider names them.
    public let attributes: [String: AttributeValue]
    /// The resource's region; the stack's primary region by default.
    public let region: RegionChoice
    /// Whether Fleetform adds its ownership tags and `.tags(…)` as the resource's `tags`.
    public let taggable: Bool
    /// Tags, dependencies and lifecycle flags from the common modifiers.
    public var options = ConstructOptions()
    let site: DeclarationSite

    /// A resource of `type` at `TYPE.name` with exactly `attributes`, in `region`, tagged unless
    /// `taggable` is false. `file` and `line` record where it was declared (for diagnostics);
    /// leave them out.
    public init(
        _ type: String, _ name: String, attributes: [String: AttributeValue], region: RegionChoice = .primary,
        taggable: Bool = true, file: String = #filePath, line: Int = #line
    ) {
        self.type = type
        self.name = name
        self.attributes = attributes
        self.region = region
        self.taggable = taggable
        self.site = DeclarationSite(file: file, line: line)
    }

    /// The resource's address.
    public var address: ResourceAddress { site.address(type, name) }

    /// A reference to one of its attributes (`log.attribute("arn")`).
    public func attribute(_ name: String) -> AttributeValue { .reference(ResourceReference(address, name)) }

    public func expand(in context: SynthesisContext) {
        let location = site.location
        let validType =
            type.hasPrefix("aws_") && type.count > 4 && type.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" }
        let validName = !name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
        guard validType, validName else {
            context.error(
                "resource '\(type).\(name)' has an invalid \(validType ? "name" : "type")",
                hint: validType
                    ? "use letters, digits, '_' or '-' in names"
                    : "types are aws_* in lowercase, e.g. aws_cloudwatch_log_group",
                at: location)
            return
        }
        let region = context.region(region, at: location)
        context.emit(
            context.resource(
                address, region: region, attributes: attributes, options: options, at: location, taggable: taggable))
    }
}
