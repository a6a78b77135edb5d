/// Proof of holding a state lock; pass its `id` to `StateBackend.unlock` when done.
public struct LockHandle: Hashable, Sendable {
    /// The stack whose state is locked.
    public var stack: String
    /// The environment whose state is locked.
    public var environment: String
    /// The record stored with the lock.
    public var info: LockInfo
    /// The lock's id.
    public var id: String { info.id }

    /// A handle for the lock described by `info`.
    public init(stack: String, environment: String, info: LockInfo) {
        self.stack = stack
        self.environment = environment
        self.info = info
    }
}
