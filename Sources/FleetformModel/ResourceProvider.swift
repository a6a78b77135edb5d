/// A declared resource with every reference resolved to a concrete value, ready to send to a
/// cloud API, plus what the executor adds: identifying tags and an idempotency token.
public struct ResourceRequest: Hashable, Sendable {
    public var address: ResourceAddress
    public var provider: ProviderConfig
    /// Attributes without references or unknowns.
    public var attributes: [String: AttributeValue]
    /// Tags every created resource carries (`fleetform:stack`, `fleetform:env`, `fleetform:address`,
    /// and `fleetform:expires-at` in ephemeral environments).
    public var ownershipTags: [String: String]
    /// A token unique to this create attempt; the provider sends it as the API's client token so a
    /// retried create never makes two resources, and finds the resource by it after a crash.
    public var idempotencyToken: String
    /// What the state record keeps from the declaration; never sent to the cloud. It travels with
    /// the request into the journal, so a create adopted after a crash keeps its dependencies
    /// (the order destroy deletes in) and its lifecycle flags.
    public var declared: DeclaredMetadata

    public init(
        address: ResourceAddress, provider: ProviderConfig, attributes: [String: AttributeValue],
        ownershipTags: [String: String], idempotencyToken: String, declared: DeclaredMetadata = DeclaredMetadata()
    ) {
        self.address = address
        self.provider = provider
        self.attributes = attributes
        self.ownershipTags = ownershipTags
        self.idempotencyToken = idempotencyToken
        self.declared = declared
    }

    public var type: String { address.type }
}

/// The one protocol through which the engine talks to a cloud. The engine never imports a
/// provider; the CLI wires one in.
public protocol ResourceProvider: SchemaSource {
    /// Creates the resource and returns its state (id and every attribute read back).
    func create(_ request: ResourceRequest) async throws -> ResourceState
    /// Reads the resources' current attributes in as few API calls as the API allows; a resource
    /// that no longer exists maps to nil.
    func read(_ resources: [ResourceState]) async throws -> [ResourceAddress: ResourceState?]
    /// Changes `changed` attributes in place and returns the new state.
    func update(_ prior: ResourceState, to request: ResourceRequest, changed: [String]) async throws -> ResourceState
    /// Deletes the resource; a resource that is already gone counts as deleted.
    func delete(_ resource: ResourceState) async throws
    /// Reads an existing resource by its cloud id so it can be adopted into state.
    func importResource(address: ResourceAddress, provider: ProviderConfig, id: String) async throws -> ResourceState
    /// Finds a resource made by an interrupted create (by idempotency token or ownership tags);
    /// nil when the create never happened.
    func findCreated(_ request: ResourceRequest) async throws -> ResourceState?
}
