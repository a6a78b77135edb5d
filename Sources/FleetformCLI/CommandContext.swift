import FleetformDSL
import FleetformEngine
import FleetformOperations
import Foundation
import Synchronization

/// What `Fleetform.main(stacks:)` hands to the commands it runs: the stacks this executable
/// was built with. Commands read it through `CommandContext.current`.
final class CommandContext: Sendable {
    @TaskLocal static var current: CommandContext?

    let stacks: StackCatalog
    private let root = Mutex<String?>(nil)

    init(stacks: StackCatalog) {
        self.stacks = stacks
    }

    /// The stacks of the running executable (none outside `Fleetform.main`).
    static var stacks: StackCatalog { current?.stacks ?? StackCatalog([]) }

    /// The project for a command: the stacks, and the root `--root` names, else the stack
    /// package found from the working directory.
    static func project(root explicit: String?) -> Project {
        let cwd = Console.workingDirectory
        let root =
            explicit.map { URL(fileURLWithPath: $0, relativeTo: URL(fileURLWithPath: cwd)).standardizedFileURL.path }
            ?? Project.findRoot(from: cwd)
        current?.root.withLock { $0 = root }
        // Test hook: rollout pauses and polls step the clock instead of sleeping.
        let stepping = ProcessInfo.processInfo.environment["FLEETFORM_TEST_STEPPING_CLOCK"] == "1"
        return Project(
            stacks: stacks, root: root, workingDirectory: cwd,
            clock: stepping ? SteppingWallClock() : SystemWallClock())
    }

    /// The root of the last project a command opened (for rendering diagnostics).
    var lastRoot: String? { root.withLock { $0 } }
}
