import FleetformModel

extension DeclaredResourceHandler {
    /// Runs the update steps whose trigger fires, brings the companions and the tags to the
    /// declaration, then reads the resource back (waiting for its ready status where declared).
    func update(_ prior: ResourceState, to request: ResourceRequest, changed: [String]) async throws -> ResourceState {
        let base = declaration.updateReadsCurrent ? try await existing(prior) : prior
        let changed = Set(changed)
        for step in declaration.updates {
            let triggered = triggered(step, request: request, base: base, changed: changed)
            guard !triggered.isEmpty else { continue }
            try await run(
                step, request: request, id: prior.id, current: base,
                only: step.onlyTriggeredMembers ? triggered : nil, triggered: triggered)
        }
        for companion in declaration.companions {
            try await companion.write(companionContext(id: prior.id, request: request, current: base))
        }
        if declaration.tags.isTaggable {
            try await writeTags(
                id: prior.id, old: base.allTagsMap, new: request.allTags, request: request, current: base)
        }
        return try await settle(prior, for: request)
    }

    /// The step's attributes that make it run.
    private func triggered(_ step: UpdateStep, request: ResourceRequest, base: ResourceState, changed: Set<String>)
        -> Set<String>
    {
        switch step.trigger {
        case .always: return Set(step.attributes)
        case .whenChanged: return changed.intersection(step.attributes)
        case .whenDiffers:
            return Set(
                step.attributes.filter { name in
                    let field = declaration.fields.first { $0.attribute == name }
                    guard
                        let desired = request.attributes[name].flatMap({ $0 == .null ? nil : $0 }) ?? field?.readDefault
                    else { return false }
                    return !Self.equivalent(desired, base.attributes[name] ?? field?.readDefault)
                })
        }
    }

    /// Runs a step's calls in order; `only` narrows the fields sent to the triggered attributes.
    func run(
        _ step: UpdateStep, request: ResourceRequest, id: String, current: ResourceState?, only: Set<String>?,
        triggered: Set<String>
    ) async throws {
        var context = try inputContext(request, id: id, current: current)
        context.triggered = triggered
        for call in step.calls {
            let input = try call.makeInput(context, fields: declaration.fields, only: only)
            if let member = call.onlyWith, input[member] == nil { continue }
            let response: ResponseNode
            do {
                response = try await client.call(call.operation, input, region: request.provider.region)
            } catch let error as AWSError where error.kind != .configuration {
                // A resend after a lost answer can fail on its own success (AddRoleToInstanceProfile:
                // LimitExceeded, the role already in): a one-call step whose attributes read back as
                // declared is done; anything else is the error it was.
                guard step.calls.count == 1, call.outputs.isEmpty,
                    try await settled(triggered, of: request, id: id, current: current)
                else { throw error }
                continue
            }
            for (name, path) in call.outputs {
                guard let value = response.string(path) else {
                    throw AWSError(
                        kind: .invalidResponse, service: call.operation.service, action: call.operation.action,
                        code: "MissingOutput", message: "no \(path) in the answer")
                }
                context.outputs[name] = value
            }
        }
    }

    /// Whether the resource, read now, holds the declared value of every attribute in `names`.
    private func settled(_ names: Set<String>, of request: ResourceRequest, id: String, current: ResourceState?)
        async throws -> Bool
    {
        let probe = ResourceState(
            address: request.address, provider: request.provider, id: id, attributes: current?.attributes ?? [:])
        guard let fresh = try await readOne(probe) else { return false }
        let declared = names.allSatisfy { name in request.attributes[name].map { $0 != .null } ?? false }
        return declared && unsettled(names, of: request, in: fresh).isEmpty
    }

    /// The attributes among `names` with a declared (non-null) value that `state` does not hold.
    func unsettled(_ names: some Sequence<String>, of request: ResourceRequest, in state: ResourceState) -> [String] {
        names.filter { name in
            guard let desired = request.attributes[name], desired != .null else { return false }
            return !Self.equivalent(desired, state.attributes[name])
        }.sorted()
    }

    /// Brings the resource's tags from `old` to `new`: removes what is gone, then writes what is
    /// new or changed.
    func writeTags(
        id: String, old: [String: String], new: [String: String], request: ResourceRequest, current: ResourceState?
    )
        async throws
    {
        let tags = declaration.tags
        var context = try inputContext(request, id: id, current: current)
        let removed = old.keys.filter { new[$0] == nil }.sorted()
        if !removed.isEmpty, let remove = tags.remove {
            context.tagKeys = removed
            _ = try await client.call(
                remove.operation, try remove.makeInput(context, fields: declaration.fields),
                region: request.provider.region)
        }
        let changed = new.filter { old[$0.key] != $0.value }
        if !changed.isEmpty, let add = tags.add {
            context.tagKeys = []
            context.tags = changed
            _ = try await client.call(
                add.operation, try add.makeInput(context, fields: declaration.fields), region: request.provider.region)
        }
    }
}
