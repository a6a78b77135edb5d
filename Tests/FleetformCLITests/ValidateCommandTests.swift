import Foundation
import Testing

@Suite struct ValidateCommandTests {
    @Test func validStackSucceeds() throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        let r = try cli.run(["validate", "--stack", "training", "--env", "dev"])
        #expect(r.status == 0, "\(r.stderr)")
        let declared = try cli.declared(stack: "training", env: "dev").total
        #expect(r.stdout.contains("training/dev is valid: \(declared) resources"), "\(r.stdout)")
    }

    @Test func unknownStackFailsNamingTheKnownOnes() throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        let r = try cli.run(["validate", "--stack", "nope"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("no stack named 'nope'"))
        #expect(r.stderr.contains("training"))
    }

    @Test func badVariablePointsAtTheStackLine() throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        let r = try cli.run(["validate", "--stack", "training", "--var", "trainers=two"])
        #expect(r.status == 1)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let source = try String(contentsOf: root.appendingPathComponent("plans/training.swift"), encoding: .utf8)
        let line =
            try #require(
                source.split(separator: "\n", omittingEmptySubsequences: false).firstIndex {
                    $0.contains("env.variable(\"trainers\"")
                }) + 1
        #expect(r.stderr.contains("plans/training.swift:\(line): error: variable 'trainers' is 'two'"))
    }

    @Test func stacksListsEveryStack() throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        let r = try cli.run(["stacks"])
        #expect(r.status == 0)
        for name in ["training", "inference", "preview"] { #expect(r.stdout.contains(name)) }
    }
}
