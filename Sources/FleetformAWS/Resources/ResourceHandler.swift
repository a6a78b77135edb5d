import FleetformModel

/// The create / read / update / delete / import logic of one resource type. `AWSProvider`
/// dispatches to one handler per type; handlers share an `AWSClient`.
protocol ResourceHandler: Sendable {
    /// The Terraform type name (`aws_vpc`).
    var type: String { get }
    /// The client and waiter the handler works with.
    var context: HandlerContext { get }
    /// Creates the resource and returns its state as read back.
    func create(_ request: ResourceRequest) async throws -> ResourceState
    /// Reads many resources of this type in one region with a constant number of paged calls
    /// where the API allows; a missing resource maps to nil.
    func read(_ resources: [ResourceState], region: String) async throws -> [ResourceAddress: ResourceState?]
    /// Changes `changed` attributes in place.
    func update(_ prior: ResourceState, to request: ResourceRequest, changed: [String]) async throws -> ResourceState
    /// Deletes; already gone counts as deleted.
    func delete(_ resource: ResourceState) async throws
    /// Reads a resource by its cloud id.
    func importResource(address: ResourceAddress, provider: ProviderConfig, id: String) async throws -> ResourceState
    /// Finds the resource an interrupted create made (by client token or ownership tags).
    func findCreated(_ request: ResourceRequest) async throws -> ResourceState?
}

/// Shared plumbing of the handlers.
struct HandlerContext: Sendable {
    let client: AWSClient
    let waiter: Waiter
}

extension ResourceHandler {
    /// Builds a state from cloud attributes, keeping the prior entry's bookkeeping.
    func state(
        address: ResourceAddress, provider: ProviderConfig, id: String, attributes: [String: AttributeValue],
        prior: ResourceState? = nil
    ) -> ResourceState {
        var attributes = attributes
        attributes["id"] = .string(id)
        var state = prior ?? ResourceState(address: address, provider: provider, id: id, attributes: [:])
        state.id = id
        state.attributes = attributes
        return state
    }

    /// Reads one resource with the bulk read; nil when it does not exist.
    func readOne(_ resource: ResourceState) async throws -> ResourceState? {
        let result = try await read([resource], region: resource.provider.region)
        return result[resource.address] ?? nil
    }

    /// `importResource` for handlers whose read needs only the id.
    func importByRead(address: ResourceAddress, provider: ProviderConfig, id: String) async throws -> ResourceState {
        let placeholder = ResourceState(address: address, provider: provider, id: id, attributes: [:])
        guard let found = try await readOne(placeholder) else {
            throw AWSError.configuration(
                "\(type) '\(id)' does not exist in \(provider.region); check the id and region")
        }
        return found
    }

    /// Reads back a just-written resource, waiting while the API is eventually consistent. The
    /// request's attributes stand in as the prior values, so where the cloud reports the same
    /// thing in another form (rule grouping, list order, policy formatting) the declared form is kept.
    func readAfterWrite(_ base: ResourceState, for request: ResourceRequest, waiter: Waiter) async throws
        -> ResourceState
    {
        var placeholder = base
        placeholder.attributes = request.attributes
        return try await waiter.waitFor("\(type) \(placeholder.id) to be readable") { try await readOne(placeholder) }
    }
}

extension ResourceHandler {
    /// Runs a create the API cannot make idempotent (no client token, or one the emulator
    /// ignores): when the answer is lost, looks the resource up by its ownership tags and resends
    /// only if nothing was made, at most `attempts` times.
    func createResolvingAmbiguity(
        _ request: ResourceRequest, attempts: Int = 3, create: () async throws -> ResourceState
    ) async throws -> ResourceState {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await create()
            } catch let error as AWSError where error.kind == .transport {
                if let made = try await findCreated(request) { return made }
                if attempt >= attempts { throw error }
            }
        }
    }
}

extension ResourceHandler {
    /// Reads the resource `request` would have made under the unique name `id`, and returns it only
    /// if it carries the request's `fleetform:address` tag (a same-named resource of someone else's
    /// is not ours to adopt).
    func findOwned(_ request: ResourceRequest, id: String) async throws -> ResourceState? {
        var placeholder = ResourceState(address: request.address, provider: request.provider, id: id, attributes: [:])
        placeholder.attributes = request.attributes
        guard let found = try await readOne(placeholder) else { return nil }
        let owner = request.ownershipTags[OwnershipTags.address]
        return owner == nil || found.allTagsMap[OwnershipTags.address] == owner ? found : nil
    }
}

extension ResourceHandler {
    /// Reads by id: every handler's import.
    func importResource(address: ResourceAddress, provider: ProviderConfig, id: String) async throws -> ResourceState {
        try await importByRead(address: address, provider: provider, id: id)
    }

    /// States for `resources` from what one bulk call found, keyed by id: an id not found, or one
    /// whose `attributes` are nil (deleted, deleting), maps to nil.
    func assemble<Item>(
        _ resources: [ResourceState], found: [String: Item],
        _ attributes: (ResourceState, Item) async throws -> [String: AttributeValue]?
    ) async rethrows -> [ResourceAddress: ResourceState?] {
        var result: [ResourceAddress: ResourceState?] = [:]
        for resource in resources {
            guard let item = found[resource.id], var values = try await attributes(resource, item) else {
                result[resource.address] = .some(nil)
                continue
            }
            if let all = values["tags_all"]?.mapValue {
                values["tags"] = EC2Support.declaredTags(all, prior: resource.attributes["tags"])
            }
            result[resource.address] = state(
                address: resource.address, provider: resource.provider, id: resource.id, attributes: values,
                prior: resource)
        }
        return result
    }

    /// Reads resources one call each, for APIs without a bulk read: `fetch` returns the cloud's
    /// record (nil or a "not found" error = gone), `attributes` turns it into attributes.
    func readEach<Item: Sendable>(
        _ resources: [ResourceState], fetch: (ResourceState) async throws -> Item?,
        _ attributes: (ResourceState, Item) async throws -> [String: AttributeValue]?
    ) async throws -> [ResourceAddress: ResourceState?] {
        var found: [String: Item] = [:]
        for resource in resources {
            do {
                found[resource.id] = try await fetch(resource)
            } catch let error as AWSError where error.isNotFound {
                continue
            }
        }
        return try await assemble(resources, found: found, attributes)
    }

    /// The resource as it is now, for an update that must diff against the cloud; an error that
    /// says to refresh when it is gone.
    func existing(_ prior: ResourceState) async throws -> ResourceState {
        guard let current = try await readOne(prior) else {
            throw AWSError.configuration(
                "\(prior.address): \(type) \(prior.id) no longer exists; run a refresh to drop it from the state")
        }
        return current
    }

    /// Runs a delete call, then waits until a read no longer finds the resource.
    func deleteAndWait(_ resource: ResourceState, _ call: () async throws -> Void) async throws {
        guard try await AWSError.removeIfPresent(call) else { return }
        try await context.waiter.waitUntil("\(type) \(resource.id) to be deleted") {
            try await readOne(resource) == nil
        }
    }
}
