import FleetformEngine
import Foundation
import Synchronization

/// An interval timer the test steps by hand: `wait` returns only when `tick` is called (or
/// throws when the waiting task is cancelled), so lock renewals happen exactly when the test
/// says, with no sleeping.
final class ManualTimer: IntervalTimer {
    private struct Waiter {
        var id: Int
        var continuation: CheckedContinuation<Void, any Error>
    }

    private let state = Mutex((next: 0, waiters: [Waiter](), cancelled: Set<Int>()))

    /// How many renewals are waiting for a tick.
    var waiting: Int { state.withLock { $0.waiters.count } }

    func wait(_ interval: Duration) async throws {
        let id = state.withLock { s -> Int in
            s.next += 1
            return s.next
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let cancelled = state.withLock { s -> Bool in
                    if s.cancelled.contains(id) { return true }
                    s.waiters.append(Waiter(id: id, continuation: continuation))
                    return false
                }
                if cancelled { continuation.resume(throwing: CancellationError()) }
            }
        } onCancel: {
            let waiter = state.withLock { s -> Waiter? in
                s.cancelled.insert(id)
                guard let index = s.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return s.waiters.remove(at: index)
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Lets every waiting renewal go ahead.
    func tick() {
        let ready = state.withLock { s -> [Waiter] in
            defer { s.waiters.removeAll() }
            return s.waiters
        }
        for waiter in ready { waiter.continuation.resume() }
    }
}

/// A wall clock the test moves by hand.
final class ManualClock: WallClock {
    private let instant: Mutex<Date>

    init(_ start: Date) { instant = Mutex(start) }

    func now() -> Date { instant.withLock { $0 } }
    func advance(by seconds: TimeInterval) { instant.withLock { $0 = $0.addingTimeInterval(seconds) } }
}
