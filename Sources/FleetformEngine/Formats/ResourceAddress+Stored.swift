import FleetformModel

extension ResourceAddress {
    /// Parses an address read from a stored file: the same rules and result as
    /// `ResourceAddress(parsing:)`, but done on UTF-8 bytes for the plain-ASCII addresses files
    /// are full of (a 10,000-resource state holds tens of thousands of them); anything else goes
    /// to `init(parsing:)`.
    init?(stored text: String) {
        var text = text
        let parsed: ResourceAddress?? = text.withUTF8 { bytes in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return .none }
            return .some(Self.parseASCII(bytes))
        }
        switch parsed {
        case .none: self.init(parsing: text)
        case .some(let address?): self = address
        case .some(nil): return nil
        }
    }

    private static func parseASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> ResourceAddress? {
        let quote = UInt8(ascii: "\""), open = UInt8(ascii: "["), close = UInt8(ascii: "]"), dot = UInt8(ascii: ".")
        var end = bytes.count
        var key: String?
        if end >= 2, bytes[end - 2] == quote, bytes[end - 1] == close,
            let start = (0..<max(0, end - 1)).first(where: { bytes[$0] == open && bytes[$0 + 1] == quote }),
            start + 2 <= end - 2
        {
            key = String(decoding: UnsafeBufferPointer(rebasing: bytes[(start + 2)..<(end - 2)]), as: UTF8.self)
            end = start
        }
        var parts: [Range<Int>] = []
        var partStart = 0
        for i in 0..<end where bytes[i] == dot {
            parts.append(partStart..<i)
            partStart = i + 1
        }
        parts.append(partStart..<end)
        func text(_ range: Range<Int>) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }
        func isModule(_ range: Range<Int>) -> Bool {
            range.count == 6 && text(range) == "module"
        }
        var modules: [String] = []
        var first = 0
        while parts.count - first > 2, isModule(parts[first]) {
            modules.append(text(parts[first + 1]))
            first += 2
        }
        guard parts.count - first == 2 else { return nil }
        let type = parts[first], name = parts[first + 1]
        guard !type.isEmpty, !name.isEmpty, !isModule(type) else { return nil }
        for range in [type, name] {
            for i in range {
                let byte = bytes[i]
                let valid =
                    (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                    || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                    || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                    || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
                guard valid else { return nil }
            }
        }
        return ResourceAddress(modulePath: modules, type: text(type), name: text(name), key: key)
    }
}
