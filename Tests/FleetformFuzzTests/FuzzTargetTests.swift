import FleetformFuzz
import Foundation
import Testing

/// Each fuzz target over its committed corpus (every seed, including the inputs that once
/// crashed a decoder) and then a short seeded mutation run: no crash, no slow input. The long
/// runs are `scripts/fuzz`.
@Suite struct FuzzTargetTests {
    static let corpusRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/corpus")

    @Test(arguments: FuzzTargets.all.map(\.name)) func targetSurvivesItsCorpusAndMutations(name: String) async throws {
        let target = try #require(FuzzTargets.named(name))
        let corpus = try FuzzRunner.loadCorpus(Self.corpusRoot.appendingPathComponent(name))
        #expect(corpus.count >= 3, "\(name): the corpus needs seeds")
        let report = await FuzzRunner(target: target, corpus: corpus, seed: 20261121).run(inputs: corpus.count + 1500)
        #expect(report.executions == corpus.count + 1500)
        #expect(report.slowInputs.isEmpty, "\(report)")
        // The seeds are valid documents: a decoder that refuses all of them is not being fuzzed deeply.
        #expect(report.accepted > 0, "\(report)")
        print(report)
    }

    @Test func mutatorIsDeterministicPerSeed() {
        var a = Mutator(seed: 42, tokens: ["{}"]), b = Mutator(seed: 42, tokens: ["{}"]),
            c = Mutator(seed: 43, tokens: ["{}"])
        let input = Array("{\"version\": 1, \"resources\": []}".utf8)
        let fromA = (0..<50).map { _ in a.mutate(input, corpus: [input]) }
        let fromB = (0..<50).map { _ in b.mutate(input, corpus: [input]) }
        let fromC = (0..<50).map { _ in c.mutate(input, corpus: [input]) }
        #expect(fromA == fromB)
        #expect(fromA != fromC)
        #expect(Set(fromA).count > 40, "mutations should differ from one another")
    }
}
