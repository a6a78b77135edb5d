import FleetformModel

/// Typed access to a resource request's attributes, with errors that name the attribute.
///
/// ```swift
/// let attrs = AttributeReader(request)
/// let cidr = try attrs.requiredString("cidr_block")
/// let zones = attrs.stringList("vpc_zone_identifier")
/// ```
struct AttributeReader {
    let type: String
    let values: [String: AttributeValue]

    init(_ request: ResourceRequest) {
        self.type = request.type
        self.values = request.attributes
    }

    init(type: String, values: [String: AttributeValue]) {
        self.type = type
        self.values = values
    }

    func string(_ name: String) -> String? { values[name]?.stringValue }

    func requiredString(_ name: String) throws -> String {
        guard let value = values[name]?.stringValue, !value.isEmpty else {
            throw AWSError.invalidAttribute(type, name, expected: "a non-empty string")
        }
        return value
    }

    func int(_ name: String) -> Int? { values[name]?.intValue ?? values[name]?.stringValue.flatMap { Int($0) } }

    func requiredInt(_ name: String) throws -> Int {
        guard let value = int(name) else { throw AWSError.invalidAttribute(type, name, expected: "a whole number") }
        return value
    }

    func bool(_ name: String) -> Bool? { values[name]?.boolValue }

    func stringList(_ name: String) -> [String] { values[name]?.listValue?.compactMap(\.stringValue) ?? [] }

    /// A nested block given as a map, or as a one-element list of maps.
    func block(_ name: String) -> AttributeReader? {
        guard let value = values[name] else { return nil }
        if let map = value.mapValue { return AttributeReader(type: type + "." + name, values: map) }
        if let first = value.listValue?.first?.mapValue {
            return AttributeReader(type: type + "." + name, values: first)
        }
        return nil
    }

    /// A repeated block given as a list of maps (a single map counts as one).
    func blocks(_ name: String) -> [AttributeReader] {
        guard let value = values[name] else { return [] }
        if let map = value.mapValue { return [AttributeReader(type: type + "." + name, values: map)] }
        return (value.listValue ?? []).compactMap(\.mapValue).map {
            AttributeReader(type: type + "." + name, values: $0)
        }
    }

    /// A `map(string)` attribute such as `labels`.
    func stringMap(_ name: String) -> [String: String] {
        (values[name]?.mapValue ?? [:]).compactMapValues { $0.stringValue ?? $0.numberValue.map(AttributeValue.format) }
    }
}

extension ResourceRequest {
    /// The declared `tags` merged with the ownership tags (ownership wins on a clash).
    var allTags: [String: String] {
        AttributeReader(self).stringMap("tags").merging(attributes["tag"]?.tagBlockMap ?? [:]) { _, block in block }
            .merging(ownershipTags) { _, owned in owned }
    }
}

extension AttributeValue {
    /// The `key → value` pairs of `tag` blocks (an Auto Scaling group's), when this is a list of them.
    var tagBlockMap: [String: String]? {
        guard let blocks = listValue else { return nil }
        var tags: [String: String] = [:]
        for block in blocks {
            guard let key = block.mapValue?["key"]?.stringValue else { continue }
            tags[key] = block.mapValue?["value"]?.stringValue ?? ""
        }
        return tags
    }

    /// A `map(string)` value from a dictionary.
    static func stringMap(_ map: [String: String]) -> AttributeValue { .map(map.mapValues { .string($0) }) }
    /// A list of strings.
    static func strings(_ list: [String]) -> AttributeValue { .list(list.map { .string($0) }) }
    /// A number from an integer.
    static func int(_ value: Int) -> AttributeValue { .number(Double(value)) }
    /// A number from text, when the text is a number.
    static func number(text: String?) -> AttributeValue? { text.flatMap(Double.init).map { .number($0) } }
}

extension AttributeValue {
    /// `list` as a list of strings, in `prior`'s order when `prior` holds the same strings: AWS
    /// does not keep the order of subnet or group lists, and a reordering is not a change.
    static func strings(_ list: [String], orderedLike prior: AttributeValue?) -> AttributeValue {
        let priorStrings = prior?.listValue?.compactMap(\.stringValue)
        if let priorStrings, priorStrings.sorted() == list.sorted() { return .strings(priorStrings) }
        return .strings(list)
    }

    /// A string list value reordered like `prior` (see `strings(_:orderedLike:)`).
    func orderedLike(_ prior: AttributeValue?) -> AttributeValue {
        guard let list = listValue?.compactMap(\.stringValue) else { return self }
        return .strings(list, orderedLike: prior)
    }
}
