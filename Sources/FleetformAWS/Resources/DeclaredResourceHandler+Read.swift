import FleetformModel

extension DeclaredResourceHandler {
    /// Reads resources with the declared strategy (in bulk where the API allows), then maps each
    /// item to attributes: tags, fields (with per-item reads), companions.
    func read(_ resources: [ResourceState], region: String) async throws -> [ResourceAddress: ResourceState?] {
        let found = try await fetch(resources, region: region)
        let tagNodes = try await bulkTags(ids: found.keys.sorted(), region: region)
        return try await assemble(resources, found: found) { resource, item in
            try await attributes(of: item, resource: resource, region: region, tagNode: tagNodes[resource.id])
        }
    }

    /// The answers of a bulk tag read (`TagReadCall.bulk`) by resource id; empty for other types.
    private func bulkTags(ids: [String], region: String) async throws -> [String: ResponseNode] {
        guard case .bulk(let call, let parameter, let chunk, let items, let idElement) = declaration.tags.readCall
        else { return [:] }
        var found: [String: ResponseNode] = [:]
        for start in stride(from: 0, to: ids.count, by: chunk) {
            var input = try call.makeInput(emptyContext, fields: declaration.fields)
            input[parameter] = .strings(Array(ids[start..<min(start + chunk, ids.count)]))
            for page in try await client.callPages(call.operation, input, region: region) {
                for item in page.list(items) { if let id = item.string(idElement) { found[id] = item } }
            }
        }
        return found
    }

    /// The cloud's items by resource id.
    func fetch(_ resources: [ResourceState], region: String) async throws -> [String: ResponseNode] {
        let ids = resources.map(\.id)
        switch declaration.read {
        case .ec2Filter(let action, let filter, let set, let idElement):
            let items = try await EC2Support.describe(
                client, action, filter: filter, ids: ids, setName: set, region: region)
            return EC2Support.index(items, by: idElement).mapValues(ResponseNode.xml)
        case .ec2IdList(let action, let parameter, let set, let idElement):
            return try await EC2Support.describe(
                client, action, idParameter: parameter, ids: ids, setName: set, idElement: idElement, region: region
            ).mapValues(ResponseNode.xml)
        case .ec2Nested(let action, let filter, let byIDPart, let set, let children, let key):
            let values = try Set(ids.map { id in try byIDPart.map { try declaration.idParts(id)[$0] } ?? id })
            let parents = try await EC2Support.describe(
                client, action, filter: filter, ids: Array(values), setName: set, region: region)
            var found: [String: ResponseNode] = [:]
            for parent in parents {
                for child in parent.list(children) {
                    if let id = key.key(parent: parent, child: child) { found[id] = .xml(child) }
                }
            }
            return found
        case .names(let call, let parameter, let chunk, let items, let idElement):
            var found: [String: ResponseNode] = [:]
            let unique = Array(Set(ids)).sorted()
            func ask(_ names: [String]) async throws {
                var input = try call.makeInput(emptyContext, fields: declaration.fields)
                input[parameter] = .strings(names)
                for page in try await client.callPages(call.operation, input, region: region) {
                    for item in page.list(items) { if let name = item.string(idElement) { found[name] = item } }
                }
            }
            for start in stride(from: 0, to: unique.count, by: chunk) {
                let names = Array(unique[start..<min(start + chunk, unique.count)])
                do {
                    try await ask(names)
                } catch let error as AWSError where error.isNotFound && names.count > 1 {
                    // One unknown name fails the whole call (ECR, FSx, ELBv2): ask name by name.
                    for name in names {
                        do { try await ask([name]) } catch let error as AWSError where error.isNotFound { continue }
                    }
                } catch let error as AWSError where error.isNotFound {
                    continue
                }
            }
            return found
        case .all(let call, let items, let idElement):
            var found: [String: ResponseNode] = [:]
            let input = try call.makeInput(emptyContext, fields: declaration.fields)
            for page in try await client.callPages(call.operation, input, region: region) {
                for item in page.list(items) { if let id = item.string(idElement) { found[id] = item } }
            }
            return found
        case .each(let call, let itemPath):
            var found: [String: ResponseNode] = [:]
            for resource in resources {
                do {
                    let input = try call.makeInput(try context(for: resource), fields: declaration.fields)
                    found[resource.id] = try await client.call(call.operation, input, region: region).node(itemPath)
                } catch let error as AWSError where error.isNotFound {
                    continue
                }
            }
            return found
        case .perParent(let call, let parameter, let items, let idElement):
            var byParent: [String: [(id: String, child: String)]] = [:]
            for resource in resources {
                let parts = try declaration.idParts(resource.id)
                byParent[parts[0], default: []].append((resource.id, parts[parts.count - 1]))
            }
            var found: [String: ResponseNode] = [:]
            for (parent, children) in byParent.sorted(by: { $0.key < $1.key }) {
                var context = emptyContext
                context.idParts = [parent]
                var input = try call.makeInput(context, fields: declaration.fields)
                if let parameter { input[parameter] = .strings(children.map(\.child)) }
                var byName: [String: ResponseNode] = [:]
                do {
                    for page in try await client.callPages(call.operation, input, region: region) {
                        for item in page.list(items) { if let name = item.string(idElement) { byName[name] = item } }
                    }
                } catch let error as AWSError where error.isNotFound {
                    // The parent is gone, and its children with it.
                }
                for (id, child) in children { found[id] = byName[child] }
            }
            return found
        case .custom:
            throw AWSError.configuration("\(type) reads through its own handler")
        }
    }

    /// The attributes an item stands for; nil when the item counts as gone.
    private func attributes(of item: ResponseNode, resource: ResourceState, region: String, tagNode: ResponseNode?)
        async throws -> [String: AttributeValue]?
    {
        if let gone = declaration.gone, gone.holds(for: item) { return nil }
        var itemReads: [String: ResponseNode] = [:]
        for itemRead in declaration.itemReads {
            var context = try context(for: resource)
            context.item = item
            let input = try itemRead.call.makeInput(context, fields: declaration.fields)
            itemReads[itemRead.name] = try await client.call(itemRead.call.operation, input, region: region)
                .node(itemRead.path)
        }
        var attributes: [String: AttributeValue] = [:]
        if let (path, encoding) = declaration.tags.read {
            let holder: ResponseNode?
            switch declaration.tags.readCall {
            case nil: holder = item
            case .itemRead(let name): holder = itemReads[name]
            case .bulk: holder = tagNode
            }
            switch declaration.tags.shape {
            case .map: attributes = EC2Support.tagAttributes(Self.tags(holder?.node(path), encoding))
            case .blocks: attributes = ["tag": Self.tagBlocks(holder?.node(path), encoding)]
            }
        }
        let fieldContext = FieldReadContext(
            itemReads: itemReads, resource: resource, idParts: try declaration.idParts(resource.id), region: region,
            naming: declaration.naming)
        for field in declaration.fields {
            attributes[field.attribute] = field.read(
                in: item, fieldContext, prior: resource.attributes[field.attribute])
        }
        for companion in declaration.companions {
            let read = try await companion.read(
                ResourceCompanion.ReadContext(
                    client: client, type: type, region: region, item: item, resource: resource))
            attributes.merge(read) { _, companion in companion }
        }
        return attributes
    }

    var emptyContext: InputContext {
        InputContext(type: type, declared: [:], id: nil, idParts: [], token: "", current: nil, outputs: [:])
    }

    private func context(for resource: ResourceState) throws -> InputContext {
        InputContext(
            type: type, declared: resource.attributes, id: resource.id, idParts: try declaration.idParts(resource.id),
            token: "", current: resource, outputs: [:])
    }

    /// A tag list as `tag` blocks (`key`, `value`, `propagate_at_launch`), sorted by key.
    static func tagBlocks(_ node: ResponseNode?, _ encoding: TagEncoding) -> AttributeValue {
        guard case .pairs(let key, let value, _) = encoding else { return .list([]) }
        let blocks: [(String, AttributeValue)] = (node?.elements ?? []).compactMap { element in
            guard let name = element.string(key) else { return nil }
            return (
                name,
                [
                    "key": .string(name), "value": .string(element.string(value) ?? ""),
                    "propagate_at_launch": .bool(element.string("PropagateAtLaunch") == "true"),
                ]
            )
        }
        return .list(blocks.sorted { $0.0 < $1.0 }.map(\.1))
    }

    /// The `key → value` pairs of a tag list or map.
    static func tags(_ node: ResponseNode?, _ encoding: TagEncoding) -> [String: String] {
        guard let node else { return [:] }
        switch encoding {
        case .map:
            return (node.json?.mapValue ?? [:]).compactMapValues(\.stringValue)
        case .pairs(let key, let value, _):
            var tags: [String: String] = [:]
            for element in node.elements {
                if let name = element.string(key) { tags[name] = element.string(value) ?? "" }
            }
            return tags
        }
    }
}
