import FleetformEngine
import FleetformModel
import FleetformOperations
import Foundation
import Synchronization

/// Collects what an operation says, for assertions.
final class OutputRecorder: OperationOutput, Sendable {
    private let storage = Mutex<
        (events: [ApplyEvent], messages: [String], warnings: [String], diagnostics: [Diagnostic])
    >(
        ([], [], [], []))

    func event(_ event: ApplyEvent) { storage.withLock { $0.events.append(event) } }
    func message(_ text: String, type: String) { storage.withLock { $0.messages.append(text) } }
    func warning(_ text: String) { storage.withLock { $0.warnings.append(text) } }
    func diagnostics(_ diagnostics: [Diagnostic]) { storage.withLock { $0.diagnostics += diagnostics } }

    var events: [ApplyEvent] { storage.withLock { $0.events } }
    var messages: [String] { storage.withLock { $0.messages } }
    var warnings: [String] { storage.withLock { $0.warnings } }
}

/// A review that shows nothing and approves everything, recording what it saw.
final class ApprovingReview: ApplyOperation.Review, Sendable {
    private let seen = Mutex<[FleetformModel.Plan]>([])

    func planned(_ plan: FleetformModel.Plan, saved: Bool, leftover: [ResourceState]) {
        seen.withLock { $0.append(plan) }
    }

    func confirm(_ plan: FleetformModel.Plan, saved: Bool) async throws {}

    var plans: [FleetformModel.Plan] { seen.withLock { $0 } }
}

/// A clock the test moves by hand.
final class SteppingClock: WallClock, Sendable {
    private let instant: Mutex<Date>

    init(_ start: Date) { instant = Mutex(start) }

    func now() -> Date { instant.withLock { $0 } }
    func advance(by seconds: TimeInterval) { instant.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// A scratch directory removed at the end of the test.
struct ScratchDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("ff-ops-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
