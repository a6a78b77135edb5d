/// The stable name of one low-level resource in a stack, as Terraform writes it:
/// `module.training.aws_autoscaling_group.trainers` or `aws_subnet.core["use1-az1"]`.
///
/// Addresses order by module path, then type, then name, then key, so every listing is
/// deterministic.
public struct ResourceAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The parts, shared by every copy of the address, with their hash worked out once: plans,
    /// states and graphs copy, hash and compare addresses millions of times on a big stack.
    private final class Storage: Sendable {
        let modulePath: [String]
        let type: String
        let name: String
        let key: String?
        let hash: Int

        init(modulePath: [String], type: String, name: String, key: String?) {
            self.modulePath = modulePath
            self.type = type
            self.name = name
            self.key = key
            var hasher = Hasher()
            hasher.combine(modulePath)
            hasher.combine(type)
            hasher.combine(name)
            hasher.combine(key)
            hash = hasher.finalize()
        }
    }

    private var storage: Storage

    /// Module names from the root down (`["training"]` for `module.training.…`).
    public var modulePath: [String] {
        get { storage.modulePath }
        set { storage = Storage(modulePath: newValue, type: type, name: name, key: key) }
    }
    /// The low-level resource type, e.g. `aws_vpc`.
    public var type: String {
        get { storage.type }
        set { storage = Storage(modulePath: modulePath, type: newValue, name: name, key: key) }
    }
    /// The resource's name within its module, e.g. `core`.
    public var name: String {
        get { storage.name }
        set { storage = Storage(modulePath: modulePath, type: type, name: newValue, key: key) }
    }
    /// An optional instance key (`aws_subnet.core["use1-az1"]`).
    public var key: String? {
        get { storage.key }
        set { storage = Storage(modulePath: modulePath, type: type, name: name, key: newValue) }
    }

    public init(modulePath: [String] = [], type: String, name: String, key: String? = nil) {
        storage = Storage(modulePath: modulePath, type: type, name: name, key: key)
    }

    public static func == (lhs: ResourceAddress, rhs: ResourceAddress) -> Bool {
        let l = lhs.storage, r = rhs.storage
        if l === r { return true }
        return l.hash == r.hash && l.type == r.type && l.name == r.name && l.key == r.key
            && l.modulePath == r.modulePath
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage.hash)
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
        self == other
            || (key != nil && other.key == nil && modulePath == other.modulePath
                && type == other.type && name == other.name)
    }

    public static func < (lhs: ResourceAddress, rhs: ResourceAddress) -> Bool {
        let l = lhs.storage, r = rhs.storage
        if l === r { return false }
        if l.modulePath != r.modulePath {
            return l.modulePath.lexicographicallyPrecedes(r.modulePath)
        }
        if l.type != r.type { return l.type < r.type }
        if l.name != r.name { return l.name < r.name }
        return (l.key ?? "") < (r.key ?? "")
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
