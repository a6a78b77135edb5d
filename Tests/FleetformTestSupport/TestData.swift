import Foundation

/// The data the tests read, vendored in the repository's `data/` folder (each subfolder's README
/// names its source and licence). A missing file is a test failure, never a skip.
public enum TestData {
    /// The repository root, found from this file's path.
    public static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // FleetformTestSupport
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // repository root

    /// `data/NAME` in the repository.
    public static func folder(_ name: String) -> URL {
        repositoryRoot.appendingPathComponent("data").appendingPathComponent(name)
    }
}
