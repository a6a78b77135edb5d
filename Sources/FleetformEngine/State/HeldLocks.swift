import Synchronization

/// The lock files this process holds, by lock id.
final class HeldLocks: Sendable {
    private let descriptors = Mutex<[String: Int32]>([:])

    func insert(_ id: String, descriptor: Int32) {
        descriptors.withLock { $0[id] = descriptor }
    }

    func remove(_ id: String) -> Int32? {
        descriptors.withLock { $0.removeValue(forKey: id) }
    }
}
