import FleetformTestSupport

/// Makes new inputs from corpus entries the way mutation fuzzers do (AFL, libFuzzer's
/// `MutationDispatcher`): flip bits, overwrite with boundary values, insert, erase, duplicate or
/// shuffle ranges, splice two entries, and insert tokens of the input's format. Seeded, so a run
/// is replayed by its seed.
///
/// ```swift
/// var mutator = Mutator(seed: 7, tokens: ["\"version\"", "null"])
/// let input = mutator.mutate(corpus[0], corpus: corpus)
/// ```
public struct Mutator: Sendable {
    private var random: SplitMix64
    /// Format tokens (keywords, delimiters, boundary numbers) inserted or overwritten whole.
    public let tokens: [[UInt8]]
    /// The largest input made.
    public let maximumLength: Int

    static let boundaryValues: [[UInt8]] = [
        "0", "-1", "1e308", "-1e308", "9223372036854775807", "-9223372036854775808", "18446744073709551616",
        "1e-400", "NaN", "\u{0}", "\u{FFFF}", "\"", "\\", "\\u", "\\ud800", "\n", "\r\n", ",", "%", "&#0;",
        "99999999999999999999999999",
    ].map { Array($0.utf8) }

    public init(seed: UInt64, tokens: [String], maximumLength: Int = 64 << 10) {
        self.random = SplitMix64(seed: seed)
        self.tokens = tokens.map { Array($0.utf8) } + Self.boundaryValues
        self.maximumLength = maximumLength
    }

    /// One to four stacked mutations of `input`; `corpus` supplies splice partners.
    public mutating func mutate(_ input: [UInt8], corpus: [[UInt8]]) -> [UInt8] {
        var bytes = input
        for _ in 0..<(1 + random.below(4)) {
            mutateOnce(&bytes, corpus: corpus)
        }
        if bytes.count > maximumLength { bytes.removeLast(bytes.count - maximumLength) }
        return bytes
    }

    private mutating func mutateOnce(_ bytes: inout [UInt8], corpus: [[UInt8]]) {
        let choice = random.below(10)
        if bytes.isEmpty || choice == 0 {
            insert(pick(tokens), into: &bytes)
            return
        }
        let at = random.below(bytes.count)
        switch choice {
        case 1:  // flip a bit
            bytes[at] ^= 1 << UInt8(random.below(8))
        case 2:  // an interesting byte
            bytes[at] = [0x00, 0xFF, 0x7F, 0x80, 0x22, 0x5C, 0x3C, 0x3E, 0x2C, 0x0A, 0x7B, 0x5B][random.below(12)]
        case 3:  // erase a range
            let length = min(bytes.count - at, 1 + random.below(16))
            bytes.removeSubrange(at..<at + length)
        case 4:  // duplicate a range (grows nesting and repetition)
            let length = min(bytes.count - at, 1 + random.below(64))
            let chunk = Array(bytes[at..<at + length])
            bytes.insert(contentsOf: chunk, at: random.below(bytes.count + 1))
        case 5:  // overwrite with a token
            let token = pick(tokens)
            let end = min(bytes.count, at + token.count)
            bytes.replaceSubrange(at..<end, with: token)
        case 6:  // truncate
            bytes.removeLast(bytes.count - at)
        case 7:  // splice another corpus entry
            guard let other = corpus.isEmpty ? nil : pick(corpus), !other.isEmpty else { return }
            let from = random.below(other.count)
            bytes = Array(bytes[..<at]) + other[from...]
        case 8:  // swap two ranges' bytes
            let other = random.below(bytes.count)
            bytes.swapAt(at, other)
        default:  // a token inserted
            insert(pick(tokens), into: &bytes)
        }
    }

    private mutating func insert(_ token: [UInt8], into bytes: inout [UInt8]) {
        bytes.insert(contentsOf: token, at: random.below(bytes.count + 1))
    }

    private mutating func pick<T>(_ items: [T]) -> T { items[random.below(items.count)] }

    /// A uniform index below `bound` (> 0), for callers that choose among corpus entries.
    public mutating func index(below bound: Int) -> Int { random.below(bound) }
}
