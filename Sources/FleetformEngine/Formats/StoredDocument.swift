import FleetformModel

/// A parsed JSON object being read field by field, with errors that name the file and the
/// field's path (`resources[3].address`).
struct StoredDocument: Sendable {
    let kind: DocumentKind
    let file: String
    /// Where this object is in the file (`resources`), without its index.
    let parentPath: String
    /// The object's index in the array at `parentPath`, when it is an array element.
    var index: Int?
    let fields: [String: AttributeValue]

    init(kind: DocumentKind, file: String, path: String, index: Int? = nil, fields: [String: AttributeValue]) {
        self.kind = kind
        self.file = file
        self.parentPath = path
        self.index = index
        self.fields = fields
    }

    /// Where this object is in the file (`resources[3]`); built only for messages.
    var path: String { index.map { "\(parentPath)[\($0)]" } ?? parentPath }

    /// Parses `bytes` as the object at the top of a `kind` file.
    static func parse(_ bytes: some Collection<UInt8>, kind: DocumentKind, file: String) throws(FileFormatError)
        -> StoredDocument
    {
        let root: AttributeValue
        do {
            root = try JSONReader.parse(bytes)
        } catch {
            if error.reachedEnd, bytes.contains(where: { !Self.isWhitespace($0) }) {
                throw .truncated(kind, file: file, size: bytes.count)
            }
            throw .corrupt(kind, file: file, detail: error.message, line: error.line, column: error.column)
        }
        guard case .map(let fields) = root else {
            throw .invalidField(kind, file: file, path: "the top level", expected: "a JSON object")
        }
        return StoredDocument(kind: kind, file: file, path: "", fields: fields)
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    /// The document's version, checked against `supported` before anything else is read.
    func version(supported: Int) throws(FileFormatError) -> Int {
        guard let version = fields[kind.versionKey]?.intValue else { throw .missingVersion(kind, file: file) }
        guard version >= 1, version <= supported else {
            throw .unsupportedVersion(kind, file: file, found: version, supported: supported)
        }
        return version
    }

    func fieldPath(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    func invalid(_ key: String, _ expected: String) -> FileFormatError {
        .invalidField(kind, file: file, path: fieldPath(key), expected: expected)
    }

    func string(_ key: String) throws(FileFormatError) -> String {
        guard case .string(let s)? = fields[key] else { throw invalid(key, "a string") }
        return s
    }

    func optionalString(_ key: String) throws(FileFormatError) -> String? {
        switch fields[key] {
        case nil, .null?: return nil
        case .string(let s)?: return s
        default: throw invalid(key, "a string")
        }
    }

    func int(_ key: String) throws(FileFormatError) -> Int {
        guard let n = fields[key]?.intValue else { throw invalid(key, "an integer") }
        return n
    }

    func number(_ key: String) throws(FileFormatError) -> Double {
        guard case .number(let n)? = fields[key] else { throw invalid(key, "a number") }
        return n
    }

    func bool(_ key: String, default value: Bool) throws(FileFormatError) -> Bool {
        switch fields[key] {
        case nil, .null?: return value
        case .bool(let b)?: return b
        default: throw invalid(key, "true or false")
        }
    }

    func map(_ key: String) throws(FileFormatError) -> [String: AttributeValue] {
        switch fields[key] {
        case nil, .null?: return [:]
        case .map(let m)?: return m
        default: throw invalid(key, "an object")
        }
    }

    func object(_ key: String) throws(FileFormatError) -> StoredDocument {
        guard case .map(let m)? = fields[key] else { throw invalid(key, "an object") }
        return StoredDocument(kind: kind, file: file, path: fieldPath(key), fields: m)
    }

    func optionalObject(_ key: String) throws(FileFormatError) -> StoredDocument? {
        if fields[key] == nil || fields[key] == .null { return nil }
        return try object(key)
    }

    /// The objects of the array at `key` (absent means empty).
    func objects(_ key: String) throws(FileFormatError) -> [StoredDocument] {
        let list: [AttributeValue]
        switch fields[key] {
        case nil, .null?: list = []
        case .list(let l)?: list = l
        default: throw invalid(key, "an array")
        }
        var result: [StoredDocument] = []
        result.reserveCapacity(list.count)
        let elementPath = fieldPath(key)
        for (i, element) in list.enumerated() {
            guard case .map(let m) = element else { throw invalid("\(key)[\(i)]", "an object") }
            result.append(StoredDocument(kind: kind, file: file, path: elementPath, index: i, fields: m))
        }
        return result
    }

    func strings(_ key: String) throws(FileFormatError) -> [String] {
        switch fields[key] {
        case nil, .null?: return []
        case .list(let l)?:
            var result: [String] = []
            for element in l {
                guard case .string(let s) = element else { throw invalid(key, "an array of strings") }
                result.append(s)
            }
            return result
        default: throw invalid(key, "an array of strings")
        }
    }

    func address(_ key: String) throws(FileFormatError) -> ResourceAddress {
        guard let address = ResourceAddress(stored: try string(key)) else {
            throw invalid(key, "a resource address like TYPE.NAME")
        }
        return address
    }

    func addresses(_ key: String) throws(FileFormatError) -> [ResourceAddress] {
        var result: [ResourceAddress] = []
        for text in try strings(key) {
            guard let address = ResourceAddress(stored: text) else {
                throw invalid(key, "an array of resource addresses like TYPE.NAME")
            }
            result.append(address)
        }
        return result
    }

    func numbers(_ key: String) throws(FileFormatError) -> [String: Double] {
        var result: [String: Double] = [:]
        for (name, value) in try map(key) {
            guard case .number(let n) = value else { throw invalid("\(key).\(name)", "a number") }
            result[name] = n
        }
        return result
    }
}
