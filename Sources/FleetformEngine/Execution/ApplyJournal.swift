import FleetformModel

/// Where the executor records progress durably, one entry per event, so a crash loses at most
/// the operations in flight. The state backend implements it with an append-only journal that
/// it later compacts into the state file.
public protocol ApplyJournal: Sendable {
    /// Before a create call: the address and the idempotency token the call will carry.
    func recordIntent(_ request: ResourceRequest) async throws
    /// After a create or update: the resource as it now is.
    func recordResource(_ resource: ResourceState) async throws
    /// After a delete (of a resource or of a deposed object).
    func recordDeletion(_ address: ResourceAddress, id: String) async throws
    /// Before the create of a create-before-destroy replacement: the old object, which stays in
    /// the cloud until its delete is recorded, so a crash in between leaves it in state to delete.
    func recordDeposed(_ resource: ResourceState) async throws
    /// After each phase of a pool rollout, and when its status changes: the whole record.
    func recordRollout(_ record: RolloutRecord) async throws
}

/// The outcome of an apply: the resulting state and every error.
public struct ApplyOutcome: Sendable {
    /// The state after every finished operation.
    public var state: State
    /// Operations that failed, with their messages.
    public var failures: [(operation: ResourceOperation, message: String)]
    /// Operations not attempted.
    public var skipped: [ResourceOperation]
    /// Counts of finished operations by kind.
    public var completed: [ResourceOperation.Kind: Int]
    /// Whether the run was interrupted before it scheduled everything.
    public var interrupted: Bool
    /// Whether the run stopped scheduling after an error every call would hit.
    public var aborted: Bool

    /// Creates interrupted before the service answered; their intents stay in the journal.
    public var inDoubt: [ResourceRequest] = []

    /// Whether every operation finished.
    public var succeeded: Bool { failures.isEmpty && skipped.isEmpty && !interrupted && !aborted && inDoubt.isEmpty }
}
