import Foundation

/// Runs one target over its corpus and then over seeded mutations of it, for a number of
/// inputs or until a deadline. Every corpus entry runs first, unmutated.
///
/// ```swift
/// let report = await FuzzRunner(target: FuzzTargets.stateFile, corpus: seeds, seed: 1).run(inputs: 2_000)
/// ```
public struct FuzzRunner: Sendable {
    public let target: FuzzTarget
    public let corpus: [[UInt8]]
    public let seed: UInt64
    /// An input slower than this is a finding (a hang or a blow-up in the making).
    public let slowLimit: Duration

    /// What a run did.
    public struct Report: Sendable, CustomStringConvertible {
        public var target: String
        public var seed: UInt64
        public var executions = 0
        /// Inputs the decoder accepted (the rest were refused with an error, as they should be).
        public var accepted = 0
        public var slowest: Duration = .zero
        /// Inputs slower than the limit.
        public var slowInputs: [[UInt8]] = []
        public var elapsed: Duration = .zero

        public var description: String {
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let slowestMs = Double(slowest.components.seconds) * 1000 + Double(slowest.components.attoseconds) / 1e15
            return "\(target): \(executions) inputs in \(String(format: "%.1f", seconds)) s (seed \(seed)), "
                + "\(accepted) accepted, slowest \(String(format: "%.1f", slowestMs)) ms, \(slowInputs.count) slow"
        }
    }

    public init(target: FuzzTarget, corpus: [[UInt8]], seed: UInt64, slowLimit: Duration = .seconds(2)) {
        self.target = target
        self.corpus = corpus.isEmpty ? [[]] : corpus
        self.seed = seed
        self.slowLimit = slowLimit
    }

    /// Runs until `inputs` inputs have run or `duration` has passed (whichever is given first
    /// bounds it); `willRun` sees each input before it runs (the crash recorder keeps it).
    public func run(inputs: Int? = nil, duration: Duration? = nil, willRun: ([UInt8]) -> Void = { _ in }) async
        -> Report
    {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = duration.map { start + $0 }
        var mutator = Mutator(seed: seed, tokens: target.tokens)
        var report = Report(target: target.name, seed: seed)
        var index = 0
        while true {
            if let inputs, report.executions >= inputs { break }
            if let deadline, clock.now >= deadline { break }
            if inputs == nil, deadline == nil, index >= corpus.count { break }
            let input =
                index < corpus.count
                ? corpus[index] : mutator.mutate(corpus[mutator.index(below: corpus.count)], corpus: corpus)
            index += 1
            willRun(input)
            let began = clock.now
            if await target.run(input) { report.accepted += 1 }
            let took = clock.now - began
            report.executions += 1
            report.slowest = max(report.slowest, took)
            if took > slowLimit { report.slowInputs.append(input) }
        }
        report.elapsed = clock.now - start
        return report
    }

    /// The files in `directory` (a target's corpus folder), sorted by name.
    public static func loadCorpus(_ directory: URL) throws -> [[UInt8]] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        return try names.filter { !$0.hasPrefix(".") }.map {
            Array(try Data(contentsOf: directory.appendingPathComponent($0)))
        }
    }
}
