import FleetformModel

/// Attributes that are sets of things the API manages one call per element (a security group's
/// rules, a role's inline and attached policies): code that makes the cloud match the declaration,
/// reads them back, and removes them before the resource is deleted. The one place a declaration
/// holds code rather than data.
struct ResourceCompanion: Sendable {
    /// What the companion code works with.
    struct Context: Sendable {
        var client: AWSClient
        var type: String
        var region: String
        /// The resource as read from the cloud (nil right after create, when `readsBackAfterCreate`
        /// is false: nothing is attached yet).
        var current: ResourceState?
        /// The resource's id.
        var id: String
        /// The declaration.
        var declared: [String: AttributeValue]
    }

    /// What a companion's read works with: the describe item and the resource with its prior values.
    struct ReadContext: Sendable {
        var client: AWSClient
        var type: String
        var region: String
        var item: ResponseNode
        var resource: ResourceState
    }

    /// The attributes the companion owns.
    var attributes: [String]
    /// Whether the write needs the resource read back after create (a new security group already
    /// has AWS's default egress rule).
    var readsBackAfterCreate: Bool
    /// Makes the cloud match the declaration.
    var write: @Sendable (Context) async throws -> Void
    /// The owned attributes as the cloud has them.
    var read: @Sendable (ReadContext) async throws -> [String: AttributeValue]
    /// Removes what would stop the delete (a role's policies); nil: nothing to remove.
    var removeBeforeDelete: (@Sendable (Context) async throws -> Void)?
}
