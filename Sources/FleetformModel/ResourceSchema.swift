/// What the planner needs to know about a resource type: which attributes the API cannot change
/// in place, which ones the cloud computes, and which one, when true, makes the cloud refuse a
/// delete.
public struct ResourceSchema: Hashable, Sendable {
    public var type: String
    /// Attributes whose change forces a replacement.
    public var forceNew: Set<String>
    /// Attributes the cloud sets (`id`, `arn`, …): unknown until the resource exists.
    public var computed: [String]
    /// Attributes masked in output.
    public var sensitive: Set<String>
    /// A boolean attribute that, while true, makes the cloud refuse to delete the resource (a load
    /// balancer's `enable_deletion_protection`): the planner refuses a plan that would delete or
    /// replace a resource the state records with it on.
    public var deletionGuard: String?

    public init(
        type: String, forceNew: Set<String> = [], computed: [String] = ["id"], sensitive: Set<String> = [],
        deletionGuard: String? = nil
    ) {
        self.type = type
        self.forceNew = forceNew
        self.computed = computed
        self.sensitive = sensitive
        self.deletionGuard = deletionGuard
    }

    /// The schema assumed for a type nobody describes: everything updatable in place, `id` computed.
    public static func fallback(for type: String) -> ResourceSchema { ResourceSchema(type: type) }
}

/// A lookup of schemas by resource type.
public protocol SchemaSource: Sendable {
    /// The schema of `type`, or nil when the type is unknown.
    func schema(for type: String) -> ResourceSchema?
}

/// Schemas held in a dictionary.
public struct SchemaTable: SchemaSource {
    public var schemas: [String: ResourceSchema]
    public init(_ schemas: [ResourceSchema]) {
        self.schemas = Dictionary(schemas.map { ($0.type, $0) }, uniquingKeysWith: { _, last in last })
    }
    public func schema(for type: String) -> ResourceSchema? { schemas[type] }
}
