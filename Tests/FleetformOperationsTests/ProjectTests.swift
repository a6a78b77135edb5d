import FleetformOperations
import Foundation
import Testing

@Suite struct ProjectTests {
    @Test func theRootIsTheNearestDirectoryWithAPackageManifest() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let nested = scratch.path + "/infra/plans/capacity"
        try FileManager.default.createDirectory(atPath: nested, withIntermediateDirectories: true)
        #expect(Project.findRoot(from: nested) == URL(fileURLWithPath: nested).standardizedFileURL.path)
        try Data().write(to: URL(fileURLWithPath: scratch.path + "/infra/Package.swift"))
        let root = URL(fileURLWithPath: scratch.path + "/infra").standardizedFileURL.path
        #expect(Project.findRoot(from: nested) == root)
        #expect(Project.findRoot(from: scratch.path + "/infra") == root)
    }

    @Test func defaultPathsAreUnderTheRootAndShortWhenRunFromIt() {
        let fromRoot = Project(stacks: StackCatalog([]), root: "/src/infra", workingDirectory: "/src/infra")
        #expect(fromRoot.path(".fleetform/state") == ".fleetform/state")
        let fromBelow = Project(stacks: StackCatalog([]), root: "/src/infra", workingDirectory: "/src/infra/plans")
        #expect(fromBelow.path(".fleetform/state") == "/src/infra/.fleetform/state")
        #expect(fromBelow.path("/abs/state.json") == "/abs/state.json")
    }
}
