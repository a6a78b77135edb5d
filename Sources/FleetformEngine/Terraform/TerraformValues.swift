import FleetformModel

/// Shapes attribute values the way a Terraform state holds them for a schema.
enum TerraformValues {
    /// `values` as a state object of `block`: every attribute of the schema (the value, else the
    /// default, else null), nothing the schema lacks, nested blocks as lists (or an object for
    /// single nesting), every value converted to its type.
    static func conform(
        _ values: [String: AttributeValue], to block: TerraformBlock, defaults: [String: AttributeValue] = [:]
    ) -> [String: AttributeValue] {
        var out: [String: AttributeValue] = [:]
        for (name, attribute) in block.attributes {
            let value = values[name].flatMap { $0 == .null ? nil : $0 } ?? defaults[name] ?? .null
            out[name] = convert(value, to: attribute.type)
        }
        for (name, nested) in block.blocks {
            let instances: [[String: AttributeValue]]
            switch values[name] {
            case .map(let map)? where nested.nesting == .map:
                out[name] = .map(map.mapValues { .map(conform($0.mapValue ?? [:], to: nested.block)) })
                continue
            case .map(let map)?: instances = [map]
            case .list(let list)?: instances = list.compactMap(\.mapValue)
            default: instances = []
            }
            let conformed = instances.map { AttributeValue.map(conform($0, to: nested.block)) }
            switch nested.nesting {
            case .single: out[name] = conformed.first ?? .null
            case .group: out[name] = conformed.first ?? .map(conform([:], to: nested.block))
            case .map: out[name] = .map([:])
            case .list, .set: out[name] = .list(conformed)
            }
        }
        return out
    }

    /// `value` converted to `type` where Terraform would convert it (numbers and bools to
    /// strings, numeric strings to numbers), objects given every key; null when it cannot be.
    static func convert(_ value: AttributeValue, to type: TerraformValueType) -> AttributeValue {
        switch (type, value) {
        case (_, .null), (_, .unknown), (_, .reference): return .null
        case (.dynamic, _): return value
        case (.string, .string): return value
        case (.string, .number(let number)): return .string(AttributeValue.format(number))
        case (.string, .bool(let flag)): return .string(flag ? "true" : "false")
        case (.number, .number): return value
        case (.number, .string(let text)): return Double(text).map(AttributeValue.number) ?? .null
        case (.bool, .bool): return value
        case (.bool, .string("true")): return .bool(true)
        case (.bool, .string("false")): return .bool(false)
        case (.list(let element), .list(let list)), (.set(let element), .list(let list)):
            return .list(list.map { convert($0, to: element) })
        case (.map(let element), .map(let map)): return .map(map.mapValues { convert($0, to: element) })
        case (.object(let attributes), .map(let map)):
            return .map(
                Dictionary(
                    uniqueKeysWithValues: attributes.map { ($0.key, convert(map[$0.key] ?? .null, to: $0.value)) }))
        case (.tuple(let elements), .list(let list)) where elements.count == list.count:
            return .list(zip(list, elements).map { convert($0, to: $1) })
        default: return .null
        }
    }
}
