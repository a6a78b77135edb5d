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
