/// A resource found in the cloud by its tags rather than through a state: what an orphan sweep
/// works on.
public struct CloudResource: Hashable, Sendable {
    /// The Terraform type name (`aws_vpc`).
    public var type: String
    /// The cloud id, in the form the provider's handlers use (`vpc-0a1b…`, a bucket or group name).
    public var id: String
    /// The region it lives in (`us-east-1`; IAM roles report the region they were listed from).
    public var region: String
    /// Every tag on it.
    public var tags: [String: String]
    /// When the cloud says it was created (RFC 3339), when the API reports it.
    public var createdAt: String?

    /// A found resource.
    public init(type: String, id: String, region: String, tags: [String: String], createdAt: String? = nil) {
        self.type = type
        self.id = id
        self.region = region
        self.tags = tags
        self.createdAt = createdAt
    }

    /// The stack named by its `fleetform:stack` tag.
    public var stack: String? { tags[OwnershipTags.stack] }
    /// The environment named by its `fleetform:env` tag.
    public var environment: String? { tags[OwnershipTags.environment] }
    /// The address named by its `fleetform:address` tag.
    public var address: ResourceAddress? { tags[OwnershipTags.address].flatMap(ResourceAddress.init(parsing:)) }
}
