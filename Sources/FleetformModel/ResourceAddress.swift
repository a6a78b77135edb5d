/// The stable name of one low-level resource in a stack, as Terraform writes it:
/// `module.training.aws_autoscaling_group.trainers` or `aws_subnet.core["use1-az1"]`.
///
/// Addresses order by module path, then type, then name, then key, so every listing is
/// deterministic.
public struct ResourceAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Module names from the root down (`["training"]` for `module.training.…`).
    public var modulePath: [String]
    /// The low-level resource type, e.g. `aws_vpc`.
    public var type: String
    /// The resource's name within its module, e.g. `core`.
    public var name: String
    /// An optional instance key (`aws_subnet.core["use1-az1"]`).
    public var key: String?

    public init(modulePath: [String] = [], type: String, name: String, key: String? = nil) {
        self.modulePath = modulePath
        self.type = type
        self.name = name
        self.key = key
    }

    public var description: String {
        var s = ""
        for m in modulePath { s += "module." + m + "." }
        s += type + "." + name
        if let key { s += "[\"" + key + "\"]" }
        return s
    }

    /// The address without its module path, as used in short listings.
    public var local: String {
        ResourceAddress(type: type, name: name, key: key).description
    }

    /// Parses `module.a.aws_vpc.core` or `aws_subnet.core["k"]`; nil when malformed.
    public init?(parsing text: String) {
        var rest = Substring(text)
        var key: String?
        // `["` must end before the closing `"]` (`x["]` overlaps them: found by scripts/fuzz, manifest).
        if rest.hasSuffix("\"]"), let open = rest.firstRange(of: "[\""),
            open.upperBound <= rest.index(rest.endIndex, offsetBy: -2)
        {
            key = String(rest[open.upperBound..<rest.index(rest.endIndex, offsetBy: -2)])
            rest = rest[..<open.lowerBound]
        }
        var parts = rest.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        var modules: [String] = []
        while parts.count > 2, parts[0] == "module" {
            modules.append(parts[1])
            parts.removeFirst(2)
        }
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, parts[0] != "module",
            parts.allSatisfy({ $0.allSatisfy(Self.isNameCharacter) })
        else { return nil }
        self.init(modulePath: modules, type: parts[0], name: parts[1], key: key)
    }

    static func isNameCharacter(_ c: Character) -> Bool {
        c.isLetter || c.isNumber || c == "_" || c == "-"
    }

    /// Whether this address is `other` or lies inside it when `other` names a module prefix
    /// (used by `--target`).
    public func isContained(in other: ResourceAddress) -> Bool {
        self == other || (key != nil && other.key == nil && modulePath == other.modulePath
            && type == other.type && name == other.name)
    }

    public static func < (lhs: ResourceAddress, rhs: ResourceAddress) -> Bool {
        if lhs.modulePath != rhs.modulePath {
            return lhs.modulePath.lexicographicallyPrecedes(rhs.modulePath)
        }
        if lhs.type != rhs.type { return lhs.type < rhs.type }
        if lhs.name != rhs.name { return lhs.name < rhs.name }
        return (lhs.key ?? "") < (rhs.key ?? "")
    }
}

extension ResourceAddress: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let parsed = ResourceAddress(parsing: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a resource address (expected TYPE.NAME)")
        }
        self = parsed
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
