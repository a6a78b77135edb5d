import FleetformEngine

/// A lock object this process holds: what it wrote, the ETag that proves it is still ours, the
/// task renewing it, and — once another run took it over — who holds it now.
struct HeldS3Lock: Sendable {
    var key: String
    var location: String
    var info: LockInfo
    var etag: String
    var renewal: Task<Void, Never>?
    /// Set when a renewal found the lock no longer ours: the new holder (nil when removed).
    var lost: LockInfo??
}
