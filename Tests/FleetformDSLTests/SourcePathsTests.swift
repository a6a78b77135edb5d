import FleetformDSL
import FleetformModel
import Foundation
import Testing

/// Source files are recorded relative to the stack package's root, wherever the binary was built.
@Suite struct SourcePathsTests {
    @Test func pathsUnderTheRootLoseTheRoot() {
        var paths = SourcePaths(root: "/src/infra/", fileExists: { _ in false })
        #expect(paths.relative("/src/infra/plans/training.swift") == "plans/training.swift")
        #expect(paths.relative("plans/already.swift") == "plans/already.swift")
    }

    @Test func aBinaryBuiltElsewhereFindsItsFilesUnderTheRoot() {
        let existing: Set<String> = ["/ci/checkout/plans/training.swift"]
        var paths = SourcePaths(root: "/ci/checkout", fileExists: { existing.contains($0) })
        #expect(paths.relative("/home/dev/infra/plans/training.swift") == "plans/training.swift")
        #expect(paths.relative("/home/dev/infra/plans/gone.swift") == "/home/dev/infra/plans/gone.swift")
        #expect(
            paths.relative(SourceLocation(file: "/home/dev/infra/plans/training.swift", line: 7))
                == SourceLocation(file: "plans/training.swift", line: 7))
    }

    @Test func aManifestRecordsSourcesRelativeToTheEnvironmentsRoot() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let stack = Stack("paths", region: .usEast1) { _ in Bucket("data") }
        let rooted = stack.synthesize(Environment(name: "dev", root: root))
        let source = try #require(rooted.manifest.resources.first?.source)
        #expect(source.file == "Tests/FleetformDSLTests/SourcePathsTests.swift")
        let unrooted = stack.synthesize(Environment(name: "dev"))
        #expect(unrooted.manifest.resources.first?.source?.file == #filePath)
    }
}

/// A `--var` the stack never reads is an error naming the variables it does read.
@Suite struct UnreadVariableTests {
    let stack = Stack("vars", region: .usEast1) { env in
        let count = env.variable("replicas", default: 1)
        let capacity = env.isProduction ? env.variable("capacity", default: "plans/capacity.json") : ""
        Bucket("data" + (capacity.isEmpty ? "" : "-sized")).usage(storedTerabytes: Double(count))
    }

    @Test func aTypoIsCaughtWithADidYouMean() throws {
        let synthesis = stack.synthesize(Environment(name: "dev", variables: ["replica": "3"]))
        let diagnostic = try #require(synthesis.diagnostics.first)
        #expect(synthesis.diagnostics.count == 1 && diagnostic.severity == .error)
        #expect(
            diagnostic.message
                == "variable 'replica' is not read by stack vars in dev; it reads: replicas (did you mean replicas?)")
        #expect(diagnostic.location?.line == stack.location.line)
    }

    @Test func whatIsReadDependsOnTheEnvironment() {
        #expect(stack.synthesize(Environment(name: "prod", variables: ["capacity": "x.json"])).diagnostics.isEmpty)
        let dev = stack.synthesize(Environment(name: "dev", variables: ["capacity": "x.json", "replicas": "2"]))
        #expect(
            dev.diagnostics.map { $0.message } == [
                "variable 'capacity' is not read by stack vars in dev; it reads: replicas"
            ])
    }
}
