import Foundation

/// The shared test data (`../shared/data` beside the package root, see each folder's README):
/// `$FLEETFORM_SHARED_DATA/NAME` when that variable is set, else `../shared/data/NAME` found from
/// this file's path.
public enum SharedData {
    public static func folder(_ name: String) -> URL {
        if let shared = ProcessInfo.processInfo.environment["FLEETFORM_SHARED_DATA"], !shared.isEmpty {
            return URL(fileURLWithPath: shared).appendingPathComponent(name)
        }
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // FleetformTestSupport
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // package root
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data").appendingPathComponent(name)
    }
}
