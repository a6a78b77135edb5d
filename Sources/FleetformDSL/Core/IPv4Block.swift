/// An IPv4 CIDR block such as `10.40.0.0/16`.
public struct IPv4Block: Hashable, Sendable, CustomStringConvertible {
    /// The network address as a 32-bit number.
    public let address: UInt32
    /// The prefix length, 0…32.
    public let prefixLength: Int

    /// Parses `a.b.c.d/n`; nil when malformed. Host bits must be zero (`10.0.0.1/16` is refused).
    public init?(_ text: String) {
        let halves = text.split(separator: "/", omittingEmptySubsequences: false)
        guard halves.count == 2, let prefix = Int(halves[1]), (0...32).contains(prefix) else { return nil }
        let octets = halves[0].split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var value: UInt32 = 0
        for octet in octets {
            guard octet.count <= 3, let n = UInt32(octet), n <= 255 else { return nil }
            value = value << 8 | n
        }
        guard value & ~Self.mask(prefix) == 0 else { return nil }
        self.address = value
        self.prefixLength = prefix
    }

    init(address: UInt32, prefixLength: Int) {
        self.address = address
        self.prefixLength = prefixLength
    }

    static func mask(_ prefix: Int) -> UInt32 { prefix == 0 ? 0 : UInt32.max << UInt32(32 - prefix) }

    /// The number of addresses in the block.
    public var size: UInt64 { UInt64(1) << UInt64(32 - prefixLength) }

    /// Whether the two blocks share any address.
    public func overlaps(_ other: IPv4Block) -> Bool {
        let shorter = min(prefixLength, other.prefixLength)
        return address & Self.mask(shorter) == other.address & Self.mask(shorter)
    }

    /// Whether `other` lies entirely inside this block.
    public func contains(_ other: IPv4Block) -> Bool {
        other.prefixLength >= prefixLength && other.address & Self.mask(prefixLength) == address
    }

    /// The `index`-th sub-block with `newBits` more prefix bits (Terraform's `cidrsubnet`), or nil
    /// when it does not fit.
    public func subnet(newBits: Int, index: Int) -> IPv4Block? {
        let prefix = prefixLength + newBits
        guard newBits >= 0, prefix <= 32, index >= 0, UInt64(index) < (UInt64(1) << UInt64(newBits)) else { return nil }
        return IPv4Block(address: address | UInt32(index) << UInt32(32 - prefix), prefixLength: prefix)
    }

    public var description: String {
        let octets = [24, 16, 8, 0].map { String((address >> UInt32($0)) & 0xff) }
        return octets.joined(separator: ".") + "/\(prefixLength)"
    }
}
