import FleetformModel

/// How a service names response members relative to request members.
enum ResponseNaming: Sendable {
    /// The response uses the request's names (AWS query, JSON, REST-JSON).
    case asSent
    /// EC2 answers in lower camel case: `CidrBlock` is read back at `cidrBlock`.
    case lowerCamel

    /// The read path for a dot-separated wire member path.
    func path(forWire wire: String) -> String {
        switch self {
        case .asSent: return wire.replacing(".", with: "/")
        case .lowerCamel:
            return wire.split(separator: ".").map { $0.prefix(1).lowercased() + $0.dropFirst() }.joined(separator: "/")
        }
    }
}

/// What a field reads from: the describe item, the answers of per-item reads, the resource.
struct FieldReadContext {
    var itemReads: [String: ResponseNode]
    var resource: ResourceState
    var idParts: [String]
    var region: String
    var naming: ResponseNaming
}

extension AttributeField {
    /// The attribute's value in `node` (the describe item, or the enclosing block's node); nil
    /// when the API reports nothing and there is no read default. `prior` is the value the state
    /// (or declaration) holds, kept where the cloud reports the same thing in another form.
    func read(in node: ResponseNode, _ context: FieldReadContext, prior: AttributeValue?) -> AttributeValue? {
        if case .prior = read { return prior ?? readDefault }
        if case .inlineBlock(let fields) = kind {
            let priorBlock = prior?.mapValue ?? prior?.listValue?.first?.mapValue
            let block = Self.decodeBlock(node, fields, context, prior: priorBlock)
            // Declared as a one-block list (Terraform's form): read back the same way.
            return block.map { prior?.listValue != nil ? .list([$0]) : $0 } ?? readDefault
        }
        return decode(source(in: node, context), in: node, context, prior: prior) ?? readDefault
    }

    private func source(in node: ResponseNode, _ context: FieldReadContext) -> ResponseNode? {
        switch read {
        case .none, .prior: return nil
        case .path(let path): return node.node(path)
        case .firstOf(let paths): return paths.lazy.compactMap { node.node($0) }.first
        case .wireName: return wire.flatMap { node.node(context.naming.path(forWire: $0)) }
        case .itemRead(let name, let path): return context.itemReads[name]?.node(path)
        case .id: return .json(.string(context.resource.id))
        case .idPart(let index):
            return context.idParts.indices.contains(index) ? .json(.string(context.idParts[index])) : nil
        }
    }

    private func decode(
        _ found: ResponseNode?, in item: ResponseNode, _ context: FieldReadContext, prior: AttributeValue?
    )
        -> AttributeValue?
    {
        switch kind {
        case .string:
            guard let text = found?.text, !(emptyIsUnset && text.isEmpty) else { return nil }
            return .string(text)
        case .integer, .number:
            return .number(text: found?.text)
        case .boolean:
            return found?.text.flatMap { $0 == "true" ? .bool(true) : $0 == "false" ? .bool(false) : nil }
        case .strings(let unordered):
            guard let found else { return nil }
            let list = found.elements.compactMap(\.text)
            return unordered ? .strings(list, orderedLike: prior) : .strings(list)
        case .plucked(let element):
            guard let found else { return nil }
            return .strings(found.elements.compactMap { $0.string(element) }, orderedLike: prior)
        case .wrapped(let member):
            return found?.elements.first?.string(member).map { .string($0) }
        case .flag(let whenTrue, let whenFalse):
            return found?.text.flatMap { $0 == whenTrue ? .bool(true) : $0 == whenFalse ? .bool(false) : nil }
        case .inlineBlock:
            return nil
        case .joined(let separator, let unordered):
            let list = (found?.text ?? "").split(separator: Character(separator)).map(String.init)
            return unordered ? .strings(list, orderedLike: prior) : .strings(list)
        case .stringMap:
            guard let map = found?.json?.mapValue else { return nil }
            return .map(map.filter { $0.value.stringValue != nil })
        case .pairMap(let key, let value):
            guard let found else { return nil }
            var map: [String: AttributeValue] = [:]
            for element in found.elements {
                if let name = element.string(key), let text = element.string(value) { map[name] = .string(text) }
            }
            return .map(map)
        case .policyDocument:
            return found?.text.map { .string(PolicyDocument.preferring(prior?.stringValue, over: $0)) }
        case .block(let fields), .listedBlock(let fields):
            guard let found else { return nil }
            let priorBlock = prior?.mapValue ?? prior?.listValue?.first?.mapValue
            let block = Self.decodeBlock(found, fields, context, prior: priorBlock)
            // Declared as a one-block list (Terraform's shape for a nested block): read back the same way.
            return block.map { prior?.listValue != nil ? .list([$0]) : $0 }
        case .blocks(let fields):
            guard let found else { return nil }
            let priors = prior?.listValue ?? prior.map { [$0] } ?? []
            return .list(
                found.elements.enumerated().map { index, element in
                    let prior = priors.indices.contains(index) ? priors[index].mapValue : nil
                    return Self.decodeBlock(element, fields, context, prior: prior) ?? .map([:])
                })
        case .arn(let template):
            if let text = found?.text, !text.isEmpty { return .string(text) }
            return .string(Self.format(template, item: item, context))
        }
    }

    private static func decodeBlock(
        _ node: ResponseNode, _ fields: [AttributeField], _ context: FieldReadContext, prior: [String: AttributeValue]?
    ) -> AttributeValue? {
        var map: [String: AttributeValue] = [:]
        for field in fields {
            map[field.attribute] = field.read(in: node, context, prior: prior?[field.attribute])
        }
        return map.isEmpty ? nil : .map(map)
    }

    /// `template` with `{region}`, `{id}` and `{path}` (read from the item) filled in.
    static func format(_ template: String, item: ResponseNode, _ context: FieldReadContext) -> String {
        var result = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            result += rest[..<open]
            let name = String(rest[rest.index(after: open)..<close])
            switch name {
            case "region": result += context.region
            case "id": result += context.resource.id
            default: result += item.string(name) ?? ""
            }
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }
}
