import FleetformOperations
import FleetformTestSupport
import Foundation
import Testing

@Suite struct ProjectScaffoldTests {
    @Test func aReleaseDependencyNamesTheURLAndVersionAndThePackageByItsIdentity() throws {
        let scaffold = ProjectScaffold(
            packageName: "ml-platform",
            dependency: .release(url: "https://github.com/acme/Fleetform.git", version: "0.2.0"))
        #expect(scaffold.fleetformPackageIdentity == "fleetform")
        let files = Dictionary(uniqueKeysWithValues: scaffold.files.map { ($0.path, $0.contents) })
        let manifest = try #require(files["Package.swift"])
        #expect(manifest.contains(#".package(url: "https://github.com/acme/Fleetform.git", from: "0.2.0")"#))
        #expect(manifest.contains(#".product(name: "FleetformCLI", package: "fleetform")"#))
        #expect(manifest.contains(#"name: "ml-platform""#))
        #expect(
            Set(files.keys) == [
                "Package.swift", "Sources/Infra/Infra.swift", "plans/Stacks.swift", "plans/platform.swift",
                ".gitignore",
                "README.md", ".github/workflows/fleetform-pr.yml", ".github/workflows/fleetform-reaper.yml",
            ])
        #expect(files[".gitignore"] == ".build/\n.swiftpm/\n.fleetform/\nPackage.resolved\n")
        #expect(files["Sources/Infra/Infra.swift"]?.contains("await Fleetform.main(stacks: allStacks)") == true)
        let pr = try #require(files[".github/workflows/fleetform-pr.yml"])
        #expect(pr.contains("STACK: platform") && !pr.contains("STACK: preview"))
        #expect(pr.contains("swift build -c release --product fleetform"))
    }

    @Test func aPathDependencyIsKnownByItsDirectoryName() {
        let scaffold = ProjectScaffold(packageName: "infra", dependency: .path("/src/checkouts/Fleetform-main"))
        #expect(scaffold.fleetformPackageIdentity == "fleetform-main")
        let manifest = scaffold.files.first { $0.path == "Package.swift" }?.contents ?? ""
        #expect(manifest.contains(#".package(path: "/src/checkouts/Fleetform-main")"#))
        #expect(manifest.contains(#"package: "fleetform-main")"#))
    }

    @Test func packageNamesAreMadeValid() {
        #expect(ProjectScaffold.packageName(for: "infra") == "infra")
        #expect(ProjectScaffold.packageName(for: "ml platform") == "ml-platform")
        #expect(ProjectScaffold.packageName(for: "2026") == "infra-2026")
    }

    @Test func theBundledWorkflowsAreExamplesCI() throws {
        // scripts/gen-scaffold-workflows copies examples/ci into the binary; they must not drift.
        let folder = TestData.repositoryRoot.appendingPathComponent("examples/ci")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yml") }
        #expect(Set(names) == Set(ProjectScaffold.bundledWorkflows.keys))
        for name in names {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            #expect(
                ProjectScaffold.bundledWorkflows[name] == text,
                "run scripts/gen-scaffold-workflows after editing \(name)")
        }
    }

    @Test func theWriterRefusesANonEmptyDirectoryAndNeverOverwrites() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let files = [(path: "a.txt", contents: "new a\n"), (path: "sub/b.txt", contents: "new b\n")]
        let first = try ProjectWriter(directory: scratch.path + "/repo", force: false).write(files)
        #expect(first.created == ["a.txt", "sub/b.txt"] && first.kept.isEmpty)

        try Data("mine\n".utf8).write(to: URL(fileURLWithPath: scratch.path + "/repo/a.txt"))
        try FileManager.default.removeItem(atPath: scratch.path + "/repo/sub/b.txt")
        #expect(throws: OperationError.self) {
            try ProjectWriter(directory: scratch.path + "/repo", force: false).write(files)
        }
        let forced = try ProjectWriter(directory: scratch.path + "/repo", force: true).write(files)
        #expect(forced.created == ["sub/b.txt"] && forced.kept == ["a.txt"])
        #expect(try String(contentsOfFile: scratch.path + "/repo/a.txt", encoding: .utf8) == "mine\n")

        try Data().write(to: URL(fileURLWithPath: scratch.path + "/plain"))
        #expect(throws: OperationError.self) {
            try ProjectWriter(directory: scratch.path + "/plain", force: true).write(files)
        }
    }
}
