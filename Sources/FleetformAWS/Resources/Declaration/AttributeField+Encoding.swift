import FleetformModel

extension AttributeField {
    /// Adds this field's member to `input` from the declared `attributes`; nothing when the field
    /// has no wire name or the declaration (and the default) leave it out. `owner` names the type
    /// (or block) in errors.
    func write(from attributes: [String: AttributeValue], into input: inout [String: AttributeValue], owner: String)
        throws
    {
        guard let wire, let value = try encode(attributes[attribute], owner: owner) else { return }
        if case .inlineBlock = kind {
            for (member, inner) in value.mapValue ?? [:] { input[member] = inner }
            return
        }
        Self.set(value, at: wire, in: &input)
    }

    /// The wire value for a declared value; nil when nothing is to be sent. Throws when a required
    /// attribute has no usable value.
    func encode(_ declared: AttributeValue?, owner: String) throws -> AttributeValue? {
        let value = declared.flatMap { $0 == .null ? nil : $0 } ?? requestDefault
        let encoded = try value.flatMap { try encodeValue($0, owner: owner) }
        if isRequired, encoded == nil || encoded == .string("") {
            throw AWSError.invalidAttribute(owner, attribute, expected: expectation)
        }
        return encoded
    }

    private func encodeValue(_ value: AttributeValue, owner: String) throws -> AttributeValue? {
        switch kind {
        case .string, .policyDocument:
            switch value {
            case .string: return value
            case .number(let number): return .string(AttributeValue.format(number))
            case .bool(let flag): return .string(flag ? "true" : "false")
            default: return nil
            }
        case .integer:
            let number = value.numberValue ?? value.stringValue.flatMap(Double.init)
            return number.flatMap { $0.rounded() == $0 ? .number($0) : nil }
        case .number:
            return (value.numberValue ?? value.stringValue.flatMap(Double.init)).map { .number($0) }
        case .boolean:
            if let flag = value.boolValue { return .bool(flag) }
            return value.stringValue.flatMap { $0 == "true" ? .bool(true) : $0 == "false" ? .bool(false) : nil }
        case .strings, .plucked:
            let list = value.listValue?.compactMap(\.stringValue) ?? []
            return list.isEmpty ? nil : .strings(list)
        case .wrapped(let member):
            guard let text = value.stringValue, !text.isEmpty else { return nil }
            return .list([.map([member: .string(text)])])
        case .flag(let whenTrue, let whenFalse):
            let flag =
                value.boolValue ?? value.stringValue.flatMap { $0 == "true" ? true : $0 == "false" ? false : nil }
            return flag.map { .string($0 ? whenTrue : whenFalse) }
        case .inlineBlock(let fields):
            return try Self.encodeBlock(
                value.mapValue ?? value.listValue?.first?.mapValue, fields, owner: owner + "." + attribute)
        case .joined(let separator, _):
            let list = value.listValue?.compactMap(\.stringValue) ?? []
            return list.isEmpty ? nil : .string(list.joined(separator: separator))
        case .stringMap:
            let map = (value.mapValue ?? [:]).compactMapValues { entry -> AttributeValue? in
                entry.stringValue.map { .string($0) } ?? entry.numberValue.map { .string(AttributeValue.format($0)) }
            }
            return map.isEmpty ? nil : .map(map)
        case .pairMap(let key, let valueName):
            let pairs = (value.mapValue ?? [:]).sorted { $0.key < $1.key }.compactMap {
                name, entry -> AttributeValue? in
                guard let text = entry.stringValue ?? entry.numberValue.map(AttributeValue.format) else { return nil }
                return .map([key: .string(name), valueName: .string(text)])
            }
            return pairs.isEmpty ? nil : .list(pairs)
        case .block(let fields):
            return try Self.encodeBlock(
                value.mapValue ?? value.listValue?.first?.mapValue, fields, owner: owner + "." + attribute)
        case .listedBlock(let fields):
            return try Self.encodeBlock(
                value.mapValue ?? value.listValue?.first?.mapValue, fields, owner: owner + "." + attribute
            )
            .map { .list([$0]) }
        case .blocks(let fields):
            let maps = value.mapValue.map { [$0] } ?? value.listValue?.compactMap(\.mapValue) ?? []
            let encoded = try maps.map { try Self.encodeBlock($0, fields, owner: owner + "." + attribute) ?? .map([:]) }
            return encoded.isEmpty ? nil : .list(encoded)
        case .arn:
            return nil
        }
    }

    private static func encodeBlock(_ map: [String: AttributeValue]?, _ fields: [AttributeField], owner: String) throws
        -> AttributeValue?
    {
        guard let map else { return nil }
        var members: [String: AttributeValue] = [:]
        for field in fields { try field.write(from: map, into: &members, owner: owner) }
        return members.isEmpty ? nil : .map(members)
    }

    /// What an error says the attribute must be.
    private var expectation: String {
        switch kind {
        case .string, .policyDocument, .arn, .wrapped: return "a non-empty string"
        case .integer: return "a whole number"
        case .number: return "a number"
        case .boolean, .flag: return "true or false"
        case .strings, .joined, .plucked: return "a non-empty list of strings"
        case .stringMap, .pairMap: return "a map of strings"
        case .block, .listedBlock, .inlineBlock: return "a block"
        case .blocks: return "a list of blocks"
        }
    }

    /// Puts `value` at the dot-separated member `path` of `map`, making the structures on the way.
    static func set(_ value: AttributeValue, at path: String, in map: inout [String: AttributeValue]) {
        guard let dot = path.firstIndex(of: ".") else {
            map[path] = value
            return
        }
        let head = String(path[..<dot])
        var inner = map[head]?.mapValue ?? [:]
        set(value, at: String(path[path.index(after: dot)...]), in: &inner)
        map[head] = .map(inner)
    }
}
