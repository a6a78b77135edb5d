/// One decoder of outside input under fuzzing: a name (its corpus folder), what it reads, format
/// tokens for the mutator, and the call. The call must never crash, hang or blow up memory; a
/// thrown error is the right answer to bad input, and `run` returns whether the input was accepted.
public struct FuzzTarget: Sendable {
    public let name: String
    public let summary: String
    public let tokens: [String]
    public let run: @Sendable ([UInt8]) async -> Bool

    public init(name: String, summary: String, tokens: [String], run: @escaping @Sendable ([UInt8]) async -> Bool) {
        self.name = name
        self.summary = summary
        self.tokens = tokens
        self.run = run
    }
}
