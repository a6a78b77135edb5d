import FleetformModel

extension InputValue {
    /// The wire value in `context`; nil leaves the member out.
    func resolve(_ context: InputContext, fields: [AttributeField]) throws -> AttributeValue? {
        switch self {
        case .constant(let value): return value
        case .id: return context.id.map { .string($0) }
        case .idPart(let index): return context.idParts.indices.contains(index) ? .string(context.idParts[index]) : nil
        case .token: return .string(context.token)
        case .attribute(let name):
            guard let field = fields.first(where: { $0.attribute == name }) else { return context.declared[name] }
            return try field.encode(context.declared[name], owner: context.type)
        case .current(let name): return context.current?.attributes[name]
        case .output(let name): return context.outputs[name].map { .string($0) }
        case .item(let path): return context.item?.string(path).map { .string($0) }
        case .tags(let encoding):
            guard !context.tags.isEmpty else { return nil }
            return try Self.encode(context.tags, encoding, context, fields: fields)
        case .tagKeys(let encoding):
            guard !context.tagKeys.isEmpty else { return nil }
            switch encoding {
            case .strings: return .strings(context.tagKeys)
            case .pairs(let key, let extra):
                return .list(
                    try context.tagKeys.map { name in
                        var entry: [String: AttributeValue] = [key: .string(name)]
                        for (member, value) in extra { entry[member] = try value.resolve(context, fields: fields) }
                        return .map(entry)
                    })
            }
        case .tagSpecification(let resourceType):
            guard !context.tags.isEmpty else { return nil }
            return .list([
                .map([
                    "ResourceType": .string(resourceType),
                    "Tag": try Self.encode(context.tags, .pairs(), context, fields: fields),
                ])
            ])
        case .list(let element): return try element.resolve(context, fields: fields).map { .list([$0]) }
        case .computed(let compute): return try compute(context)
        }
    }

    private static func encode(
        _ tags: [String: String], _ encoding: TagEncoding, _ context: InputContext, fields: [AttributeField]
    ) throws -> AttributeValue {
        switch encoding {
        case .map: return .stringMap(tags)
        case .pairs(let key, let value, let extra):
            return .list(
                try tags.sorted(by: { $0.key < $1.key }).map { name, text in
                    var entry: [String: AttributeValue] = [key: .string(name), value: .string(text)]
                    for (member, value) in extra { entry[member] = try value.resolve(context, fields: fields) }
                    return .map(entry)
                })
        }
    }
}
