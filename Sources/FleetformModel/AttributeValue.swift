/// A value of a resource attribute: the JSON data model plus the two things only a plan has,
/// a reference to another resource's attribute and a value not known until apply.
///
/// ```swift
/// let cidr: AttributeValue = "10.40.0.0/16"
/// let vpc: AttributeValue = .reference(ResourceReference(ResourceAddress(type: "aws_vpc", name: "core"), "id"))
/// ```
public indirect enum AttributeValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case list([AttributeValue])
    case map([String: AttributeValue])
    /// Another resource's attribute; resolved by the planner from prior state, else unknown.
    case reference(ResourceReference)
    /// Known only after apply (`(known after apply)`).
    case unknown

    /// The string payload, if this is a string.
    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    /// The numeric payload, if this is a number.
    public var numberValue: Double? { if case .number(let n) = self { return n } else { return nil } }
    /// The integer payload, if this is an integral number.
    public var intValue: Int? {
        if case .number(let n) = self, n.rounded() == n, abs(n) < 9e15 { return Int(n) } else { return nil }
    }
    /// The boolean payload, if this is a bool.
    public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    /// The list payload, if this is a list.
    public var listValue: [AttributeValue]? { if case .list(let l) = self { return l } else { return nil } }
    /// The map payload, if this is a map.
    public var mapValue: [String: AttributeValue]? { if case .map(let m) = self { return m } else { return nil } }

    /// Whether the value, or anything inside it, is unknown or an unresolved reference.
    public var containsUnknown: Bool {
        switch self {
        case .unknown, .reference: return true
        case .list(let l): return l.contains { $0.containsUnknown }
        case .map(let m): return m.values.contains { $0.containsUnknown }
        default: return false
        }
    }

    /// Calls `body` with every reference inside the value, in no particular order, without
    /// building arrays on the way (the planner walks every attribute of every resource).
    public func forEachReference(_ body: (ResourceReference) -> Void) {
        switch self {
        case .reference(let r): body(r)
        case .list(let l): for value in l { value.forEachReference(body) }
        case .map(let m): for value in m.values { value.forEachReference(body) }
        default: return
        }
    }

    /// Every reference inside the value, maps in key order.
    public var references: [ResourceReference] {
        switch self {
        case .reference(let r): return [r]
        case .list(let l): return l.flatMap(\.references)
        case .map(let m): return m.sorted { $0.key < $1.key }.flatMap(\.value.references)
        default: return []
        }
    }

    /// Replaces every reference by what `resolve` returns for it.
    public func resolvingReferences(_ resolve: (ResourceReference) -> AttributeValue) -> AttributeValue {
        switch self {
        case .reference(let r): return resolve(r)
        case .list(let l): return .list(l.map { $0.resolvingReferences(resolve) })
        case .map(let m): return .map(m.mapValues { $0.resolvingReferences(resolve) })
        default: return self
        }
    }
}

/// A pointer at `attribute` of the resource at `address` (`aws_vpc.core.id`).
public struct ResourceReference: Hashable, Sendable, CustomStringConvertible {
    public var address: ResourceAddress
    public var attribute: String

    public init(_ address: ResourceAddress, _ attribute: String) {
        self.address = address
        self.attribute = attribute
    }

    public var description: String { "\(address).\(attribute)" }

    /// Parses `aws_vpc.core.id` (the last dot-separated part is the attribute).
    public init?(parsing text: String) {
        guard let dot = text.lastIndex(of: "."),
            let address = ResourceAddress(parsing: String(text[..<dot]))
        else { return nil }
        let attribute = String(text[text.index(after: dot)...])
        guard !attribute.isEmpty else { return nil }
        self.init(address, attribute)
    }
}

extension AttributeValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: AttributeValue...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, AttributeValue)...) {
        self = .map(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(nilLiteral: ()) { self = .null }
}

extension AttributeValue: CustomStringConvertible {
    /// HCL-like rendering used in plan output: strings quoted, maps and lists inline.
    public var description: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return Self.format(n)
        case .string(let s): return "\"" + s.replacing("\"", with: "\\\"") + "\""
        case .list(let l): return "[" + l.map(\.description).joined(separator: ", ") + "]"
        case .map(let m):
            return "{" + m.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(separator: ", ") + "}"
        case .reference(let r): return "${\(r)}"
        case .unknown: return "(known after apply)"
        }
    }

    /// Formats a number without a trailing `.0` when it is integral.
    public static func format(_ n: Double) -> String {
        if n.rounded() == n, abs(n) < 9e15 { return String(Int(n)) }
        return String(n)
    }
}

extension AttributeValue: Codable {
    private enum SpecialKey: String, CodingKey { case ref = "$ref", unknown = "$unknown" }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null; return }
        if let b = try? container.decode(Bool.self) { self = .bool(b); return }
        if let n = try? container.decode(Double.self) { self = .number(n); return }
        if let s = try? container.decode(String.self) { self = .string(s); return }
        if let l = try? container.decode([AttributeValue].self) { self = .list(l); return }
        if let m = try? container.decode([String: AttributeValue].self) {
            if m.count == 1, case .string(let text)? = m[SpecialKey.ref.rawValue] {
                guard let ref = ResourceReference(parsing: text) else {
                    throw DecodingError.dataCorruptedError(
                        in: container, debugDescription: "'\(text)' is not a reference (expected TYPE.NAME.ATTRIBUTE)")
                }
                self = .reference(ref)
            } else if m.count == 1, m[SpecialKey.unknown.rawValue] == .bool(true) {
                self = .unknown
            } else {
                self = .map(m)
            }
            return
        }
        throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a JSON value")
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let b): try container.encode(b)
        case .number(let n):
            if n.rounded() == n, abs(n) < 9e15 { try container.encode(Int(n)) } else { try container.encode(n) }
        case .string(let s): try container.encode(s)
        case .list(let l): try container.encode(l)
        case .map(let m): try container.encode(m)
        case .reference(let r): try container.encode([SpecialKey.ref.rawValue: r.description])
        case .unknown: try container.encode([SpecialKey.unknown.rawValue: true])
        }
    }
}
