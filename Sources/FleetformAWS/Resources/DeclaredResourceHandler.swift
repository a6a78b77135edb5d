import FleetformModel

/// Carries out a `ResourceDeclaration`: the one handler behind every declared type. Create sends
/// the declared create call (tags inline or right after), runs the steps and companions that
/// finish a resource, adopts what an "already exists" answer points at when it is ours, and reads
/// the result back (waiting for a ready status where declared). Read, update and delete follow
/// `DeclaredResourceHandler+Read.swift` and `+Update.swift`.
struct DeclaredResourceHandler: ResourceHandler {
    let declaration: ResourceDeclaration
    let context: HandlerContext
    var type: String { declaration.type }
    var client: AWSClient { context.client }

    func create(_ request: ResourceRequest) async throws -> ResourceState {
        guard let create = declaration.create else {
            throw AWSError.configuration(
                "the AWS provider cannot create \(type) resources; import an existing one instead")
        }
        let created: ResourceState
        do {
            switch create.resend {
            case .blind: created = try await sendCreate(request, create.call, resend: true)
            case .afterLookup:
                created = try await createResolvingAmbiguity(request) {
                    try await sendCreate(request, create.call, resend: false)
                }
            }
        } catch let error as AWSError where declaration.adoption.alreadyExists.contains(error.code) {
            // A resend of a create whose answer was lost, or a clash of names: adopt it only if it is ours.
            guard let existing = try await findCreated(request) else { throw error }
            // Ours, from a create whose answer was lost: what the create goes on to do (a role
            // added to a profile, tags) may not be done yet. Bring it to the declaration.
            let changed = unsettled(request.attributes.keys.filter { $0 != "tags" }, of: request, in: existing)
            if changed.isEmpty && existing.allTagsMap == request.allTags { return existing }
            return try await update(existing, to: request, changed: changed)
        }
        try await finish(created, request)
        return try await settle(created, for: request)
    }

    /// Sends the create call (tags inline when the API takes them) and returns the new id.
    private func sendCreate(_ request: ResourceRequest, _ call: APICall, resend: Bool) async throws -> ResourceState {
        var context = try inputContext(request, id: try namedID(request))
        context.tags = request.allTags
        var input = try call.makeInput(context, fields: declaration.fields)
        if let inline = declaration.tags.inline,
            let tags = try inline.value.resolve(context, fields: declaration.fields)
        {
            AttributeField.set(tags, at: inline.member, in: &input)
        }
        let response = try await client.call(
            call.operation, input, region: request.provider.region, resendAfterTransportError: resend)
        let id: String
        switch declaration.identity {
        case .assigned(let path):
            guard let assigned = response.string(path), !assigned.isEmpty else {
                throw AWSError(
                    kind: .invalidResponse, service: call.operation.service, action: call.operation.action,
                    code: "MissingId", message: "no \(path) in the answer")
            }
            id = assigned
        case .named:
            id = context.id ?? ""
        }
        return ResourceState(address: request.address, provider: request.provider, id: id, attributes: [:])
    }

    /// What a new resource needs beyond its create call: tags the create could not carry, the
    /// attributes set by their own calls, and the companions.
    private func finish(_ created: ResourceState, _ request: ResourceRequest) async throws {
        if declaration.tags.inline == nil {
            try await writeTags(id: created.id, old: [:], new: request.allTags, request: request, current: nil)
        }
        for step in declaration.updates where step.afterCreate {
            let declared = step.attributes.filter { name in
                guard let value = request.attributes[name], value != .null else { return false }
                let readDefault = declaration.fields.first { $0.attribute == name }?.readDefault
                return readDefault.map { !Self.equivalent(value, $0) } ?? true
            }
            if !declared.isEmpty {
                try await run(step, request: request, id: created.id, current: nil, only: nil, triggered: Set(declared))
            }
        }
        guard !declaration.companions.isEmpty else { return }
        let current =
            declaration.companions.contains(where: \.readsBackAfterCreate)
            ? try await readAfterWrite(created, for: request, waiter: context.waiter) : nil
        for companion in declaration.companions {
            try await companion.write(companionContext(id: created.id, request: request, current: current))
        }
    }

    /// Reads a written resource back: when it reaches its ready status if the declaration waits,
    /// else as soon as the API shows it.
    func settle(_ base: ResourceState, for request: ResourceRequest) async throws -> ResourceState {
        guard let wait = declaration.wait else {
            return try await readAfterWrite(base, for: request, waiter: context.waiter)
        }
        var placeholder = base
        placeholder.attributes = request.attributes
        return try await context.waiter.waitFor("\(type) \(base.id) to become \(wait.ready)") {
            let status: String
            if let path = wait.path {
                let items = try await fetch([placeholder], region: placeholder.provider.region)
                guard let item = items[placeholder.id] else { return nil }
                status = item.string(path) ?? wait.ready
            } else {
                guard let found = try await readOne(placeholder) else { return nil }
                status = found.attributes[wait.attribute]?.stringValue ?? wait.ready
                if !wait.failed.contains(status), status == wait.ready { return found }
            }
            if wait.failed.contains(status) {
                throw AWSError(
                    kind: .service, service: declaration.service, code: status,
                    message: "\(type) \(base.id) is \(status); see its health issues in the "
                        + "\(declaration.service.rawValue.uppercased()) console, fix the cause (role, subnets, quotas), "
                        + "delete it and apply again")
            }
            return status == wait.ready ? try await readOne(placeholder) : nil
        }
    }

    func delete(_ resource: ResourceState) async throws {
        if declaration.deleteForgets { return }
        guard let delete = declaration.delete else {
            throw AWSError.configuration(
                "the AWS provider cannot delete \(type) resources; remove \(resource.id) by hand")
        }
        var resource = resource
        if delete.readFirst || resource.attributes.isEmpty {
            // An orphan (found by its tags, known by id only) is read first: the calls before its
            // delete need what it is attached to (an internet gateway's VPC, a profile's role).
            guard let found = try await readOne(resource) else { return }
            if resource.attributes.isEmpty { resource.attributes = found.attributes }
        }
        let region = resource.provider.region
        let context = { (state: ResourceState) in
            try InputContext(
                type: type, declared: state.attributes, id: state.id, idParts: declaration.idParts(state.id),
                token: "", current: state, outputs: [:])
        }
        let input = try context(resource)
        // Only the delete call's "not found" means the resource is gone. A step before it that
        // finds nothing (an inline policy or attachment another delete of the same run removed
        // first) has nothing left to do, and the delete still goes out.
        let send = {
            for companion in declaration.companions {
                try await AWSError.removeIfPresent {
                    try await companion.removeBeforeDelete?(
                        ResourceCompanion.Context(
                            client: client, type: type, region: region, current: resource, id: resource.id,
                            declared: resource.attributes))
                }
            }
            for (index, call) in (delete.before + [delete.call]).enumerated() {
                let members = try call.makeInput(input, fields: declaration.fields)
                if let member = call.onlyWith, members[member] == nil { continue }
                if index < delete.before.count {
                    do {
                        try await AWSError.removeIfPresent {
                            _ = try await client.call(call.operation, members, region: region)
                        }
                    } catch let error as AWSError where error.kind != .configuration {
                        // A detach resent after a lost answer finds nothing to detach
                        // (Gateway.NotAttached; moto answers 500): read again, and a step whose
                        // `onlyWith` member is gone now is done.
                        guard let member = call.onlyWith, let fresh = try await readOne(resource),
                            try call.makeInput(context(fresh), fields: declaration.fields)[member] == nil
                        else { throw error }
                    }
                } else {
                    _ = try await client.call(call.operation, members, region: region)
                }
            }
        }
        do {
            if delete.waitUntilGone {
                try await deleteAndWait(resource, send)
            } else {
                try await AWSError.removeIfPresent(send)
            }
        } catch let error as AWSError where error.kind == .transport || (error.statusCode ?? 0) >= 500 {
            // A delete whose answer was lost, resent to a service that no longer knows the id and
            // fails oddly (moto 5.2.1's FSx answers 500): gone is gone.
            if try await readOne(resource) == nil { return }
            throw error
        }
    }

    func findCreated(_ request: ResourceRequest) async throws -> ResourceState? {
        let region = request.provider.region
        switch declaration.adoption.lookup {
        case .ownershipTags:
            let action: String
            let set: String
            let idElement: String
            switch declaration.read {
            case .ec2Filter(let describe, _, let items, let id), .ec2IdList(let describe, _, let items, let id):
                (action, set, idElement) = (describe, items, id)
            default: return nil
            }
            let items = try await EC2Support.describe(
                client, action, taggedWith: request.ownershipTags, setName: set, region: region)
            let live = items.first { item in !(declaration.gone?.holds(for: .xml(item)) ?? false) }
            guard let id = live?.string(idElement) else { return nil }
            return try await findOwned(request, id: id)
        case .identity:
            guard let id = try? namedID(request) else { return nil }
            if declaration.tags.isTaggable { return try await findOwned(request, id: id) }
            var placeholder = ResourceState(
                address: request.address, provider: request.provider, id: id, attributes: [:])
            placeholder.attributes = request.attributes
            return try await readOne(placeholder)
        case .query(let call, let items, let idElement, let matching):
            let pages: [ResponseNode]
            do {
                pages = try await client.callPages(
                    call.operation, try call.makeInput(try inputContext(request, id: nil), fields: declaration.fields),
                    region: region)
            } catch let error as AWSError where error.isNotFound {
                return nil
            }
            let wanted = matching.flatMap { request.attributes[$0.attribute] }.map { value in
                value.stringValue ?? value.numberValue.map(AttributeValue.format) ?? ""
            }
            let item = pages.flatMap { $0.list(items) }.first { item in
                guard let matching, let wanted else { return true }
                return item.string(matching.element) == wanted
            }
            guard let id = item?.string(idElement) else { return nil }
            // Read with the request's attributes as the prior (tags split as declared) and only if
            // it carries our address tag: an empty prior left the tags out of state (fault tests).
            return try await findOwned(request, id: id)
        case .scan(let call, let items, let idElement):
            guard let (path, encoding) = declaration.tags.read, !request.ownershipTags.isEmpty else { return nil }
            let pages = try await client.callPages(
                call.operation, try call.makeInput(try inputContext(request, id: nil), fields: declaration.fields),
                region: region)
            let owned = pages.flatMap { $0.list(items) }.first { item in
                let tags = Self.tags(item.node(path), encoding)
                return request.ownershipTags.allSatisfy { tags[$0.key] == $0.value }
            }
            guard let id = owned?.string(idElement) else { return nil }
            return try await findOwned(request, id: id)
        case .none:
            return nil
        }
    }

    // MARK: - Inputs

    /// The id a named identity gives the request (nil for ids the cloud assigns).
    func namedID(_ request: ResourceRequest) throws -> String? {
        guard case .named(let names, let separator, _) = declaration.identity else { return nil }
        let reader = AttributeReader(request)
        return try names.map { try reader.requiredString($0) }.joined(separator: separator)
    }

    func inputContext(_ request: ResourceRequest, id: String?, current: ResourceState? = nil) throws -> InputContext {
        InputContext(
            type: type, declared: request.attributes, id: id, idParts: try id.map(declaration.idParts) ?? [],
            token: request.idempotencyToken, current: current, outputs: [:])
    }

    func companionContext(id: String, request: ResourceRequest, current: ResourceState?) -> ResourceCompanion.Context {
        ResourceCompanion.Context(
            client: client, type: type, region: request.provider.region, current: current, id: id,
            declared: request.attributes)
    }

    /// Whether a declared value and a state value mean the same (numbers may arrive as text).
    static func equivalent(_ a: AttributeValue, _ b: AttributeValue?) -> Bool {
        guard let b else { return false }
        if a == b { return true }
        let number = { (value: AttributeValue) in value.numberValue ?? value.stringValue.flatMap(Double.init) }
        if let x = number(a), let y = number(b) { return x == y }
        return false
    }
}
